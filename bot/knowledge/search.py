"""Bilingual search over the knowledge base: ranked entries for a free-text question.

Each entry is indexed in both languages (folded, stop words removed, Snowball-stemmed), with the
concepts of ``knowledge/synonyms.toml`` added as extra terms, and ranked with BM25 over weighted
fields. A question matches when enough of its meaningful words are found: otherwise the result is
empty, so that callers can say honestly that they have no good answer.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .fuzzy import TypoIndex
from .lang import detect_lang
from .loader import KnowledgeBase
from .models import LANGS, Entry, Lang
from .synonyms import Synonyms
from .text import fold, is_content_word, stem, strip_slack_markup, words

K1 = 1.2
RECENT_QUERIES = 2048  # results kept for repeated questions, oldest dropped first (0: none)
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
# A question matches an entry when this share of its meaning (idf-weighted) is found in it ...
MIN_COVERAGE = 0.35
# (unless it scores at least this many times the rarest word's weight: a strong match on
# specific words, with much chatter around them) ...
SURE_SCORE = 2.5
# ... and shares at least this many of its words, directly or through a synonym (fewer if it has fewer).
MIN_MATCHED = 2
# ... and scores at least this share of the rarest word's weight (a scale that fits any corpus size).
MIN_SCORE = 0.45
INTENT_BOOST = 1.35
# Without a hint of what the asker wants, a focused tip answers better than a long checklist.
KIND_PRIOR = {"tip": 1.0, "case": 1.0, "checklist": 0.85}
# A question that contains an entry's whole title (two words or more) is asking for that entry.
TITLE_BONUS = 6.0
# A word no entry contains weighs this share of the rarest word's weight in the no-match decision:
# little for everyday words (slang, filler), more for names (TikTok, VPN, Q3: capitalised or with
# digits), most for subjects the knowledge base lists as out of scope (knowledge/synonyms.toml).
UNKNOWN_WEIGHT = 0.25
NAME_WEIGHT = 0.45
OUT_OF_SCOPE_WEIGHT = 1.2
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b(?:[A-Z][\w-]*[a-z][\w-]*|[A-Z]{2,}\b|[A-Za-z]+\d\w*)")
# Words that say which kind of entry the asker wants (folded).
_INTENTS: dict[str, frozenset[str]] = {
    "case": frozenset("exemple exemples cas case cases example examples".split()),
    "checklist": frozenset(
        "checklist checklists check liste etapes etape steps step procedure process demarche".split()
    ),
}


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


@dataclass(slots=True)
class _Unit:
    """A meaningful part of a question: alternative index terms, a weight, the words it stands for."""

    terms: set[str]
    weight: float
    positions: set[int]


@dataclass(slots=True)
class _Doc:
    entry: Entry
    tf: Counter[str]
    norm: float  # K1 * (1 - B + B * length / average length)
    titles: tuple[str, ...]  # folded titles in both languages, as " word word "


class SearchIndex:
    """An in-memory index of a knowledge base. Build once, query many times."""

    def __init__(
        self, kb: KnowledgeBase, synonyms: Synonyms | None = None, *, recent: int = RECENT_QUERIES
    ) -> None:
        self.kb = kb
        self.synonyms = synonyms or Synonyms.load(kb.root / "synonyms.toml")
        self._docs: list[_Doc] = []
        postings: dict[str, list[int]] = defaultdict(list)
        surface: set[str] = set()
        for entry in kb.entries.values():
            tf: Counter[str] = Counter()
            for text, weight, langs in self._fields(entry):
                tokens = words(text)
                content = [w for w in tokens if is_content_word(w)]
                surface.update(content)
                for lang in langs:
                    for w in content:
                        tf[stem(w, lang)] += weight / len(langs)
                for concept in self.synonyms.concepts(tokens):
                    tf["~" + concept] += weight
            doc_id = len(self._docs)
            titles = tuple(f" {' '.join(ws)} " for lang in LANGS if len(ws := words(entry.title(lang))) >= 2)
            self._docs.append(_Doc(entry=entry, tf=tf, norm=sum(tf.values()), titles=titles))
            for term in tf:
                postings[term].append(doc_id)
        n = len(self._docs)
        avg = sum(d.norm for d in self._docs) / max(n, 1)
        for doc in self._docs:
            doc.norm = K1 * (1 - B + B * doc.norm / avg)
        self._idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()}
        self._max_idf = math.log(1 + (n + 0.5) / 0.5)
        # Each term's BM25 contribution to each entry, computed once: a query only adds them up.
        self._scored: dict[str, list[tuple[int, float]]] = {
            term: [(d, self._bm25(term, self._docs[d])) for d in doc_ids]
            for term, doc_ids in postings.items()
        }
        self._titles = [(title, d) for d, doc in enumerate(self._docs) for title in doc.titles]
        self._typos = TypoIndex(surface)
        self._recent: dict[tuple[str, Lang | None, int], SearchResult] = {}
        self._recent_size = recent

    def _bm25(self, term: str, doc: _Doc) -> float:
        tf = doc.tf[term]
        return self._idf[term] * tf * (K1 + 1) / (tf + doc.norm)

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
        return fields

    def _query_units(self, text: str) -> list[_Unit]:
        """The question's meaningful units: a word (with its stems and typo fixes) or a concept.

        The weight of a unit no entry contains is relative to the rarest word's (see UNKNOWN_WEIGHT).
        """
        names = {fold(m) for m in _NAME.findall(text.strip())}
        tokens = words(text)
        units: dict[frozenset[str], _Unit] = {}
        for position, w in enumerate(tokens):
            if not is_content_word(w):
                continue
            alternatives = {stem(w, lang) for lang in LANGS}
            weight = 1.0
            if not any(a in self._scored for a in alternatives):
                if w.isdigit():
                    continue  # an unknown number says nothing about the topic
                for fixed in self._typos.corrections(w):
                    alternatives |= {stem(fixed, lang) for lang in LANGS}
                if not any(a in self._scored for a in alternatives):
                    weight = self._unknown_weight(w, names)
            key = frozenset(alternatives)
            if key in units:
                units[key].positions.add(position)
            else:
                units[key] = _Unit(alternatives, weight, {position})
        for concept, start, end in self.synonyms.spans(tokens):
            term = "~" + concept
            if term not in self._scored:
                continue  # its words are units already; a concept no entry mentions adds nothing
            key = frozenset({term})
            if key in units:
                units[key].positions.update(range(start, end))
            else:
                units[key] = _Unit({term}, CONCEPT_WEIGHT, set(range(start, end)))
        return list(units.values())

    def _unknown_weight(self, word: str, names: set[str]) -> float:
        if word in self.synonyms.out_of_scope:
            return OUT_OF_SCOPE_WEIGHT
        return NAME_WEIGHT if word in names else UNKNOWN_WEIGHT

    def _intent(self, text: str) -> str | None:
        tokens = set(words(text))
        for kind, vocab in _INTENTS.items():
            if tokens & vocab:
                return kind
        return None

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
        return SearchResult(query=cached.query, lang=cached.lang, hits=list(cached.hits))

    def _search(self, query: str, lang: Lang | None, limit: int) -> SearchResult:
        clean = strip_slack_markup(query)
        answer_lang: Lang = lang or detect_lang(clean) or "fr"
        units = self._query_units(clean)
        if not units or limit <= 0:
            return SearchResult(query=query, lang=answer_lang)
        all_positions = set().union(*(u.positions for u in units))
        needed = min(MIN_MATCHED, len(all_positions))
        scores: dict[int, float] = defaultdict(float)
        covered: dict[int, float] = defaultdict(float)
        matched: dict[int, set[int]] = defaultdict(set)
        total = 0.0
        for unit in units:
            alternatives, weight = unit.terms, unit.weight
            known = [a for a in alternatives if a in self._scored]
            unit_idf = weight * (max(self._idf[a] for a in known) if known else self._max_idf)
            total += unit_idf
            best: dict[int, float] = {}
            for term in known:
                for doc_id, partial in self._scored[term]:
                    if partial > best.get(doc_id, 0.0):
                        best[doc_id] = partial
            for doc_id, s in best.items():
                scores[doc_id] += s * weight
                covered[doc_id] += unit_idf
                matched[doc_id] |= unit.positions
        spaced = f" {' '.join(words(clean))} "
        for title, doc_id in self._titles:
            if title in spaced:
                scores[doc_id] += TITLE_BONUS
                covered[doc_id] = total
                matched[doc_id] = all_positions
        intent = self._intent(clean)
        ranked: list[tuple[float, int]] = []
        for doc_id, score in scores.items():
            if score < MIN_SCORE * self._max_idf:
                continue
            if covered[doc_id] / total < MIN_COVERAGE and score < SURE_SCORE * self._max_idf:
                continue  # too little of the question found, and what is found is not decisive
            if len(matched[doc_id]) < needed:
                continue  # one rare word in common ("capital" of Peru / capital sympathie) is not an answer
            kind = self._docs[doc_id].entry.kind
            if intent and kind == intent:
                score *= INTENT_BOOST
            elif not intent:
                score *= KIND_PRIOR.get(kind, 1.0)
            ranked.append((score, doc_id))
        ranked.sort(key=lambda r: (-r[0], self._docs[r[1]].entry.id))
        hits = [Hit(entry=self._docs[d].entry, score=round(s, 3)) for s, d in ranked[:limit]]
        return SearchResult(query=query, lang=answer_lang, hits=hits)
