"""Entries as plain text, for the command line and anything without Block Kit."""

from __future__ import annotations

import textwrap

from ..knowledge import Entry, KnowledgeBase, Lang
from ..knowledge.models import Citation
from ..messages import t

QUOTE_PREVIEW = 280


def short_quote(quote: str, limit: int = QUOTE_PREVIEW) -> str:
    """The quote, cut at a word boundary with an ellipsis when longer than ``limit``."""
    if len(quote) <= limit:
        return quote
    return quote[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def render_entry_text(entry: Entry, kb: KnowledgeBase, lang: Lang, *, width: int = 88) -> str:
    """An entry as readable text: kind and title, text, practice, then every citation."""
    c = entry.content(lang)
    lines = [f"{t('kind_' + entry.kind, lang)} · {c.title}"]
    if entry.kind == "case":
        lines[0] += f" ({entry.brand}, {entry.network})"
    lines += ["", *textwrap.wrap(c.body, width)]
    if c.why:
        lines += ["", *textwrap.wrap(_label("why", lang) + c.why, width)]
    if c.steps:
        lines.append("")
        for i, step in enumerate(c.steps, 1):
            lines += textwrap.wrap(f"{i}. {step}", width, subsequent_indent="   ")
    for key, value in (("outcome", c.outcome), ("lesson", c.lesson)):
        if value:
            lines += ["", *textwrap.wrap(_label(key, lang) + value, width)]
    lines += ["", *textwrap.wrap(_label("practice", lang) + c.practice, width)]
    lines.append("")
    by_article: dict[str, list[Citation]] = {}
    for citation in entry.sources:
        by_article.setdefault(citation.article, []).append(citation)
    for article, citations in by_article.items():
        source = kb.sources[article]
        byline = f", {source.byline}" if source.byline else ""
        lines += textwrap.wrap(f"{t('source', lang)}{_colon(lang)}{source.title}{byline}", width)
        for citation in citations:
            lines += textwrap.wrap(
                f"« {short_quote(citation.quote)} »", width, initial_indent="  ", subsequent_indent="  "
            )
    return "\n".join(lines)


def _colon(lang: Lang) -> str:
    return " : " if lang == "fr" else ": "


def _label(key: str, lang: Lang) -> str:
    return t(key, lang) + _colon(lang)
