"""The editors' insights as text (``socialtip insights``) and as a short Home tab section (Block Kit)."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from ..insights import EntryStats, Insights
from ..knowledge import KnowledgeBase, Lang
from ..messages import t
from .blocks import escape, shorten

HOME_QUESTIONS = 5
HOME_ENTRIES = 3
QUESTION_CHARS = 150


def _title(kb: KnowledgeBase, entry_id: str, lang: Lang) -> str:
    entry = kb.entries.get(entry_id)
    return entry.title(lang) if entry is not None else entry_id


def _votes(stats: EntryStats) -> str:
    return f"👍 {stats.up} · 👎 {stats.down}"


def insights_text(
    insights: Insights, kb: KnowledgeBase, lang: Lang, *, days: int, team_id: str | None
) -> str:
    """Everything, for a terminal: counts, every refused question, every entry, the most 👎."""
    where = t("insights_team", lang, team=team_id) if team_id else t("insights_all_teams", lang)
    colon = " :" if lang == "fr" else ":"
    lines = [
        t("insights_title", lang),
        t("insights_scope", lang, since=insights.since.date().isoformat(), days=days, where=where),
        t(
            "insights_counts",
            lang,
            questions=insights.questions,
            answered=insights.answered,
            refused=insights.refused,
        ),
        "",
        t("insights_unanswered", lang) + colon,
    ]
    for u in insights.unanswered:
        text = shorten(u.text, 200)
        lines.append(
            "  "
            + t(
                "insights_unanswered_line",
                lang,
                count=u.count,
                text=text,
                language=u.lang,
                last=u.last.date().isoformat(),
            )
        )
    if not insights.unanswered:
        lines.append("  " + t("insights_none", lang))
    lines += ["", t("insights_entries", lang) + colon]
    for e in insights.entries:
        lines.append(f"  {e.answered:>5}  {e.up:>4}  {e.down:>4}  {e.id}  ({_title(kb, e.id, lang)})")
    if not insights.entries:
        lines.append("  " + t("insights_none", lang))
    lines += ["", t("insights_rated_down", lang) + colon]
    for e in insights.rated_down[:10]:
        lines.append(f"  {_votes(e)}  {_title(kb, e.id, lang)} ({e.id})")
    if not insights.rated_down:
        lines.append("  " + t("insights_none", lang))
    return "\n".join(lines)


def insights_home_blocks(insights: Insights, kb: KnowledgeBase, lang: Lang) -> list[Block]:
    """A short Home tab section: counts, the top refused questions, the entries rated 👎 most."""
    md = lambda text: MarkdownTextObject(text=text, verbatim=True)  # noqa: E731
    counts = t(
        "insights_counts",
        lang,
        questions=insights.questions,
        answered=insights.answered,
        refused=insights.refused,
    )
    blocks: list[Block] = [
        DividerBlock(block_id="insights_divider"),
        HeaderBlock(block_id="insights_title", text=PlainTextObject(text=t("insights_title", lang))),
        SectionBlock(block_id="insights_counts", text=md(escape(counts))),
    ]
    questions = [
        "• "
        + escape(
            t(
                "insights_unanswered_line",
                lang,
                count=u.count,
                text=shorten(u.text, QUESTION_CHARS),
                language=u.lang,
                last=u.last.date().isoformat(),
            )
        )
        for u in insights.unanswered[:HOME_QUESTIONS]
    ] or ["• " + escape(t("insights_none", lang))]
    blocks.append(
        SectionBlock(
            block_id="insights_unanswered",
            text=md(f"*{escape(t('insights_unanswered', lang))}*\n" + "\n".join(questions)),
        )
    )
    down = [
        f"• {escape(shorten(_title(kb, e.id, lang), 150))} — {_votes(e)}"
        for e in insights.rated_down[:HOME_ENTRIES]
    ] or ["• " + escape(t("insights_none", lang))]
    blocks.append(
        SectionBlock(
            block_id="insights_down",
            text=md(f"*{escape(t('insights_rated_down', lang))}*\n" + "\n".join(down)),
        )
    )
    blocks.append(
        ContextBlock(block_id="insights_note", elements=[md(escape(t("insights_home_note", lang)))])
    )
    return blocks
