"""Block Kit for socialtip's replies, built with ``slack_sdk.models.blocks`` within Slack's limits.

Every builder returns a :class:`Reply` (blocks plus the plain-text fallback Slack wants for
notifications). Text that comes from people is escaped (``&``, ``<``, ``>``) so nothing echoed
can become ``<!channel>`` or a mention. Action ids below are the contract with the Slack
listeners (``bot/slack/listeners/actions``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextActionsBlock,
    ContextBlock,
    DividerBlock,
    FeedbackButtonObject,
    FeedbackButtonsElement,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from ..knowledge import Entry, KnowledgeBase, Lang
from ..messages import t
from .sources import by_article, byline, colon, numbered_label, step_articles

# Slack's limits (https://docs.slack.dev/reference/block-kit/blocks).
MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_CONTEXT_TEXT = 3000
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_HEADER_TEXT = 150
MAX_FALLBACK_TEXT = 3000
MAX_HOME_BLOCKS = 100
MAX_STEPS = 30
MAX_CONTEXT_ELEMENTS = 10
ECHO_CHARS = 200

# Action ids, the contract with bot/slack/listeners/actions.
SHARE = "socialtip_share"
ANOTHER_TIP = "socialtip_another_tip"
OPEN_ENTRY = "socialtip_open"  # + "_<n>": one per related entry
FEEDBACK = "socialtip_feedback"  # Slack's 👍/👎 feedback_buttons, in the "feedback" context_actions block
FEEDBACK_UP = "socialtip_feedback_up"  # the hand-made 👍/👎 of answers posted before feedback_buttons
FEEDBACK_DOWN = "socialtip_feedback_down"
CHECK_STEP = "socialtip_check"  # + "_<step index>"
HOME_CHECKLIST = "socialtip_home_checklist"  # + "_<n>"

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
# Serialised once by slack_sdk; reused with this message's text (see entry_reply).
_META_TEMPLATE = ContextBlock(
    elements=[MarkdownTextObject(text="-", verbatim=True)], block_id="meta"
).to_dict()
_MD_TEMPLATE = _META_TEMPLATE["elements"][0]


@dataclass(frozen=True, slots=True)
class Reply:
    """A message: Block Kit blocks and the plain-text fallback shown in notifications."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    def as_message(self) -> dict[str, Any]:
        """``{"text": ..., "blocks": [...]}`` ready for chat.postMessage, respond() or ack()."""
        return {"text": self.text, "blocks": [b.to_dict() for b in self.blocks]}


@dataclass(frozen=True, slots=True)
class ActionValue:
    """What a button carries: the entry, the reply's language, the question asked (if any) and,
    on a feedback button, its vote (``up`` or ``down``)."""

    entry_id: str
    lang: Lang
    question: str = ""
    vote: str = ""

    def encode(self) -> str:
        """Compact JSON within Slack's 2,000-character limit (the question is shortened if needed)."""
        question = self.question
        extra = {"v": self.vote} if self.vote else {}
        while True:
            raw = json.dumps({"e": self.entry_id, "l": self.lang, "q": question, **extra}, ensure_ascii=False)
            if len(raw) <= MAX_BUTTON_VALUE:
                return raw
            question = question[: max(0, len(question) - (len(raw) - MAX_BUTTON_VALUE) - 8)]

    @classmethod
    def decode(cls, raw: str) -> ActionValue:
        """Parse a button value; raises ``ValueError`` when it is not one of ours."""
        data = json.loads(raw)
        lang = data.get("l") if data.get("l") in ("fr", "en") else "fr"
        if not isinstance(data.get("e"), str):
            raise ValueError("button value without an entry id")
        vote = data.get("v") if data.get("v") in ("up", "down") else ""
        return cls(entry_id=data["e"], lang=lang, question=str(data.get("q") or ""), vote=vote)


