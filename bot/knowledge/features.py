"""The signals the ranker weighs, for one question and each candidate entry.

:class:`Signals` gathers what the matchers say about a question (:mod:`bot.knowledge.lexical`,
:mod:`bot.knowledge.qmatch`) and turns it into one row of numbers per candidate entry
(:data:`RANK_FEATURES`), and one row for the question as a whole, about its best candidate
(:data:`ANSWER_FEATURES`): the ranker orders candidates with the first, the refusal model decides
from the second whether the best one answers at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexical import LexicalMatch
from .models import Entry
from .qmatch import NONE, QuestionMatch
from .text import words

CANDIDATES = 8  # from each matcher, the best this many entries are candidates


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(phrase.strip() for phrase in text.split(",") if phrase.strip())


# What a question asks for, by phrases of folded words (comma-separated): steps, a brand example,
# an overview of an article.
_WANTS: dict[str, tuple[str, ...]] = {
    "checklist": _phrases(
        "checklist, check list, liste, etapes, etape, steps, step by step, procedure, process, "
        "processus, demarche, plan d action, action plan, to do, todo, marche a suivre, "
        "par ou commencer, par quoi commencer, par quoi on commence, where do we start, "
        "where to start, how do we start, prerequis, prerequisites, a verifier, to check, "
        "check before, what do we need, quoi prevoir, game plan"
    ),
    "case": _phrases(
        "exemple, exemples, example, examples, cas, case, case study, une marque qui, "
        "a brand that, a brand who, une boite qui, qui a fait, who did, c etait quoi, "
        "rappelez moi, remind me, remember, l histoire, story, reference, inspiration, "
        "deja fait, already done, qui l a fait, done it well"
    ),
    "overview": _phrases(
        "en general, in general, globalement, overall, overview, big picture, resume, summary, "
        "summarise, summarize, l essentiel, en bref, grandes lignes, key points, points cles, "
        "main points, main idea, idee principale, tldr, tl dr, pourquoi les marques, "
        "why do brands, why brands, why do most brands, the basics, les bases, fondamentaux, "
        "fundamentals, en gros, in a nutshell, ce qu il faut retenir"
    ),
}

RANK_FEATURES: tuple[str, ...] = (
    "lex",  # BM25F over the entry's fields, on the rarest word's scale
    "lex_cover",  # share of the question's weighted meaning found in the entry
    "lex_gap",  # lex minus the best lex among candidates (0 for the best)
    "q_best",  # cosine with the entry's closest example question
    "q_gap",  # q_best minus the best q_best among entries
    "grams",  # character n-gram cosine with the entry's examples
    "grams_gap",
    "words",  # cosine with the entry's word profile (all its examples together)
    "words_gap",
    "title",  # the question contains the entry's whole title
    "brand",  # the question names the entry's brand
    "want_match",  # the question asks for steps / an example / an overview, and this entry is one
    "is_checklist",
    "is_case",
    "is_overview",
)
ANSWER_FEATURES: tuple[str, ...] = (
    "score",  # the ranker's score of the best candidate
    "margin",  # its lead over the second
    "q_best",
    "grams",
    "lex",
    "lex_cover",
    "none_best",  # cosine with the closest out-of-scope example
    "none_grams",
    "none_words",
    "none_lead",  # none_best minus q_best: closer to what we don't answer than to the answer
    "unknown",  # share of the question's weight that no entry contains
    "out_of_scope",  # it names a subject listed as out of scope
    "named",  # the question contains the best candidate's whole title, or names its brand
    "unmatched",  # share of the question's meaningful words the best candidate's own words lack
)


_WANTS_RE = {
    kind: re.compile(" (?:" + "|".join(re.escape(p) for p in phrases) + ") ")
    for kind, phrases in _WANTS.items()
}


def wants(spaced: str) -> set[str]:
    """What the question asks for (``checklist``, ``case``, ``overview``), from ``" folded words "``."""
    return {kind for kind, pattern in _WANTS_RE.items() if pattern.search(spaced)}


@dataclass(slots=True)
class Signals:
    """Everything the matchers found for one question."""

    lexical: LexicalMatch
    questions: QuestionMatch
    spaced: str  # the question's folded words, " joined by spaces "
    max_idf: float

    def candidates(self) -> list[int]:
        """Entry numbers worth ranking: the best few of each matcher."""
        found: set[int] = set()
        for scores in (self.lexical.scores, self.questions.best, self.questions.grams, self.questions.words):
            ranked = sorted(scores, key=scores.__getitem__, reverse=True)[: CANDIDATES + 1]
            found.update([e for e in ranked if e != NONE][:CANDIDATES])
        return sorted(found)

    def rank_rows(self, entries: list[Entry], candidates: list[int]) -> list[list[float]]:
        """One row of :data:`RANK_FEATURES` per candidate."""
        lex = {e: self.lexical.scores.get(e, 0.0) / self.max_idf for e in candidates}
        q = self.questions
        best_lex = max(lex.values(), default=0.0)
        best_q = max((q.best.get(e, 0.0) for e in candidates), default=0.0)
        best_g = max((q.grams.get(e, 0.0) for e in candidates), default=0.0)
        best_w = max((q.words.get(e, 0.0) for e in candidates), default=0.0)
        asked = wants(self.spaced)
        total = self.lexical.total or 1.0
        rows = []
        for e in candidates:
            entry = entries[e]
            overview = bool(getattr(entry, "overview", False))
            kind = "overview" if overview else entry.kind
            brand = f" {' '.join(words(entry.brand))} " if entry.brand else ""
            rows.append(
                [
                    lex[e],
                    self.lexical.covered.get(e, 0.0) / total,
                    lex[e] - best_lex,
                    q.best.get(e, 0.0),
                    q.best.get(e, 0.0) - best_q,
                    q.grams.get(e, 0.0),
                    q.grams.get(e, 0.0) - best_g,
                    q.words.get(e, 0.0),
                    q.words.get(e, 0.0) - best_w,
                    float(e in self.lexical.titles),
                    float(bool(brand) and brand in self.spaced),
                    float(kind in asked),
                    float(entry.kind == "checklist"),
                    float(entry.kind == "case"),
                    float(overview),
                ]
            )
        return rows

    def answer_row(self, best: int, scores: list[float], row: list[float]) -> list[float]:
        """The :data:`ANSWER_FEATURES` of the question, its best candidate being ``best``."""
        ordered = sorted(scores, reverse=True)
        q = self.questions
        none_best = q.best.get(NONE, 0.0)
        return [
            ordered[0],
            ordered[0] - ordered[1] if len(ordered) > 1 else 1.0,
            q.best.get(best, 0.0),
            q.grams.get(best, 0.0),
            row[0],
            row[1],
            none_best,
            q.grams.get(NONE, 0.0),
            q.words.get(NONE, 0.0),
            none_best - q.best.get(best, 0.0),
            self.lexical.unknown_share,
            float(self.lexical.out_of_scope),
            max(row[RANK_FEATURES.index("title")], row[RANK_FEATURES.index("brand")]),
            self._unmatched(best),
        ]

    def _unmatched(self, best: int) -> float:
        """The share of the question's words (concepts aside) that ``best``'s own words lack."""
        words_at = set().union(
            *(u.positions for u in self.lexical.units if not any(t.startswith("~") for t in u.terms))
        )
        if not words_at:
            return 1.0
        return len(words_at - self.lexical.matched(best)) / len(words_at)
