"""The knowledge base's data types: sources, topics, entries and their citations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")
Kind = Literal["tip", "checklist", "case"]
KINDS: tuple[Kind, ...] = ("tip", "checklist", "case")


@dataclass(frozen=True, slots=True)
class Source:
    """One article the advice comes from, with its full cleaned text."""

    id: str
    title: str
    lang: Lang
    seed: str
    text: str
    author: str = ""
    publisher: str = ""
    date: str = ""
    """Publication date, ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    date_is_estimate: bool = False
    """True when the page gives no date and ``date`` is the earliest its content allows."""
    note: str = ""

    @property
    def credit(self) -> str:
        """Author and/or publisher: ``Maëlle, Oxygen, agence RP``."""
        return ", ".join(part for part in (self.author, self.publisher) if part)

    @property
    def byline(self) -> str:
        """Author and/or publisher, then date: ``Maëlle, Oxygen, agence RP, 2011-02-22``.

        An estimated date is marked ``c.`` (``c. 2013``); the renderers spell dates out per language.
        """
        date = f"c. {self.date}" if self.date and self.date_is_estimate else self.date
        return ", ".join(part for part in (self.credit, date) if part)


@dataclass(frozen=True, slots=True)
class Topic:
    """A subject entries are filed under, with its labels in both languages."""

    id: str
    fr: str
    en: str
    keywords: tuple[str, ...] = ()

    def label(self, lang: Lang) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True, slots=True)
class Citation:
    """A verbatim passage of a source that supports an entry.

    ``quote_en`` is a faithful English rendering of ``quote``. ``step`` (1-based) is the checklist
    step, or the overview point, that the passage supports; ``None`` for other entries.
    """

    article: str
    quote: str
    quote_en: str = ""
    step: int | None = None


@dataclass(frozen=True, slots=True)
class Content:
    """An entry's text in one language.

    ``why`` is a tip's reason, ``steps`` a checklist's ordered steps, ``outcome`` and
    ``lesson`` what came of a case and what to learn from it, ``points`` an overview's key points.
    """

    title: str
    body: str
    practice: str
    why: str = ""
    steps: tuple[str, ...] = ()
    outcome: str = ""
    lesson: str = ""
    points: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """One piece of advice (tip), ordered steps (checklist) or brand example (case).

    An overview (``overview``, kind ``tip``) gives one article's thesis and its key points.
    ``see_also`` names other entries to read next (for instance the other side of a disagreement).
    """

    id: str
    kind: Kind
    topics: tuple[str, ...]
    fr: Content
    en: Content
    sources: tuple[Citation, ...]
    brand: str = ""
    network: str = ""
    keywords: tuple[str, ...] = field(default=())
    see_also: tuple[str, ...] = ()
    overview: bool = False

    def content(self, lang: Lang) -> Content:
        return self.fr if lang == "fr" else self.en

    def title(self, lang: Lang) -> str:
        return self.content(lang).title

    def citations_for(self, step: int) -> tuple[Citation, ...]:
        """The citations that support checklist step (or overview point) ``step``, 1-based."""
        return tuple(c for c in self.sources if c.step == step)

    def text(self, lang: Lang) -> str:
        """The entry's readable text in ``lang``: body, then why, key points, steps or outcome and lesson."""
        c = self.content(lang)
        parts = [c.body]
        if c.why:
            parts.append(c.why)
        if c.points:
            parts.append("\n".join(f"- {point}" for point in c.points))
        if c.steps:
            parts.append("\n".join(f"{i}. {step}" for i, step in enumerate(c.steps, 1)))
        if c.outcome:
            parts.append(c.outcome)
        if c.lesson:
            parts.append(c.lesson)
        return "\n\n".join(parts)
