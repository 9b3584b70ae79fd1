"""BM25F over the entries' own fields, in both languages: the knowledge base's words and concepts.

Each entry is indexed in French and English (folded, stop words removed, Snowball-stemmed), with
the concepts of ``knowledge/synonyms.toml`` added as extra terms, and its fields weighted (title,
keywords, body, details, topics, quotes). A question is cut into meaningful units (a word with its
stems and typo fixes, or a concept); :meth:`EntryIndex.match` scores every entry and says how much
of the question each one covers. The ranker (:mod:`bot.knowledge.ranker`) decides what that is worth.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .fuzzy import TypoIndex
from .loader import KnowledgeBase
from .models import LANGS, Entry, Lang
from .postings import Postings
from .synonyms import Synonyms
from .text import fold, is_content_word, stem, words

K1 = 1.2
B = 0.75  # BM25 length normalisation: long entries (checklists) don't win by size alone
# Field weights: what a match in each field is worth.
W_TITLE = 3.0
W_KEYWORDS = 2.5
W_BRAND = 3.0
W_BODY = 1.5
W_DETAIL = 1.0
W_TOPIC = 1.0
W_QUOTE = 0.6
CONCEPT_WEIGHT = 2.0
# A word no entry contains weighs this share of the rarest word's weight in the question's total:
# little for everyday words (slang, filler), more for names (TikTok, VPN, Q3: capitalised or with
# digits), most for subjects the knowledge base lists as out of scope (knowledge/synonyms.toml).
UNKNOWN_WEIGHT = 0.25
NAME_WEIGHT = 0.45
OUT_OF_SCOPE_WEIGHT = 1.2
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b(?:[A-Z][\w-]*[a-z][\w-]*|[A-Z]{2,}\b|[A-Za-z]+\d\w*)")


@dataclass(slots=True)
class Unit:
    """A meaningful part of a question: alternative index terms, a weight, the words it stands for."""

    terms: set[str]
    weight: float
    positions: set[int]
    known: bool = True
    out_of_scope: bool = False
    entries: frozenset[int] = frozenset()  # the entries it is found in (set by EntryIndex.match)


@dataclass(slots=True)
class LexicalMatch:
    """How one question meets the entries' own words."""

    units: list[Unit]
    total: float  # the question's meaning: its units' idf, weighted
    scores: dict[int, float] = field(default_factory=dict)  # entry number -> BM25F
    covered: dict[int, float] = field(default_factory=dict)  # entry number -> idf found in it
    titles: set[int] = field(default_factory=set)  # entries whose whole title the question contains

    def matched(self, entry: int) -> set[int]:
        """The positions of the question's words found in ``entry`` (directly or through a concept)."""
        return set().union(*(u.positions for u in self.units if entry in u.entries))

    @property
    def unknown_share(self) -> float:
        """The share of the question's weight that no entry contains (0: every word is known)."""
        unknown = sum(u.weight for u in self.units if not u.known)
        return unknown / sum(u.weight for u in self.units) if self.units else 1.0

    @property
    def out_of_scope(self) -> bool:
        return any(u.out_of_scope for u in self.units)


@dataclass(slots=True)
class _Doc:
    entry: Entry
    tf: Counter[str]
    norm: float  # K1 * (1 - B + B * length / average length)
    titles: tuple[str, ...]  # folded titles in both languages, as " word word "


