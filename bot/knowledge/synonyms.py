"""Synonym groups: words and phrases of both languages that stand for one concept in search."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .loader import KnowledgeError
from .text import light, words


@dataclass(frozen=True, slots=True)
class Synonyms:
    """Finds the concepts a token sequence mentions, e.g. ``service client`` -> ``customer-service``."""

    # first light word -> [(phrase as light words, concept)], longest phrase first
    phrases: dict[str, list[tuple[tuple[str, ...], str]]]

    @classmethod
    def load(cls, path: Path) -> Synonyms:
        """Read ``[groups]`` from a TOML file (``concept = ["word", "phrase", ...]``)."""
        if not path.exists():
            return cls(phrases={})
        try:
            with path.open("rb") as f:
                groups = tomllib.load(f).get("groups", {})
        except tomllib.TOMLDecodeError as exc:
            raise KnowledgeError(path, f"not valid TOML: {exc}") from None
        phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for concept, members in groups.items():
            if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
                raise KnowledgeError(path, f"group '{concept}' must be a list of strings")
            for member in members:
                seq = tuple(light(w) for w in words(member))
                if seq:
                    phrases.setdefault(seq[0], []).append((seq, concept))
        for options in phrases.values():
            options.sort(key=lambda o: -len(o[0]))
        return cls(phrases=phrases)

    def concepts(self, tokens: Iterable[str]) -> list[str]:
        """The concepts mentioned in a sequence of folded words, once per mention."""
        seq = [light(t) for t in tokens]
        found: list[str] = []
        i = 0
        while i < len(seq):
            step = 1
            for phrase, concept in self.phrases.get(seq[i], ()):
                if tuple(seq[i : i + len(phrase)]) == phrase:
                    found.append(concept)
                    step = len(phrase)
                    break
            i += step
        return found
