"""Typo tolerance: find known words one edit away from an unknown one (a deletion index)."""

from __future__ import annotations

from collections.abc import Iterable

MIN_LEN = 5


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class TypoIndex:
    """Known words by their one-letter deletions: ``twiter`` finds ``twitter``, ``abones`` ``abonnes``."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._words = {w for w in vocabulary if len(w) >= MIN_LEN}
        self._by_delete: dict[str, set[str]] = {}
        for word in self._words:
            for d in _deletes(word):
                self._by_delete.setdefault(d, set()).add(word)

    def corrections(self, word: str) -> list[str]:
        """Known words at one insertion, deletion, substitution or transposition from ``word``."""
        if len(word) < MIN_LEN or word in self._words:
            return []
        found: set[str] = set()
        found.update(self._by_delete.get(word, ()))  # ``word`` lacks a letter
        for d in _deletes(word):
            if d in self._words:  # ``word`` has an extra letter
                found.add(d)
            found.update(self._by_delete.get(d, ()))  # substitution or transposition
        # Deletion pairs also meet at distance 2 (paris / prise): keep true one-edit neighbours,
        # and only those with the same first letter, which a typo rarely hits.
        return sorted(w for w in found if w[0] == word[0] and one_edit_apart(w, word))


def one_edit_apart(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one insertion, deletion, substitution or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]
