"""Example questions: what people ask when an entry is the answer, and what the articles don't cover.

Three kinds of files, all optional, all in the knowledge directory:

``questions/*.toml``
    Example questions per entry (FAQ-style matching)::

        [forget-follower-count]
        fr = ["on plafonne à 300 abonnés depuis 2 ans, on fait quoi ?", ...]
        en = ["our handle is stuck at 300 followers, should we care?", ...]

``out_of_scope.toml``
    Questions the articles do not answer (other platforms, paid media, legal, office chatter,
    small talk), by category::

        [platforms]
        fr = ["comment booster nos Reels Instagram ?", ...]
        en = [...]

``training/*.toml``
    Realistic questions written blind, labelled with the article passages that answer them (see
    :mod:`bot.knowledge.passages`); they teach the ranker how to weigh its signals.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .loader import KnowledgeBase, KnowledgeError
from .models import LANGS, Lang
from .passages import answering_entries

MIN_EXAMPLES_PER_LANG = 12


@dataclass(frozen=True, slots=True)
class Example:
    """A question with its right entries (empty: the knowledge base has no answer)."""

    text: str
    lang: Lang
    entries: frozenset[str]
    origin: str  # "entry" (an entry's example), "out-of-scope", or a training file name


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(path, f"not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise KnowledgeError(path, f"not UTF-8: {exc}") from None


def _lang_lists(table: Any, path: Path, name: str) -> dict[Lang, list[str]]:
    if not isinstance(table, dict) or set(table) - set(LANGS):
        raise KnowledgeError(path, f"[{name}] must hold only 'fr' and 'en' lists of questions")
    lists: dict[Lang, list[str]] = {}
    for lang in LANGS:
        items = table.get(lang, [])
        if not isinstance(items, list) or not all(isinstance(q, str) and q.strip() for q in items):
            raise KnowledgeError(path, f"[{name}] {lang} must be a list of non-empty strings")
        lists[lang] = items
    return lists


def entry_examples(kb: KnowledgeBase) -> list[Example]:
    """Every entry's example questions (``questions/*.toml``); an unknown entry id is an error."""
    examples: list[Example] = []
    folder = kb.root / "questions"
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        for entry_id, table in _read(path).items():
            if entry_id not in kb.entries:
                raise KnowledgeError(path, f"example questions for unknown entry '{entry_id}'")
            for lang, items in _lang_lists(table, path, entry_id).items():
                examples += [Example(q, lang, frozenset({entry_id}), "entry") for q in items]
    return examples


def out_of_scope_examples(kb: KnowledgeBase) -> list[Example]:
    """The questions of ``out_of_scope.toml``: nothing in the knowledge base answers them."""
    path = kb.root / "out_of_scope.toml"
    if not path.exists():
        return []
    return [
        Example(q, lang, frozenset(), "out-of-scope")
        for category, table in _read(path).items()
        for lang, items in _lang_lists(table, path, category).items()
        for q in items
    ]


def training_examples(kb: KnowledgeBase) -> list[Example]:
    """The labelled questions of ``training/*.toml`` (see :func:`labelled_questions`)."""
    folder = kb.root / "training"
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    return [ex for path in files for ex in labelled_questions(kb, path)]


def labelled_questions(kb: KnowledgeBase, path: Path) -> list[Example]:
    """Realistic questions labelled with passages, their right entries derived from citations.

    An answerable question whose passage no entry cites is left out: it can teach nothing.
    """
    examples: list[Example] = []
    for q in _read(path).get("question", []):
        lang = q.get("lang")
        if lang not in LANGS or not isinstance(q.get("text"), str):
            raise KnowledgeError(path, f"question needs 'text' and 'lang' (fr or en): {q!r:.80}")
        passages = q.get("passages", [])
        entries = answering_entries(kb, q.get("article", ""), passages) if passages else set()
        if passages and not entries:
            continue
        examples.append(Example(q["text"], lang, frozenset(entries), "realistic"))
    return examples
