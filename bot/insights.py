"""What editors of the knowledge base need to see: the questions refused, and how each entry fares.

Pure: it takes the questions the store kept (each with the entry it got, or none when refused)
and the votes, and returns figures. ``socialtip insights`` prints them; the Home tab shows a
short version to workspace admins and editors. Nothing here knows about Slack or a backend.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from .knowledge.text import words


class QuestionLike(Protocol):
    """A question as the store keeps it: refused when ``entry_id`` is None (then ``text`` is kept)."""

    lang: str
    text: str
    entry_id: str | None
    at: float


class VoteLike(Protocol):
    """A person's 👍/👎 on an answer, as the store keeps it."""

    entry_id: str
    vote: str
    at: float


@dataclass(frozen=True, slots=True)
class Unanswered:
    """A refused question (grouped by its folded text): the latest wording, its count and last date."""

    text: str
    lang: str
    count: int
    last: datetime


@dataclass(frozen=True, slots=True)
class EntryStats:
    """How an entry fared: how often it was the answer, and its 👍/👎."""

    id: str
    answered: int = 0
    up: int = 0
    down: int = 0


@dataclass(frozen=True, slots=True)
class Insights:
    since: datetime
    questions: int
    answered: int
    refused: int
    unanswered: list[Unanswered] = field(default_factory=list)
    entries: list[EntryStats] = field(default_factory=list)

    @property
    def rated_down(self) -> list[EntryStats]:
        """The entries with a 👎, most 👎 first."""
        down = [e for e in self.entries if e.down]
        return sorted(down, key=lambda e: (-e.down, e.up, e.id))

    def to_json(self) -> dict[str, Any]:
        """The ``socialtip insights --json`` object (dates in ISO 8601, UTC)."""
        return {
            "since": self.since.isoformat(),
            "questions": self.questions,
            "answered": self.answered,
            "refused": self.refused,
            "unanswered": [
                {"text": u.text, "lang": u.lang, "count": u.count, "last": u.last.isoformat()}
                for u in self.unanswered
            ],
            "entries": [
                {"id": e.id, "answered": e.answered, "up": e.up, "down": e.down} for e in self.entries
            ],
        }


def question_key(text: str) -> str:
    """The folded form refused questions are grouped by: case, accents and punctuation ignored."""
    return " ".join(words(text))


def _utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def compute_insights(
    questions: Iterable[QuestionLike], votes: Iterable[VoteLike], since: datetime
) -> Insights:
    """Figures over the questions and votes from ``since`` on (older ones are ignored).

    Refused questions are grouped by :func:`question_key`; each group shows its latest wording
    and language. Lists are sorted by count, highest first.
    """
    start = since.timestamp()
    total = answered = refused = 0
    groups: dict[str, tuple[int, float, str, str]] = {}  # key -> (count, last, text, lang)
    per_entry: dict[str, list[int]] = {}  # id -> [answered, up, down]
    for q in questions:
        if q.at < start:
            continue
        total += 1
        if q.entry_id is None:
            refused += 1
            key = question_key(q.text) or q.text.strip()
            count, last, text, lang = groups.get(key, (0, float("-inf"), q.text, q.lang))
            if q.at >= last:
                last, text, lang = q.at, q.text, q.lang
            groups[key] = (count + 1, last, text, lang)
        else:
            answered += 1
            per_entry.setdefault(q.entry_id, [0, 0, 0])[0] += 1
    for v in votes:
        if v.at < start or v.vote not in ("up", "down"):
            continue
        per_entry.setdefault(v.entry_id, [0, 0, 0])[1 if v.vote == "up" else 2] += 1
    unanswered = [
        Unanswered(text=text.strip(), lang=lang, count=count, last=_utc(last))
        for count, last, text, lang in groups.values()
    ]
    unanswered.sort(key=lambda u: (-u.count, -u.last.timestamp(), u.text))
    entries = [EntryStats(eid, *counts) for eid, counts in per_entry.items()]
    entries.sort(key=lambda e: (-e.answered, -e.down, -e.up, e.id))
    return Insights(since, total, answered, refused, unanswered, entries)


class InsightsSource(Protocol):
    """What :func:`load_insights` reads: the store's questions and votes."""

    async def list_questions(self, team_id: str | None = None, *, since: float = 0.0) -> list[Any]: ...

    async def list_feedback(self, team_id: str | None = None) -> list[Any]: ...


async def load_insights(store: InsightsSource, *, team_id: str | None, since: datetime) -> Insights:
    """:func:`compute_insights` over what ``store`` kept, for one workspace or all (``team_id`` None)."""
    questions = await store.list_questions(team_id, since=since.timestamp())
    votes = await store.list_feedback(team_id)
    return compute_insights(questions, votes, since)
