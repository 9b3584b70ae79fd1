"""The learned ranker: two small linear models and a threshold, fitted on example questions.

- ``rank`` orders the candidate entries of a question: a weighted sum of their
  :data:`~bot.knowledge.features.RANK_FEATURES`, fitted by pairwise logistic regression (for each
  training question, every right entry should score above every wrong candidate).
- ``answer`` says whether the best candidate answers at all: logistic regression on the
  question's :data:`~bot.knowledge.features.ANSWER_FEATURES`, giving a probability; below
  ``threshold`` search refuses ("no good answer").

Features are standardised (mean 0, scale 1) before weighing, so weights are comparable. Fitting
needs numpy (Newton's method with L2 regularisation); scoring is plain Python. A model is saved as
JSON with the fingerprint of the knowledge files it was trained on (:func:`Ranker.save`,
:func:`Ranker.load`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .features import ANSWER_FEATURES, RANK_FEATURES


@dataclass(frozen=True)
class LinearModel:
    """``bias + sum(weight * (x - mean) / scale)`` over named features."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    bias: float = 0.0

    def score(self, row: Sequence[float]) -> float:
        offset, slopes = self._folded
        return offset + sum(w * x for w, x in zip(slopes, row, strict=True))

    @cached_property
    def _folded(self) -> tuple[float, tuple[float, ...]]:
        """The same model without standardisation: ``offset + sum(slope * x)`` (faster to score)."""
        slopes = tuple(w / s for w, s in zip(self.weights, self.scale, strict=True))
        return self.bias - sum(k * m for k, m in zip(slopes, self.mean, strict=True)), slopes

    def probability(self, row: Sequence[float]) -> float:
        z = self.score(row)
        return 1 / (1 + math.exp(-z)) if z > -500 else 0.0

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> LinearModel:
        return cls(
            names=tuple(raw["names"]),
            weights=tuple(raw["weights"]),
            mean=tuple(raw["mean"]),
            scale=tuple(raw["scale"]),
            bias=float(raw.get("bias", 0.0)),
        )


@dataclass(frozen=True, slots=True)
class Ranker:
    """The fitted models, the refusal threshold, and what they were trained on."""

    rank: LinearModel
    answer: LinearModel
    threshold: float
    fingerprint: str = ""
    trained_on: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def lexical_only(cls) -> Ranker:
        """An unfitted model: ranks by BM25F alone and never refuses (before any training)."""
        n, m = len(RANK_FEATURES), len(ANSWER_FEATURES)
        weights = tuple(1.0 if name == "lex" else 0.0 for name in RANK_FEATURES)
        return cls(
            rank=LinearModel(RANK_FEATURES, weights, (0.0,) * n, (1.0,) * n),
            answer=LinearModel(ANSWER_FEATURES, (0.0,) * m, (0.0,) * m, (1.0,) * m),
            threshold=0.0,
        )

    def save(self, path: Path) -> None:
        """Write the model as readable JSON."""
        path.write_text(json.dumps(asdict(self), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Ranker | None:
        """The model in ``path``, or None when it is missing, unreadable or for other features."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            ranker = cls(
                rank=LinearModel.from_dict(raw["rank"]),
                answer=LinearModel.from_dict(raw["answer"]),
                threshold=float(raw["threshold"]),
                fingerprint=str(raw.get("fingerprint", "")),
                trained_on=dict(raw.get("trained_on", {})),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if ranker.rank.names != RANK_FEATURES or ranker.answer.names != ANSWER_FEATURES:
            return None
        return ranker


def _standardise(x: Any) -> tuple[Any, Any, Any]:

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return (x - mean) / scale, mean, scale


def _newton(x: Any, y: Any, sample_weight: Any, l2: float, *, bias: bool) -> tuple[Any, float]:
    """Weighted L2-regularised logistic regression by Newton's method: (weights, bias)."""
    import numpy as np

    n, _d = x.shape
    xb = np.hstack([x, np.ones((n, 1))]) if bias else x
    w = np.zeros(xb.shape[1])
    reg = np.full(xb.shape[1], l2)
    if bias:
        reg[-1] = 0.0
    for _ in range(50):
        z = np.clip(xb @ w, -30, 30)
        p = 1 / (1 + np.exp(-z))
        grad = xb.T @ (sample_weight * (p - y)) + reg * w
        hess = (xb * (sample_weight * p * (1 - p))[:, None]).T @ xb + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return (w[:-1], float(w[-1])) if bias else (w, 0.0)


def fit_rank(
    groups: Sequence[tuple[Sequence[Sequence[float]], Sequence[int], float]], l2: float
) -> LinearModel:
    """Pairwise logistic regression. ``groups``: per question, its candidates' rows, how right each
    is (a grade: any candidate should score above every candidate of a lower grade), and the
    question's weight (spread over its pairs)."""
    import numpy as np

    rows = np.array([r for g in groups for r in g[0]], dtype=float)
    _, mean, scale = _standardise(rows)
    diffs, weights = [], []
    for cand_rows, grades, weight in groups:
        z = (np.asarray(cand_rows, dtype=float) - mean) / scale
        pairs = [(p, q) for p, gp in enumerate(grades) for q, gq in enumerate(grades) if gp > gq]
        if not pairs:
            continue
        for p, q in pairs:
            diffs.append(z[p] - z[q])
            weights.append(weight / len(pairs))
    x = np.array(diffs)
    # each difference both ways round, so the model has no reason to learn a bias
    x = np.vstack([x, -x])
    y = np.concatenate([np.ones(len(diffs)), np.zeros(len(diffs))])
    sw = np.concatenate([weights, weights])
    sw = sw * len(sw) / sw.sum()
    w, _ = _newton(x, y, sw, l2, bias=False)
    return LinearModel(RANK_FEATURES, tuple(map(float, w)), tuple(map(float, mean)), tuple(map(float, scale)))


def fit_answer(
    rows: Sequence[Sequence[float]], answerable: Sequence[bool], weights: Sequence[float], l2: float
) -> LinearModel:
    """Logistic regression: does the best candidate answer the question? Classes weigh the same."""
    import numpy as np

    x, mean, scale = _standardise(np.asarray(rows, dtype=float))
    y = np.asarray(answerable, dtype=float)
    sw = np.asarray(weights, dtype=float)
    for label in (0.0, 1.0):
        mask = y == label
        if mask.any():
            sw[mask] *= 0.5 * len(y) / sw[mask].sum()
    w, b = _newton(x, y, sw, l2, bias=True)
    return LinearModel(
        ANSWER_FEATURES, tuple(map(float, w)), tuple(map(float, mean)), tuple(map(float, scale)), bias=b
    )
