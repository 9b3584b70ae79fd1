"""How an entry's sources read, shared by the text and Block Kit renderers: dates, bylines, quotes.

Quotes are always shown whole (they are single sentences of at most 400 characters, see
:mod:`bot.knowledge.quotes`); English readers get each quote's ``quote_en`` under the French.
"""

from __future__ import annotations

from ..knowledge import Entry, Lang, Source
from ..knowledge.models import Citation
from ..messages import t


def format_date(source: Source, lang: Lang) -> str:
    """``22 février 2011``, ``October 2010``, ``2013``; an estimate reads « vers 2013 » / "c. 2013"."""
    if not source.date:
        return ""
    parts = source.date.split("-")
    months = t("months", lang).split()
    if len(parts) == 1:
        text = parts[0]
    elif len(parts) == 2:
        text = f"{months[int(parts[1]) - 1]} {parts[0]}"
    else:
        text = f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
    return t("date_estimate", lang, date=text) if source.date_is_estimate else text


def byline(source: Source, lang: Lang) -> str:
    """Author and/or publisher, then the date spelled out: ``Cedric Deniaud, octobre 2010``."""
    return ", ".join(part for part in (source.credit, format_date(source, lang)) if part)


def by_article(entry: Entry, known: set[str] | None = None) -> dict[str, list[Citation]]:
    """The entry's citations grouped by article, in the order the articles are first cited."""
    grouped: dict[str, list[Citation]] = {}
    for citation in entry.sources:
        if known is None or citation.article in known:
            grouped.setdefault(citation.article, []).append(citation)
    return grouped


def numbered_label(entry: Entry, citation: Citation, lang: Lang) -> str:
    """``étape 2`` / ``step 2`` (checklists) or ``point 2`` (overviews) for a numbered citation, else ``""``."""
    if citation.step is None:
        return ""
    return t("step_n" if entry.kind == "checklist" else "point_n", lang, n=citation.step)


def step_articles(entry: Entry, step: int) -> list[str]:
    """The articles that the citations of checklist step ``step`` (1-based) come from, in order."""
    return list(dict.fromkeys(c.article for c in entry.citations_for(step)))


def colon(lang: Lang) -> str:
    """French puts a space before a colon."""
    return " : " if lang == "fr" else ": "
