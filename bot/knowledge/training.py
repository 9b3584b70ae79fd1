"""Fit the ranker (:mod:`.ranker`) on the knowledge directory's questions, with cross-validation.

Training questions are the entries' example questions, the out-of-scope examples and the
labelled realistic questions of ``training/``. Each is scored the way a real question would be,
against a question matcher built *without* it (k-fold: the matcher of each fold leaves that fold's
questions out), so the model learns how far a new question's wording is from the examples.
The regularisation is chosen by a second cross-validation, on the realistic questions' hit@1.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .examples import Example
from .features import ANSWER_FEATURES, RANK_FEATURES, Signals
from .ranker import LinearModel, Ranker, fit_answer, fit_rank

if TYPE_CHECKING:
    from .search import SearchIndex

FOLDS = 5
L2_CHOICES = (0.3, 1.0, 3.0, 10.0, 30.0)
# A realistic question (written blind, like the ones users type) teaches more than an example
# question written from the entry: it weighs this much more in the fit.
REALISTIC_WEIGHT = 3.0
MIN_REFUSED = 0.9  # the refusal threshold refuses at least this share of unanswerable questions
# The code that computes the signals: a change to it makes a stored model stale.
_CODE = (
    "features.py",
    "fuzzy.py",
    "lexical.py",
    "qmatch.py",
    "ranker.py",
    "synonyms.py",
    "text.py",
    "training.py",
)
_CODE_DIR = Path(__file__).resolve().parent


def fingerprint(root: Path) -> str:
    """A hash of the knowledge files (all but the model itself) and of the code that scores."""
    digest = hashlib.sha256("|".join(RANK_FEATURES + ANSWER_FEATURES).encode())
    files = [p for p in sorted(root.glob("**/*")) if p.is_file() and p.suffix in (".toml", ".txt")]
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    for name in _CODE:
        digest.update((_CODE_DIR / name).read_bytes())
    return digest.hexdigest()[:24]


def fold_of(example: Example) -> int:
    """A stable fold number for a question (titles are never left out: fold -1)."""
    return -1 if example.origin == "title" else zlib.crc32(example.text.encode()) % FOLDS


@dataclass(slots=True)
class Scored:
    """One training question, scored by a matcher that had not seen it."""

    example: Example
    fold: int
    rows: list[list[float]]  # rank features of its candidates
    grades: list[int]  # each candidate's grade: 2 right, 1 right but only as an overview, 0 wrong
    signals: Signals
    candidates: list[int]

    @property
    def weight(self) -> float:
        return REALISTIC_WEIGHT if self.example.origin == "realistic" else 1.0

    @property
    def answerable(self) -> bool:
        return bool(self.example.entries)


def score_held_out(index: SearchIndex, *, origins: frozenset[str] | None = None) -> list[Scored]:
    """Every training question (of ``origins``, default all) with its candidates' features, each
    fold scored by a matcher without it."""
    scored = []
    # titles too: people type them, and they are always in the matcher
    questions = [ex for ex in index.examples if origins is None or ex.origin in origins]
    folds = sorted({fold_of(ex) for ex in questions})
    for fold in folds:
        # titles (fold -1) are always in the matcher, as they are when people type them
        matcher = (
            index.questions
            if fold < 0
            else index.question_index([ex for ex in index.examples if fold_of(ex) != fold])
        )
        for ex in questions:
            if fold_of(ex) != fold:
                continue
            signals = index.signals(ex.text, matcher)
            candidates = signals.candidates()
            rows = signals.rank_rows(index.entries, candidates)
            scored.append(Scored(ex, fold, rows, grades(index, ex, candidates), signals, candidates))
    return scored


def grades(index: SearchIndex, example: Example, candidates: Sequence[int]) -> list[int]:
    """How right each candidate is for ``example``. An article's overview cites most of its
    sentences, so it is right for many questions; when a specific entry is right too, the specific
    one is the better answer (grade 2) and the overview comes second (grade 1)."""
    specific = any(not index.kb.entries[e].overview for e in example.entries)
    out = []
    for c in candidates:
        entry = index.entries[c]
        if entry.id not in example.entries:
            out.append(0)
        else:
            out.append(1 if entry.overview and specific else 2)
    return out


def _fit_rank(items: Sequence[Scored], l2: float) -> LinearModel:
    return fit_rank([(s.rows, s.grades, s.weight) for s in items if s.rows], l2)


def _top_right(model: LinearModel, s: Scored) -> bool:
    if not s.rows:
        return False
    scores = [model.score(r) for r in s.rows]
    return s.grades[max(range(len(scores)), key=scores.__getitem__)] > 0


def _answer_rows(model: LinearModel, items: Sequence[Scored]) -> list[list[float]]:
    rows = []
    for s in items:
        if not s.rows:
            rows.append([0.0] * len(ANSWER_FEATURES))
            continue
        scores = [model.score(r) for r in s.rows]
        best = max(range(len(scores)), key=scores.__getitem__)
        rows.append(s.signals.answer_row(s.candidates[best], scores, s.rows[best]))
    return rows


def choose_threshold(answerable: Sequence[float], unanswerable: Sequence[float]) -> float:
    """The refusal threshold, from the probabilities of labelled answerable and unanswerable questions.

    First refuse at least MIN_REFUSED of the unanswerable ones, then refuse as few answerable ones
    as possible; among the thresholds that do equally well, take the middle of their range (in
    log-odds), so that new questions on either side of it have room.
    """
    if not answerable or not unanswerable:
        return 0.5
    points = sorted(set(answerable) | set(unanswerable))
    candidates = [
        points[0] / 2,
        *((a + b) / 2 for a, b in itertools.pairwise(points)),
        (1 + points[-1]) / 2,
    ]

    def cost(t: float) -> tuple[float, float]:
        refused = sum(p < t for p in unanswerable) / len(unanswerable)
        false = sum(p < t for p in answerable) / len(answerable)
        return (max(0.0, MIN_REFUSED - refused), false)

    best = min(cost(t) for t in candidates)
    tied = [t for t in candidates if cost(t) == best]
    logit = (math.log(tied[0] / (1 - tied[0])) + math.log(tied[-1] / (1 - tied[-1]))) / 2
    return 1 / (1 + math.exp(-logit))


def fit_ranker(index: SearchIndex, *, threshold_from: Ranker | None, dev: Sequence[Example] = ()) -> Ranker:
    """Fit both models on ``index``'s training questions; the threshold is chosen on ``dev`` (labelled
    questions) when given, else kept from ``threshold_from``, else chosen by cross-validation."""
    scored = score_held_out(index)
    realistic = [s for s in scored if s.example.origin == "realistic"] or scored
    # the regularisation: best held-out hit@1 on realistic questions, folds fitted without them
    best_l2, best_hits = L2_CHOICES[0], -1
    for l2 in L2_CHOICES:
        hits = 0
        for fold in range(FOLDS):
            model = _fit_rank([s for s in scored if s.fold != fold], l2)
            hits += sum(_top_right(model, s) for s in realistic if s.fold == fold and s.answerable)
        if hits > best_hits:
            best_l2, best_hits = l2, hits
    rank = _fit_rank(scored, best_l2)
    rows = _answer_rows(rank, scored)
    labels = [s.answerable for s in scored]
    weights = [s.weight for s in scored]
    answer = fit_answer(rows, labels, weights, 1.0)
    if dev:
        threshold = dev_threshold(index, rank, answer, dev)
    elif threshold_from is not None:
        threshold = threshold_from.threshold
    else:  # held-out probabilities of the realistic questions
        probs: dict[int, float] = {}
        for fold in range(FOLDS):
            train = [i for i, s in enumerate(scored) if s.fold != fold]
            model = fit_answer(
                [rows[i] for i in train], [labels[i] for i in train], [weights[i] for i in train], 1.0
            )
            for i, s in enumerate(scored):
                if s.fold == fold:
                    probs[i] = model.probability(rows[i])
        pool = [i for i, s in enumerate(scored) if s.example.origin == "realistic"] or list(probs)
        threshold = choose_threshold(
            [probs[i] for i in pool if labels[i]], [probs[i] for i in pool if not labels[i]]
        )
    return Ranker(
        rank=rank,
        answer=answer,
        threshold=threshold,
        fingerprint=fingerprint(index.kb.root),
        trained_on={
            "questions": len(scored),
            "realistic": sum(s.example.origin == "realistic" for s in scored),
            "out_of_scope": sum(s.example.origin == "out-of-scope" for s in scored),
            "l2": best_l2,
            "held_out_realistic_hit1": round(best_hits / max(1, sum(s.answerable for s in realistic)), 3),
        },
    )


def dev_threshold(
    index: SearchIndex, rank: LinearModel, answer: LinearModel, dev: Sequence[Example]
) -> float:
    """The threshold chosen on labelled ``dev`` questions (see :func:`choose_threshold`)."""
    model = Ranker(rank=rank, answer=answer, threshold=0.0)
    probs_yes, probs_no = [], []
    for ex in dev:
        _, p = index.ranked(index.signals(ex.text), model)
        (probs_yes if ex.entries else probs_no).append(p)
    return choose_threshold(probs_yes, probs_no)
