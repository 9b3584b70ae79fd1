"""The editors' insights: figures from the questions and votes kept (pure), and their JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.insights import compute_insights, question_key

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@dataclass
class Q:
    lang: str
    text: str
    entry_id: str | None
    at: float


@dataclass
class V:
    entry_id: str
    vote: str
    at: float


def ago(days: float) -> float:
    return (NOW - timedelta(days=days)).timestamp()


def test_refused_questions_are_grouped_by_their_folded_text_most_asked_first() -> None:
    questions = [
        Q("fr", "Recette de la tarte Tatin ?", None, ago(3)),
        Q("fr", "recette de la TARTE tatin", None, ago(1)),
        Q("en", "What about TikTok?", None, ago(2)),
        Q("fr", "Comment gérer un bad buzz ?", "checklist-bad-buzz", ago(1)),
    ]
    insights = compute_insights(questions, [], NOW - timedelta(days=30))
    assert (insights.questions, insights.answered, insights.refused) == (4, 1, 3)
    first, second = insights.unanswered
    assert (first.text, first.lang, first.count) == ("recette de la TARTE tatin", "fr", 2)  # latest wording
    assert first.last == datetime.fromtimestamp(ago(1), UTC)
    assert (second.text, second.count) == ("What about TikTok?", 1)
    assert question_key("Recette de la tarte Tatin ?") == question_key("recette de la TARTE tatin")


def test_entries_count_answers_and_votes_in_the_window_only() -> None:
    questions = [
        Q("fr", "", "a", ago(1)),
        Q("fr", "", "a", ago(2)),
        Q("fr", "", "b", ago(1)),
        Q("fr", "", "a", ago(60)),
    ]
    votes = [
        V("a", "up", ago(1)),
        V("b", "down", ago(1)),
        V("b", "down", ago(2)),
        V("c", "down", ago(1)),
        V("a", "down", ago(90)),
    ]
    insights = compute_insights(questions, votes, NOW - timedelta(days=30))
    rows = [(e.id, e.answered, e.up, e.down) for e in insights.entries]
    assert rows == [("a", 2, 1, 0), ("b", 1, 0, 2), ("c", 0, 0, 1)]
    assert [e.id for e in insights.rated_down] == ["b", "c"]


def test_the_json_is_exactly_the_contract_and_empty_lists_when_nothing_was_kept() -> None:
    empty = compute_insights([], [], NOW - timedelta(days=90)).to_json()
    assert empty == {
        "since": "2026-08-25T09:00:00+00:00",
        "questions": 0,
        "answered": 0,
        "refused": 0,
        "unanswered": [],
        "entries": [],
    }
    full = compute_insights(
        [Q("en", "x?", None, ago(1))], [V("a", "up", ago(1))], NOW - timedelta(days=7)
    ).to_json()
    assert full["unanswered"] == [
        {"text": "x?", "lang": "en", "count": 1, "last": datetime.fromtimestamp(ago(1), UTC).isoformat()}
    ]
    assert full["entries"] == [{"id": "a", "answered": 0, "up": 1, "down": 0}]
