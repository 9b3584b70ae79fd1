"""Question-to-question matching, as FAQ bots do: a question is compared with example questions.

Two views of each question, both TF-IDF vectors compared by cosine similarity:

- **words**: the stems of its meaningful words (French and English stems both, so that the
  language of a word does not matter) and the concepts of ``synonyms.toml``; compared with each
  example question one by one (the best and the best three per entry);
- **character n-grams** (4 letters inside each word, spaces at its ends): compared with each entry's profile,
  all its example questions together, so that typos, inflections and franglais still match.

Out-of-scope examples form one more profile (entry number ``-1``): how close a question is to
what the knowledge base does *not* answer.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .fuzzy import TypoIndex
from .models import LANGS
from .postings import Postings
from .synonyms import Synonyms
from .text import is_content_word, is_question_word, stem

NONE = -1  # the "out of scope" pseudo-entry
# A term in more than this share of the example questions ("twitter", "brand") tells them apart no
# better than a stop word does: it is left out of the word view (the other matchers still see it).
MAX_DF_SHARE = 0.08
# Each term keeps the examples where it weighs most, at most this many: an example whose closeness
# rests on a frequent term it barely weighs in is not the closest anyway.
MAX_POSTINGS = 64
# Likewise a character n-gram found in the examples of more than this share of the entries.
MAX_GRAM_DF_SHARE = 0.3
MAX_WORD_DF_SHARE = 0.5
NGRAMS = (4,)


def word_bag(tokens: Sequence[str], synonyms: Synonyms) -> Counter[str]:
    """Stems and ``~concepts`` of folded tokens. A word's stem is the shorter of its French and
    English stems, so that a word stems alike whatever the language around it."""
    bag: Counter[str] = Counter()
    for w in tokens:
        if is_question_word(w):
            bag[min((stem(w, lang) for lang in LANGS), key=lambda s: (len(s), s))] += 1
    for concept in synonyms.concepts(tokens):
        bag["~" + concept] += 1
    return bag


def gram_bag(tokens: Sequence[str]) -> Counter[str]:
    """Character 4-grams of the meaningful words, each word padded with spaces."""
    bag: Counter[str] = Counter()
    for w in tokens:
        if is_content_word(w) and not w.isdigit():
            padded = f" {w} "
            for n in NGRAMS:
                for i in range(len(padded) - n + 1):
                    bag[padded[i : i + n]] += 1
    return bag


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / norm for t, v in vector.items()} if norm else {}


class _Profiles:
    """One TF-IDF vector per entry, summing its examples' bags; cosine with a question's bag.

    Terms found in the profiles of more than ``max_df_share`` of the entries are left out."""

    def __init__(self, bags: Sequence[tuple[int, Counter[str]]], max_df_share: float) -> None:
        profiles: dict[int, Counter[str]] = defaultdict(Counter)
        for entry, bag in bags:
            profiles[entry].update(bag)
        m = len(profiles)
        df = Counter(t for p in profiles.values() for t in p)
        self.idf = {t: math.log((m + 1) / (c + 0.5)) for t, c in df.items() if c <= max_df_share * m}
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for entry, profile in profiles.items():
            vec = _unit({t: (1 + math.log(c)) * self.idf[t] for t, c in profile.items() if t in self.idf})
            for t, w in vec.items():
                postings[t].append((entry, w))
        self._postings = Postings(postings)

    def match(self, bag: Counter[str]) -> dict[int, float]:
        query = _unit({t: (1 + math.log(c)) * self.idf[t] for t, c in bag.items() if t in self.idf and c > 0})
        sims: dict[int, float] = defaultdict(float)
        for t, qw in query.items():
            for entry, w in self._postings.get(t):
                sims[entry] += qw * w
        return dict(sims)


@dataclass(slots=True)
class QuestionMatch:
    """How close a question is to each entry's examples (entry number -> similarity in [0, 1])."""

    best: dict[int, float]  # the closest example question
    grams: dict[int, float]  # the entry's character profile
    words: dict[int, float]  # the entry's word profile


class QuestionIndex:
    """Example questions by entry number (``NONE`` for out of scope). Build once, match many."""

    def __init__(self, examples: Sequence[tuple[tuple[int, ...], Sequence[str]]], synonyms: Synonyms) -> None:
        """``examples``: (the numbers of the entries it belongs to, folded tokens) pairs."""
        self.synonyms = synonyms
        bags = [word_bag(tokens, synonyms) for _, tokens in examples]
        self.owners = [entries for entries, _ in examples]
        self._first_owner = [entries[0] for entries in self.owners]
        self._shared = frozenset(i for i, entries in enumerate(self.owners) if len(entries) > 1)
        n = len(bags)
        df = Counter(t for bag in bags for t in bag)
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items() if c <= MAX_DF_SHARE * n}
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, bag in enumerate(bags):
            for t, w in _unit({t: tf * self.idf[t] for t, tf in bag.items() if t in self.idf}).items():
                postings[t].append((i, w))
        self._postings = Postings(
            {t: sorted(pairs, key=lambda p: -p[1])[:MAX_POSTINGS] for t, pairs in postings.items()}
        )
        self._grams = _Profiles(
            [(entry, gram_bag(tokens)) for entries, tokens in examples for entry in entries],
            MAX_GRAM_DF_SHARE,
        )
        self._words = _Profiles(
            [(entry, bag) for (entries, _), bag in zip(examples, bags, strict=True) for entry in entries],
            MAX_WORD_DF_SHARE,
        )
        self.vocabulary = frozenset(w for _, tokens in examples for w in tokens if is_content_word(w))
        self._known: frozenset[str] | None = None
        self._typos: TypoIndex | None = None

    def known(self, more: frozenset[str]) -> frozenset[str]:
        """The examples' words and ``more`` (the entries' words): what a typo is corrected towards."""
        if self._known is None:
            self._known = self.vocabulary | more
        return self._known

    def typos(self, more: frozenset[str]) -> TypoIndex:
        """The typo index of :meth:`known` (built the first time a word needs it)."""
        if self._typos is None:
            self._typos = TypoIndex(self.known(more))
        return self._typos

    def _example_sims(self, bag: Counter[str]) -> dict[int, float]:
        """Cosine with each example question that shares a term with ``bag``."""
        query = _unit({t: tf * self.idf[t] for t, tf in bag.items() if t in self.idf})
        sims: dict[int, float] = {}
        get = sims.get
        for t, qw in query.items():
            for i, w in self._postings.get(t):
                sims[i] = get(i, 0.0) + qw * w
        return sims

    def match(self, tokens: Sequence[str]) -> QuestionMatch:
        """Similarities of the folded ``tokens`` to every entry's examples."""
        bag = word_bag(tokens, self.synonyms)
        best: dict[int, float] = {}
        get = best.get
        first = self._first_owner
        sims = self._example_sims(bag)
        for i, s in sims.items():
            entry = first[i]
            if s > get(entry, 0.0):
                best[entry] = s
        for i in self._shared.intersection(sims):  # examples of several entries
            s = sims[i]
            for entry in self.owners[i][1:]:
                if s > get(entry, 0.0):
                    best[entry] = s
        return QuestionMatch(
            best=best, grams=self._grams.match(gram_bag(tokens)), words=self._words.match(bag)
        )
