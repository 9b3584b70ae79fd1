"""Entries as plain text, for the command line and anything without Block Kit."""

from __future__ import annotations

import textwrap
from functools import partial

from ..knowledge import Entry, KnowledgeBase, Lang
from ..messages import t
from .sources import by_article, byline, colon, numbered_label, step_articles

# Never break an entry id such as ``know-your-audience-before-message`` at its hyphens.
_wrap = partial(textwrap.wrap, break_on_hyphens=False)


def render_entry_text(entry: Entry, kb: KnowledgeBase, lang: Lang, *, width: int = 88) -> str:
    """An entry as readable text: kind and title, text, practice, then every citation, whole.

    A checklist names under each step the article it comes from; an English answer shows each
    quote's English rendering under the verbatim French, labelled as a translation.
    """
    c = entry.content(lang)
    lines = [f"{t('kind_' + entry.kind, lang)} · {c.title}"]
    if entry.kind == "case":
        lines[0] += f" ({entry.brand}, {entry.network})"
    lines += ["", *_wrap(c.body, width)]
    if c.why:
        lines += ["", *_wrap(_label("why", lang) + c.why, width)]
    if c.points:
        lines += ["", _label("key_points", lang).rstrip()]
        for point in c.points:
            lines += _wrap(f"- {point}", width, initial_indent="  ", subsequent_indent="    ")
    if c.steps:
        lines.append("")
        for i, step in enumerate(c.steps, 1):
            lines += _wrap(f"{i}. {step}", width, subsequent_indent="   ")
            for article in step_articles(entry, i):
                source = kb.sources[article]
                lines += _wrap(
                    f"↳ {t('source', lang)}{colon(lang)}{source.title} ({byline(source, lang)})",
                    width,
                    initial_indent="   ",
                    subsequent_indent="     ",
                )
    for key, value in (("outcome", c.outcome), ("lesson", c.lesson)):
        if value:
            lines += ["", *_wrap(_label(key, lang) + value, width)]
    lines += ["", *_wrap(_label("practice", lang) + c.practice, width)]
    others = [kb.entries[i] for i in entry.see_also if i in kb.entries]
    if others:
        listed = " ; " if lang == "fr" else "; "
        lines += [
            "",
            *_wrap(
                _label("read_next", lang) + listed.join(f"{o.title(lang)} ({o.id})" for o in others), width
            ),
        ]
    lines.append("")
    for article, citations in by_article(entry, set(kb.sources)).items():
        source = kb.sources[article]
        credit = byline(source, lang)
        lines += _wrap(
            f"{t('source', lang)}{colon(lang)}{source.title}{', ' + credit if credit else ''}", width
        )
        for citation in citations:
            label = numbered_label(entry, citation, lang)
            quote = f"« {citation.quote} »" + (f" ({label})" if label else "")
            lines += _wrap(quote, width, initial_indent="  ", subsequent_indent="  ")
            if lang == "en" and citation.quote_en:
                lines += _wrap(
                    f"{t('translation', lang)}: \u201c{citation.quote_en}\u201d",
                    width,
                    initial_indent="    ",
                    subsequent_indent="    ",
                )
    return "\n".join(lines)


def _label(key: str, lang: Lang) -> str:
    return t(key, lang) + colon(lang)
