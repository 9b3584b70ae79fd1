"""Bilingual search over the knowledge base: ranked entries for a free-text question, or none.

Three matchers look at a question: BM25F over the entries' own words (:mod:`.lexical`), its
closeness to each entry's example questions and to out-of-scope examples (:mod:`.qmatch`), and
what it asks for (steps, an example, an overview: :mod:`.features`). A learned linear ranker
(:mod:`.ranker`) weighs these signals to order the candidates, and a second model says whether the
best one answers the question at all: when it doesn't, the result is empty, so that callers can
say honestly that they have no good answer.

The model is fitted on the knowledge directory's example questions (:mod:`.training`) and stored
as ``ranker.json`` with a fingerprint of the files it learnt from; when they change, the index
fits a new one as it is built (``socialtip kb train`` stores it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property

from .examples import Example, entry_examples, out_of_scope_examples, training_examples
from .features import Signals
from .lang import detect_lang
from .lexical import EntryIndex
from .loader import DEFAULT_DIR, KnowledgeBase
from .models import LANGS, Entry, Lang
from .qmatch import NONE, QuestionIndex
from .ranker import Ranker
from .synonyms import Synonyms
from .text import is_content_word, strip_slack_markup, words

logger = logging.getLogger(__name__)

NEAR_TOPICS = 3
RECENT_QUERIES = 2048  # results kept for repeated questions, oldest dropped first (0: none)
MODEL_FILE = "ranker.json"


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked entry."""

    entry: Entry
    score: float


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The entries that answer ``query`` in ``lang``, best first (empty: no good answer)."""

    query: str
    lang: Lang
    hits: list[Hit] = field(default_factory=list)
    near: tuple[Hit, ...] = ()
    """When nothing answers: the closest entries all the same, to suggest their topics."""

    def near_topics(self, limit: int = NEAR_TOPICS) -> list[tuple[str, Entry]]:
        """When nothing answers, up to ``limit`` topics of the closest entries, each with its closest entry."""
        topics: dict[str, Entry] = {}
        for hit in self.near:
            for topic in hit.entry.topics:
                topics.setdefault(topic, hit.entry)
        return list(topics.items())[:limit]


class SearchIndex:
    """An in-memory index of a knowledge base and its ranker. Build once, query many times."""

    def __init__(
        self,
        kb: KnowledgeBase,
        synonyms: Synonyms | None = None,
        *,
        recent: int = RECENT_QUERIES,
        ranker: Ranker | None = None,
    ) -> None:
        self.kb = kb
        self.synonyms = synonyms or Synonyms.load(kb.root / "synonyms.toml")
        self.lexical = EntryIndex(kb, self.synonyms)
        self.entries = self.lexical.entries
        self._number = {entry.id: i for i, entry in enumerate(self.entries)}
        self.questions = self.question_index(self.examples)
        self.questions.known(self.lexical.vocabulary)
        self.ranker = ranker or self._ranker()
        self._recent: dict[tuple[str, Lang | None, int], SearchResult] = {}
        self._recent_size = recent

    @cached_property
    def examples(self) -> list[Example]:
        """The questions of the matcher (read again from the files after the index is unpickled)."""
        return self.matcher_examples(self.kb)

    def __getstate__(self) -> dict[str, object]:
        """What the index cache keeps: not the examples (re-read when needed) nor recent answers."""
        state = dict(self.__dict__)
        state.pop("examples", None)
        state["_recent"] = {}
        return state

    @staticmethod
    def matcher_examples(kb: KnowledgeBase) -> list[Example]:
        """What the question matcher compares questions with: every entry's titles (and brand) and
        example questions, the out-of-scope examples, and the labelled training questions."""
        titles = [
            Example(entry.title(lang), lang, frozenset({entry.id}), "title")
            for entry in kb.entries.values()
            for lang in LANGS
        ] + [Example(e.brand, "fr", frozenset({e.id}), "title") for e in kb.entries.values() if e.brand]
        return titles + entry_examples(kb) + out_of_scope_examples(kb) + training_examples(kb)

    def question_index(self, examples: list[Example]) -> QuestionIndex:
        """A question matcher over ``examples`` (a question with several right entries counts for each)."""
        pairs = [
            (tuple(self._number[e] for e in sorted(ex.entries)) or (NONE,), words(ex.text)) for ex in examples
        ]
        return QuestionIndex(pairs, self.synonyms)

    def _ranker(self) -> Ranker:
        from .training import fingerprint, fit_ranker

        stored = Ranker.load(self.kb.root / MODEL_FILE)
        if stored is not None and stored.fingerprint == fingerprint(self.kb.root):
            return stored
        if any(ex.origin == "entry" for ex in self.examples):
            logger.info("fitting the search ranker (the knowledge files changed since %s)", MODEL_FILE)
            return fit_ranker(self, threshold_from=stored)
        # a knowledge base without example questions: the default knowledge base's model, if any
        return stored or Ranker.load(DEFAULT_DIR / MODEL_FILE) or Ranker.lexical_only()

    def signals(self, query: str, questions: QuestionIndex | None = None) -> Signals:
        """What the matchers find for ``query`` (raw text, Slack markup and all); ``questions``
        replaces the example matcher (training scores each question without itself)."""
        questions = questions or self.questions
        vocabulary = questions.known(self.lexical.vocabulary)
        clean = strip_slack_markup(query)
        fixed = []
        for w in words(clean):
            if is_content_word(w) and w not in vocabulary and not w.isdigit():
                corrections = questions.typos(self.lexical.vocabulary).corrections(w)
                fixed.append(corrections[0] if corrections else w)
            else:
                fixed.append(w)
        return Signals(
            lexical=self.lexical.match(clean, vocabulary),
            questions=questions.match(fixed),
            spaced=f" {' '.join(fixed)} ",
            max_idf=self.lexical.max_idf,
        )

    def search(self, query: str, lang: Lang | None = None, limit: int = 3) -> SearchResult:
        """Rank entries for ``query``; answer in ``lang``, else the question's language, else French.

        Teams ask the same questions again and again: recent results are kept (the index never
        changes once built), so a repeated question costs a dictionary lookup.
        """
        key = (query, lang, limit)
        cached = self._recent.get(key)
        if cached is None:
            cached = self._search(query, lang, limit)
            if self._recent_size:
                if len(self._recent) >= self._recent_size:
                    self._recent.pop(next(iter(self._recent)))
                self._recent[key] = cached
        return SearchResult(cached.query, cached.lang, list(cached.hits), cached.near)

    def ranked(self, signals: Signals, ranker: Ranker | None = None) -> tuple[list[tuple[float, int]], float]:
        """Candidates as (score, entry number), best first, and the probability that the best answers
        (by ``ranker``, default the index's own)."""
        ranker = ranker or self.ranker
        candidates = signals.candidates()
        if not candidates:
            return [], 0.0
        rows = signals.rank_rows(self.entries, candidates)
        scores = [ranker.rank.score(row) for row in rows]
        order = sorted(range(len(candidates)), key=lambda i: (-scores[i], self.entries[candidates[i]].id))
        best = order[0]
        answer = signals.answer_row(candidates[best], scores, rows[best])
        return [(scores[i], candidates[i]) for i in order], ranker.answer.probability(answer)

    def _search(self, query: str, lang: Lang | None, limit: int) -> SearchResult:
        clean = strip_slack_markup(query)
        answer_lang: Lang = lang or detect_lang(clean) or "fr"
        if limit <= 0 or not any(is_content_word(w) for w in words(clean)):
            return SearchResult(query=query, lang=answer_lang)
        ranked, confidence = self.ranked(self.signals(query))
        if confidence < self.ranker.threshold:
            near = tuple(Hit(entry=self.entries[e], score=round(s, 3)) for s, e in ranked[:NEAR_TOPICS])
            return SearchResult(query=query, lang=answer_lang, near=near)
        hits = [Hit(entry=self.entries[e], score=round(s, 3)) for s, e in ranked[:limit]]
        return SearchResult(query=query, lang=answer_lang, hits=hits)
