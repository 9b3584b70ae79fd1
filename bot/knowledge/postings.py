"""Postings lists (term -> [(document number, weight)]) in two flat arrays: quick to read, and
quick to save with the cached index (a pickled list of tuples takes ten times longer to load)."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence


class Postings:
    """Read-only ``term -> [(document, weight)]``, built once from ordinary lists."""

    __slots__ = ("_docs", "_spans", "_weights")

    def __init__(self, lists: Mapping[str, Sequence[tuple[int, float]]]) -> None:
        self._docs = array("i")
        self._weights = array("d")
        self._spans: dict[str, tuple[int, int]] = {}
        for term, pairs in lists.items():
            start = len(self._docs)
            self._docs.extend(doc for doc, _ in pairs)
            self._weights.extend(weight for _, weight in pairs)
            self._spans[term] = (start, len(self._docs))

    def __contains__(self, term: object) -> bool:
        return term in self._spans

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def get(self, term: str) -> Iterable[tuple[int, float]]:
        """The (document, weight) pairs of ``term`` (none when it is unknown)."""
        span = self._spans.get(term)
        if span is None:
            return ()
        start, end = span
        return zip(self._docs[start:end], self._weights[start:end], strict=True)

    def __getstate__(self) -> tuple[array, array, dict[str, tuple[int, int]]]:
        return self._docs, self._weights, self._spans

    def __setstate__(self, state: tuple[array, array, dict[str, tuple[int, int]]]) -> None:
        self._docs, self._weights, self._spans = state
