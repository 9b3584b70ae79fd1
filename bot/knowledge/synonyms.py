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
    # folded words naming subjects the articles do not cover (other platforms, tools, ...)
    out_of_scope: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path) -> Synonyms:
        """Read ``[groups]`` (``concept = ["word", "phrase", ...]``) and ``[out_of_scope] words``."""
        if not path.exists():
            return cls(phrases={})
        try:
            with path.open("rb") as f:
                doc = tomllib.load(f)
        except tomllib.TOMLDecodeError as exc:
            raise KnowledgeError(path, f"not valid TOML: {exc}") from None
        groups = doc.get("groups", {})
        out_of_scope = doc.get("out_of_scope", {}).get("words", [])
        if not isinstance(out_of_scope, list) or not all(isinstance(w, str) for w in out_of_scope):
            raise KnowledgeError(path, "[out_of_scope] words must be a list of strings")
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
        return cls(phrases=phrases, out_of_scope=frozenset(w for ws in out_of_scope for w in words(ws)))

    def concepts(self, tokens: Iterable[str]) -> list[str]:
        """The concepts mentioned in a sequence of folded words, once per mention."""
        return [concept for concept, _, _ in self.spans(tokens)]

    def spans(self, tokens: Iterable[str]) -> list[tuple[str, int, int]]:
        """Each mention as ``(concept, start, end)``: the words ``tokens[start:end]`` name it."""
        seq = [light(t) for t in tokens]
        found: list[tuple[str, int, int]] = []
        i = 0
        while i < len(seq):
            step = 1
            for phrase, concept in self.phrases.get(seq[i], ()):
                if tuple(seq[i : i + len(phrase)]) == phrase:
                    found.append((concept, i, i + len(phrase)))
                    step = len(phrase)
                    break
            i += step
        return found
