"""Read search question sets: blind realistic sets labelled with passages, or older sets with entry ids.

A question is a TOML table ``[[question]]`` with ``text`` and ``lang``, and either
``article`` + ``passages`` (verbatim sentences of that article; ``passages = []`` for a question the
articles do not answer) or ``expected`` (entry ids; ``[]`` when unanswerable).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge import KnowledgeBase
from bot.knowledge.passages import answering_entries


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    lang: str
    expected: frozenset[str]  # entries that are a right answer; empty: the KB cannot answer
    answerable: bool  # False: the question is off-topic (no passage); True even if no entry cites it
    source: str  # the file it comes from


def read_questions(kb: KnowledgeBase, *paths: Path) -> list[Question]:
    """Every question of ``paths``, with its right entries derived from ``kb``'s citations."""
    questions = []
    for path in paths:
        for q in tomllib.loads(path.read_text(encoding="utf-8"))["question"]:
            if "passages" in q:
                answerable = bool(q["passages"])
                expected = answering_entries(kb, q.get("article", ""), q["passages"]) if answerable else set()
            else:
                expected = set(q["expected"])
                answerable = bool(expected)
            questions.append(Question(q["text"], q["lang"], frozenset(expected), answerable, path.name))
    return questions
