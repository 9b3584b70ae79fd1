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
    note: str = ""

    @property
    def byline(self) -> str:
        """Author and/or publisher, then date: ``Maëlle, Oxygen, agence RP, 2011-02-22``."""
        return ", ".join(part for part in (self.author, self.publisher, self.date) if part)


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
    """A verbatim passage of a source that supports an entry."""

    article: str
    quote: str


@dataclass(frozen=True, slots=True)
class Content:
    """An entry's text in one language.

    ``why`` is a tip's reason, ``steps`` a checklist's ordered steps, ``outcome`` and
    ``lesson`` what came of a case and what to learn from it.
    """

    title: str
    body: str
    practice: str
    why: str = ""
    steps: tuple[str, ...] = ()
    outcome: str = ""
    lesson: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One piece of advice (tip), ordered steps (checklist) or brand example (case)."""

    id: str
    kind: Kind
    topics: tuple[str, ...]
    fr: Content
    en: Content
    sources: tuple[Citation, ...]
    brand: str = ""
    network: str = ""
    keywords: tuple[str, ...] = field(default=())

    def content(self, lang: Lang) -> Content:
        return self.fr if lang == "fr" else self.en

    def title(self, lang: Lang) -> str:
        return self.content(lang).title

    def text(self, lang: Lang) -> str:
        """The entry's readable text in ``lang``: body, then steps or outcome and lesson."""
        c = self.content(lang)
        parts = [c.body]
        if c.why:
            parts.append(c.why)
        if c.steps:
            parts.append("\n".join(f"{i}. {step}" for i, step in enumerate(c.steps, 1)))
        if c.outcome:
            parts.append(c.outcome)
        if c.lesson:
            parts.append(c.lesson)
        return "\n\n".join(parts)