class EntryIndex:
    """BM25F over the entries of a knowledge base. Build once, match many questions."""

    def __init__(self, kb: KnowledgeBase, synonyms: Synonyms) -> None:
        self.kb = kb
        self.synonyms = synonyms
        self.entries: list[Entry] = list(kb.entries.values())
        docs: list[_Doc] = []
        postings: dict[str, list[int]] = defaultdict(list)
        surface: set[str] = set()
        for entry in self.entries:
            tf: Counter[str] = Counter()
            for text, weight, langs in self._fields(entry):
                tokens = words(text)
                content = [w for w in tokens if is_content_word(w)]
                surface.update(content)
                for lang in langs:
                    for w in content:
                        tf[stem(w, lang)] += weight / len(langs)
                for concept in synonyms.concepts(tokens):
                    tf["~" + concept] += weight
            titles = tuple(f" {' '.join(ws)} " for lang in LANGS if len(ws := words(entry.title(lang))) >= 2)
            docs.append(_Doc(entry=entry, tf=tf, norm=sum(tf.values()), titles=titles))
            for term in tf:
                postings[term].append(len(docs) - 1)
        n = len(docs)
        avg = sum(d.norm for d in docs) / max(n, 1)
        for doc in docs:
            doc.norm = K1 * (1 - B + B * doc.norm / avg)
        self.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()}
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)
        # Each term's BM25 contribution to each entry, computed once: a question only adds them up.
        self._scored = Postings(
            {term: [(d, self._bm25(term, docs[d])) for d in doc_ids] for term, doc_ids in postings.items()}
        )
        self._titles = [(title, d) for d, doc in enumerate(docs) for title in doc.titles]
        self.vocabulary = frozenset(surface)
        self._typos = TypoIndex(surface)

    def _bm25(self, term: str, doc: _Doc) -> float:
        tf = doc.tf[term]
        return self.idf[term] * tf * (K1 + 1) / (tf + doc.norm)

    def _fields(self, entry: Entry) -> list[tuple[str, float, tuple[Lang, ...]]]:
        fields: list[tuple[str, float, tuple[Lang, ...]]] = []
        for lang in LANGS:
            c = entry.content(lang)
            one = (lang,)
            fields += [(c.title, W_TITLE, one), (c.body, W_BODY, one)]
            details = [c.why, c.practice, c.outcome, c.lesson, *c.steps]
            fields += [(d, W_DETAIL, one) for d in details if d]
            for topic_id in entry.topics:
                fields.append((self.kb.topics[topic_id].label(lang), W_TOPIC, one))
        fields += [(k, W_KEYWORDS, LANGS) for k in entry.keywords]
        if entry.brand:
            fields.append((entry.brand, W_BRAND, LANGS))
        fields += [(c.quote, W_QUOTE, ("fr",)) for c in entry.sources]
        fields += [(c.quote_en, W_QUOTE, ("en",)) for c in entry.sources if c.quote_en]
        return fields

    def units(self, text: str, known: frozenset[str] = frozenset()) -> list[Unit]:
        """The question's meaningful units: a word (with its stems and typo fixes) or a concept.

        ``known`` holds more words to correct typos towards (the example questions' words). The
        weight of a unit no entry contains is relative to the rarest word's (see UNKNOWN_WEIGHT).
        """
        names = {fold(m) for m in _NAME.findall(text.strip())}
        tokens = words(text)
        units: dict[frozenset[str], Unit] = {}
        for position, w in enumerate(tokens):
            if not is_content_word(w):
                continue
            alternatives = {stem(w, lang) for lang in LANGS}
            weight, is_known, oos = 1.0, True, False
            if not any(a in self._scored for a in alternatives):
                if w.isdigit():
                    continue  # an unknown number says nothing about the topic
                for fixed in self._typos.corrections(w):
                    alternatives |= {stem(fixed, lang) for lang in LANGS}
                if not any(a in self._scored for a in alternatives):
                    is_known = w in known
                    oos = w in self.synonyms.out_of_scope
                    weight = OUT_OF_SCOPE_WEIGHT if oos else NAME_WEIGHT if w in names else UNKNOWN_WEIGHT
            key = frozenset(alternatives)
            if key in units:
                units[key].positions.add(position)
            else:
                units[key] = Unit(alternatives, weight, {position}, is_known, oos)
        for concept, start, end in self.synonyms.spans(tokens):
            term = "~" + concept
            if term not in self._scored:
                continue  # its words are units already; a concept no entry mentions adds nothing
            key = frozenset({term})
            if key in units:
                units[key].positions.update(range(start, end))
            else:
                units[key] = Unit({term}, CONCEPT_WEIGHT, set(range(start, end)))
        return list(units.values())

    def match(self, text: str, known: frozenset[str] = frozenset()) -> LexicalMatch:
        """Score every entry that shares a unit with ``text`` (already stripped of Slack markup)."""
        units = self.units(text, known)
        result = LexicalMatch(units=units, total=0.0)
        scores, covered = defaultdict(float), defaultdict(float)
        for unit in units:
            present = [a for a in unit.terms if a in self._scored]
            unit_idf = unit.weight * (max(self.idf[a] for a in present) if present else self.max_idf)
            result.total += unit_idf
            best: dict[int, float] = dict(self._scored.get(present[0])) if present else {}
            for term in present[1:]:  # a word's French and English stems: the better one counts
                for doc_id, partial in self._scored.get(term):
                    if partial > best.get(doc_id, 0.0):
                        best[doc_id] = partial
            weight = unit.weight
            for doc_id, s in best.items():
                scores[doc_id] += s * weight
                covered[doc_id] += unit_idf
            unit.entries = frozenset(best)
        spaced = f" {' '.join(words(text))} "
        for title, doc_id in self._titles:
            if title in spaced:
                result.titles.add(doc_id)
        result.scores, result.covered = dict(scores), dict(covered)
        return result