@dataclass(frozen=True, slots=True)
class HelpLine:
    """One sub-command in the help: how to type it, an example and what it does (already localised)."""

    usage: str
    example: str
    description: str


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` as Slack requires, so text cannot become a mention or a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a word boundary when possible, with an ellipsis."""
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def _escaped(text: str, limit: int) -> str:
    """Escape ``text`` and keep the result within ``limit`` characters (never cutting an entity)."""
    out = escape(text)
    while len(out) > limit:
        text = shorten(text, max(1, len(text) - (len(out) - limit) - 1))
        out = escape(text)
    return out


def _chunks(text: str, limit: int) -> list[str]:
    """Split escaped mrkdwn into pieces of at most ``limit`` characters, at paragraph or word breaks."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = rest.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
            amp = rest.rfind("&", cut - 5, cut)  # never split an entity such as &amp;
            if amp != -1 and ";" not in rest[amp:cut]:
                cut = amp
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _md(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text, verbatim=True)


def _section(text: str, block_id: str, accessory: Any = None) -> SectionBlock:
    return SectionBlock(text=_md(text), block_id=block_id, accessory=accessory)


def _button(label: str, action_id: str, value: str = "", style: str | None = None) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=shorten(label, MAX_BUTTON_TEXT), emoji=True),
        action_id=action_id,
        value=value or None,
        style=style,
    )


@lru_cache(maxsize=256)
def _button_template(label: str, action_id: str, style: str | None) -> dict[str, Any]:
    """A button serialised (and validated) once by slack_sdk; only its value changes per message."""
    return _button(label, action_id, "-", style).to_dict()


def _fast_button(label: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    """``_button`` for the hot path: the validated template with this message's value.

    Values come from :meth:`ActionValue.encode`, which keeps them within Slack's 2,000 characters.
    """
    return {**_button_template(label, action_id, style), "value": value}


@lru_cache(maxsize=4)
def _related_title(lang: Lang) -> PrebuiltBlock:
    return PrebuiltBlock(_section(f"*{escape(t('see_also', lang))}*", "related_title"))


def _actions(block_id: str, buttons: list[dict[str, Any]]) -> PrebuiltBlock:
    return PrebuiltBlock({"type": "actions", "block_id": block_id, "elements": buttons})


@lru_cache(maxsize=4)
def _feedback_template(lang: Lang) -> dict[str, Any]:
    """Slack's 👍/👎 ``feedback_buttons`` in a ``context_actions`` block, validated once by slack_sdk."""
    return ContextActionsBlock(
        block_id="feedback",
        elements=[
            FeedbackButtonsElement(
                action_id=FEEDBACK,
                positive_button=FeedbackButtonObject(
                    text=t("btn_up", lang), accessibility_label=t("feedback_up_label", lang), value="-"
                ),
                negative_button=FeedbackButtonObject(
                    text=t("btn_down", lang), accessibility_label=t("feedback_down_label", lang), value="-"
                ),
            )
        ],
    ).to_dict()


def feedback_block(entry_id: str, lang: Lang, question: str) -> PrebuiltBlock:
    """👍/👎 on an answer: each button's value is the entry, the language, the question and its vote."""
    template = _feedback_template(lang)
    element = template["elements"][0]
    up = ActionValue(entry_id, lang, question, vote="up").encode()
    down = ActionValue(entry_id, lang, question, vote="down").encode()
    buttons = {
        **element,
        "positive_button": {**element["positive_button"], "value": up},
        "negative_button": {**element["negative_button"], "value": down},
    }
    return PrebuiltBlock({**template, "elements": [buttons]})


def _user(user_id: str) -> str:
    """A mention of the person who shared, or a neutral word if the id is not a Slack user id."""
    return f"<@{user_id}>" if _USER_ID.match(user_id) else "?"


def _kind_label(entry: Entry, lang: Lang) -> str:
    return t(f"kind_{entry.kind}", lang)


def _source_blocks(entry: Entry, kb: KnowledgeBase, lang: Lang, block_id: str = "sources") -> list[Block]:
    """Every cited article (title, byline and date), each with all its quotes, whole.

    An English reply shows each quote's English rendering under the verbatim French, labelled as
    a translation; a checklist's quotes say which step they support. Quotes are never cut: an
    article's lines are packed into context elements of at most 3,000 characters, ten elements
    to a context block (Slack's limits).
    """
    elements: list[str] = []
    for article, citations in by_article(entry, set(kb.sources)).items():
        source = kb.sources[article]
        credit = byline(source, lang)
        lines = [
            f"{t('source', lang)}{colon(lang)}_{escape(source.title)}_"
            + (f" — {escape(credit)}" if credit else "")
        ]
        for citation in citations:
            label = numbered_label(entry, citation, lang)
            line = f"> « {escape(citation.quote)} »" + (f" _({escape(label)})_" if label else "")
            if lang == "en" and citation.quote_en:
                line += f"\n> _{escape(t('translation', lang))}:_ \u201c{escape(citation.quote_en)}\u201d"
            lines.append(line)
        element = lines[0]
        for line in lines[1:]:
            if len(element) + 1 + len(line) > MAX_CONTEXT_TEXT:
                elements.append(element)
                element = line
            else:
                element += "\n" + line
        elements.append(element)
    blocks: list[Block] = []
    for n in range(0, len(elements), MAX_CONTEXT_ELEMENTS):
        suffix = f"_{n // MAX_CONTEXT_ELEMENTS + 1}" if n else ""
        chunk = elements[n : n + MAX_CONTEXT_ELEMENTS]
        blocks.append(ContextBlock(elements=[_md(e) for e in chunk], block_id=block_id + suffix))
    return blocks


def _entry_body(entry: Entry, lang: Lang, *, with_steps: bool) -> list[tuple[str, str]]:
    """``(label, text)`` parts of an entry, in reading order (label empty for the body)."""
    c = entry.content(lang)
    parts: list[tuple[str, str]] = [("", c.body)]
    if c.why:
        parts.append((t("why", lang), c.why))
    if c.points:
        parts.append((t("key_points", lang), "\n".join(f"• {point}" for point in c.points)))
    if c.steps and with_steps:
        parts.append((t("steps", lang), "\n".join(f"{i}. {s}" for i, s in enumerate(c.steps, 1))))
    if c.outcome:
        parts.append((t("outcome", lang), c.outcome))
    if c.lesson:
        parts.append((t("lesson", lang), c.lesson))
    return parts


def entry_reply(
    entry: Entry,
    kb: KnowledgeBase,
    lang: Lang,
    *,
    question: str = "",
    related: Sequence[Entry] = (),
    ticked: Iterable[int] = (),
    ephemeral: bool = True,
    shared_by: str | None = None,
    intro: str = "",
) -> Reply:
    """An entry as a message: title, text, what to try, its source, then buttons.

    Args:
        entry: the tip, checklist or case to show.
        kb: the knowledge base (for source titles and bylines).
        lang: the reply's language.
        question: the question this answers (echoed, escaped; carried by the feedback buttons).
        related: up to two other entries offered as buttons.
        ticked: indexes of the checklist steps ticked in this channel.
        ephemeral: an ephemeral reply offers "Share in channel"; a public one does not.
        shared_by: the Slack user id of the person who shared it publicly.
        intro: an optional first line (escaped), e.g. how to ask the bot.
    """
    c = entry.content(lang)
    value = ActionValue(entry.id, lang, question).encode()
    header, content = _static_blocks(kb, entry, lang, frozenset(ticked))
    blocks: list[Block] = []
    if intro:
        blocks.append(_section(_escaped(intro, MAX_SECTION_TEXT), "intro"))
    blocks.append(header)
    context = [_kind_label(entry, lang)]
    if shared_by:
        context.append(t("shared_by", lang, user=_user(shared_by)))
    if question:
        context.append(t("your_question", lang, question=_escaped(question, ECHO_CHARS)))
    meta = " · ".join(context)  # within limits: labels plus an echo of at most ECHO_CHARS
    blocks.append(PrebuiltBlock({**_META_TEMPLATE, "elements": [{**_MD_TEMPLATE, "text": meta}]}))
    blocks.extend(content)
    if related:
        blocks.append(_related_title(lang))
        related_buttons = [
            _fast_button(
                other.title(lang), f"{OPEN_ENTRY}_{i}", ActionValue(other.id, lang, question).encode()
            )
            for i, other in enumerate(related[:2], 1)
        ]
        blocks.append(_actions("related", related_buttons))
    buttons = []
    if ephemeral:
        buttons.append(_fast_button(t("btn_share", lang), SHARE, value, style="primary"))
    if entry.kind == "tip":
        buttons.append(_fast_button(t("btn_another_tip", lang), ANOTHER_TIP, value))
    if buttons:
        blocks.append(_actions("buttons", buttons))
    blocks.append(feedback_block(entry.id, lang, question))
    fallback = (
        f"{_kind_label(entry, lang)} : {c.title}"
        if lang == "fr"
        else f"{_kind_label(entry, lang)}: {c.title}"
    )
    fallback = f"{fallback}\n{c.practice}"
    return Reply(text=_escaped(fallback, MAX_FALLBACK_TEXT), blocks=_fit(blocks))


class PrebuiltBlock(Block):
    """A block built with ``slack_sdk.models`` and serialised (validated) once, then reused as is.

    An entry's title, text, steps and sources do not depend on the question: serialising them
    once per entry and language keeps slack_sdk's validation off the hot path of every answer.
    """

    def __init__(self, block: Block | dict[str, Any]) -> None:
        data = block if isinstance(block, dict) else block.to_dict()
        super().__init__(type=data["type"], block_id=data.get("block_id"))
        self._data = data

    def to_dict(self) -> dict[str, Any]:  # type: ignore[override]
        return self._data


_STATIC_CACHE: dict[tuple[int, Entry, str, frozenset[int]], tuple[PrebuiltBlock, list[Block]]] = {}
_STATIC_CACHE_SIZE = 1024


def _static_blocks(
    kb: KnowledgeBase, entry: Entry, lang: Lang, ticked: frozenset[int]
) -> tuple[PrebuiltBlock, list[Block]]:
    """An entry's header, and its text, steps, practice and sources, serialised once and cached."""
    key = (id(kb.sources), entry, lang, ticked)
    cached = _STATIC_CACHE.get(key)
    if cached is not None:
        return cached
    c = entry.content(lang)
    header = PrebuiltBlock(
        HeaderBlock(text=PlainTextObject(text=shorten(c.title, MAX_HEADER_TEXT)), block_id="title")
    )
    content: list[Block] = []
    is_checklist = entry.kind == "checklist" and bool(c.steps)
    n = 0
    for label, text in _entry_body(entry, lang, with_steps=not is_checklist):
        heading = f"*{escape(label)}*\n" if label else ""
        for piece in _chunks(escape(text), MAX_SECTION_TEXT - len(heading)):
            content.append(_section(heading + piece, f"text_{n}"))
            heading = ""
            n += 1
    if is_checklist:
        content.extend(checklist_steps(entry, lang, set(ticked), kb=kb))
    content.append(_section(f"*{escape(t('practice', lang))}*\n" + _escaped(c.practice, 2900), "practice"))
    others = [kb.entries[i].title(lang) for i in entry.see_also if i in kb.entries]
    if others:
        listed = " · ".join(f"_{_escaped(title, 300)}_" for title in others[:5])
        content.append(
            ContextBlock(
                elements=[_md(f"*{escape(t('read_next', lang))}*{colon(lang)}{listed}")], block_id="read_next"
            )
        )
    content.extend(_source_blocks(entry, kb, lang))
    if len(_STATIC_CACHE) >= _STATIC_CACHE_SIZE:
        _STATIC_CACHE.clear()
    _STATIC_CACHE[key] = (header, [PrebuiltBlock(b) for b in content])
    return _STATIC_CACHE[key]


def checklist_steps(
    entry: Entry, lang: Lang, ticked: set[int], *, kb: KnowledgeBase | None = None
) -> list[Block]:
    """One section per step, each with a "done" checkbox; ``ticked`` steps start checked.

    With ``kb``, each step names under it the article (title and date) it comes from.
    The block id carries the checklist, the step, its state and the language
    (``cl|<id>|<step>|<0/1>|<lang>``), so a click says what to update and an update with a new
    state is redrawn by every Slack client.
    """
    steps = entry.content(lang).steps[:MAX_STEPS]
    done = sum(1 for i in range(len(steps)) if i in ticked)
    blocks: list[Block] = [
        _section(
            f"*{escape(t('steps', lang))}* — {escape(t('checklist_progress', lang, done=done, total=len(steps)))}",
            "steps_title",
        )
    ]
    for i, step in enumerate(steps):
        option = Option(text=_md(escape(t("step_done", lang))), value=str(i))
        box = CheckboxesElement(
            action_id=f"{CHECK_STEP}_{i}",
            options=[option],
            initial_options=[option] if i in ticked else None,
        )
        mark = "~" if i in ticked else ""
        text = f"{i + 1}. {mark}{_escaped(step, MAX_SECTION_TEXT - 600)}{mark}"
        if kb is not None:
            for article in step_articles(entry, i + 1)[:3]:
                source = kb.sources.get(article)
                if source is not None:
                    where = f"{source.title} ({byline(source, lang)})"
                    text += f"\n_↳ {_escaped(where, 180)}_"
        blocks.append(_section(text, f"cl|{entry.id}|{i}|{int(i in ticked)}|{lang}", accessory=box))
    blocks.append(ContextBlock(elements=[_md(escape(t("checklist_shared", lang)))], block_id="steps_note"))
    return blocks


def _fit(blocks: list[Block], limit: int = MAX_BLOCKS) -> list[Block]:
    """Keep at most ``limit`` blocks, dropping body text before the buttons and sources."""
    while len(blocks) > limit:
        for i in range(len(blocks) - 1, -1, -1):
            if (blocks[i].block_id or "").startswith("text_"):
                del blocks[i]
                break
        else:
            del blocks[limit - 1 : -1]
    return blocks


def text_reply(text: str, *, title: str = "", lines: Sequence[str] = ()) -> Reply:
    """A plain message: an optional bold title, a paragraph (escaped) and bullet lines (escaped)."""
    blocks: list[Block] = []
    body = (f"*{escape(title)}*\n" if title else "") + escape(text)
    if lines:
        body += "\n" + "\n".join(f"• {escape(line)}" for line in lines)
    for i, piece in enumerate(_chunks(body, MAX_SECTION_TEXT)[: MAX_BLOCKS - 1]):
        blocks.append(_section(piece, f"text_{i}"))
    fallback = "\n".join(part for part in (title, text, *lines) if part)
    return Reply(text=_escaped(fallback, MAX_FALLBACK_TEXT), blocks=blocks)


def help_reply(lines: Sequence[HelpLine], lang: Lang) -> Reply:
    """Every sub-command with an example."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=t("help_title", lang)), block_id="title"),
        _section(escape(t("help_intro", lang)), "intro"),
    ]
    for i, line in enumerate(lines[: MAX_BLOCKS - 3]):
        example = t("help_example", lang, example=f"`{escape(line.example)}`")
        blocks.append(
            _section(f"`{escape(line.usage)}`\n{escape(line.description)}\n_{example}_", f"cmd_{i}")
        )
    blocks.append(ContextBlock(elements=[_md(escape(t("how_to_ask", lang)))], block_id="how"))
    fallback = t("help_title", lang) + "\n" + "\n".join(line.usage for line in lines)
    return Reply(text=_escaped(fallback, MAX_FALLBACK_TEXT), blocks=blocks)


def no_answer_reply(
    question: str, kb: KnowledgeBase, lang: Lang, near: Sequence[tuple[str, Entry]] = ()
) -> Reply:
    """An honest "I don't know". With ``near`` (topic id, the closest entry of that topic), the
    closest topics are offered as buttons that open that entry; without, the topics are listed."""
    if near:
        reply = text_reply(t("no_answer", lang) + "\n" + t("near_topics", lang))
        buttons = [
            _fast_button(
                kb.topics[topic].label(lang),
                f"{OPEN_ENTRY}_{i}",
                ActionValue(entry.id, lang, question).encode(),
            )
            for i, (topic, entry) in enumerate(near[:3], 1)
            if topic in kb.topics
        ]
        topic_blocks: list[Block] = [_actions("near_topics", buttons)] if buttons else []
    else:
        topics = ", ".join(topic.label(lang) for topic in kb.topics.values())
        reply = text_reply(t("no_answer", lang) + "\n" + t("suggest_topics", lang, topics=topics))
        topic_blocks = []
    blocks = [
        *reply.blocks,
        *topic_blocks,
        ContextBlock(
            elements=[_md(t("your_question", lang, question=_escaped(question, ECHO_CHARS)))], block_id="meta"
        ),
    ]
    return Reply(text=reply.text, blocks=blocks)


def small_talk_reply(kind: str, lang: Lang) -> Reply:
    """A friendly word for a greeting or thanks, and how to ask (never "no good answer")."""
    return text_reply(t("small_talk_" + kind, lang) + " " + t("how_to_ask", lang))


def topics_reply(kb: KnowledgeBase, lang: Lang) -> Reply:
    """The topics, each with how many entries it holds."""
    counts = {tid: 0 for tid in kb.topics}
    for entry in kb.entries.values():
        for tid in entry.topics:
            if tid in counts:
                counts[tid] += 1
    lines = [f"{topic.label(lang)} ({counts[tid]})" for tid, topic in kb.topics.items()]
    return text_reply(t("topics_hint", lang), title=t("topics_list", lang), lines=lines)


def home_view(kb: KnowledgeBase, lang: Lang, weekly: Entry | None, help_lines: Sequence[HelpLine]) -> View:
    """The App Home tab: this week's practice, the checklists, how to use the app."""
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=t("home_title", lang)), block_id="title")]
    if weekly is not None:
        c = weekly.content(lang)
        blocks.append(_section(f"*{escape(t('home_week', lang))}*", "week_title"))
        blocks.append(_section(f"*{_escaped(c.title, 300)}*\n{_escaped(c.practice, 2500)}", "week"))
        blocks.extend(_source_blocks(weekly, kb, lang, block_id="week_source"))
    blocks.append(DividerBlock())
    checklists = sorted(kb.of_kind("checklist"), key=lambda e: e.title(lang))
    blocks.append(_section(f"*{escape(t('checklists_list', lang))}*", "checklists_title"))
    for i, entry in enumerate(checklists[:40]):
        c = entry.content(lang)
        blocks.append(
            _section(
                f"*{_escaped(c.title, 300)}*\n{_escaped(shorten(c.body, 280), 600)}",
                f"checklist_{i}",
                accessory=_button(t("btn_open_checklist", lang), f"{HOME_CHECKLIST}_{i}", entry.id),
            )
        )
    blocks.append(DividerBlock())
    blocks.append(_section(f"*{escape(t('home_how', lang))}*", "how_title"))
    how = "\n".join(f"• `{escape(line.example)}` — {escape(line.description)}" for line in help_lines)
    for i, piece in enumerate(_chunks(how, MAX_SECTION_TEXT)):
        blocks.append(_section(piece, f"how_{i}"))
    blocks.append(ContextBlock(elements=[_md(escape(t("how_to_ask", lang)))], block_id="how_mention"))
    return View(type="home", blocks=blocks[:MAX_HOME_BLOCKS])


def limit_problems(message: dict[str, Any], *, max_blocks: int = MAX_BLOCKS) -> list[str]:
    """Every way ``message`` (a dict with ``blocks``) breaks Slack's Block Kit limits (empty: valid)."""
    problems: list[str] = []
    blocks = message.get("blocks") or []
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks (max {max_blocks})")
    block_ids = [b.get("block_id") for b in blocks if b.get("block_id")]
    if len(block_ids) != len(set(block_ids)):
        problems.append("duplicate block_id")
    for b in blocks:
        text = (b.get("text") or {}).get("text", "")
        if b["type"] == "section" and len(text) > MAX_SECTION_TEXT:
            problems.append(f"section {b.get('block_id')}: {len(text)} characters")
        elements = list(b.get("elements") or [])
        if b.get("accessory"):
            elements.append(b["accessory"])
        action_ids = [e.get("action_id") for e in elements if e.get("action_id")]
        if len(action_ids) != len(set(action_ids)):
            problems.append(f"block {b.get('block_id')}: duplicate action_id")
        for e in elements:
            if e.get("type") == "feedback_buttons":
                for button in (e.get("positive_button") or {}, e.get("negative_button") or {}):
                    if len(button.get("value") or "") > MAX_BUTTON_VALUE:
                        problems.append("feedback button value over 2000 characters")
            if e.get("type") == "button":
                if len(e["text"]["text"]) > MAX_BUTTON_TEXT:
                    problems.append(f"button label of {len(e['text']['text'])} characters")
                if len(e.get("value") or "") > MAX_BUTTON_VALUE:
                    problems.append("button value over 2000 characters")
            if b["type"] == "context" and len(e.get("text", "")) > MAX_CONTEXT_TEXT:
                problems.append("context element over 3000 characters")
    if not message.get("text"):
        problems.append("no plain-text fallback")
    return problems
