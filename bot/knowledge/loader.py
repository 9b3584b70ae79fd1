"""Load the knowledge base from its TOML files and validate every entry.

Layout of a knowledge directory::

    sources.toml        [[source]] metadata; the text is sources/<id>.txt
    topics.toml         [[topic]] ids and labels
    entries/*.toml      [[entry]] tips, checklists and cases

Any problem raises :class:`KnowledgeError` naming the file, the entry and the problem. The
content rules of :mod:`.quotes` (one whole sentence per quote, at most 400 characters, an English
rendering for each, a year beside every time word, every checklist step and overview point cited,
no passage cited by two tips or cases) are errors too: all of them are checked, and the error lists
every one. ``load_knowledge(strict=False)`` collects them as :class:`Finding` instead.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .models import KINDS, LANGS, Citation, Content, Entry, Kind, Source, Topic
from .quotes import quote_problems, undated_time_words

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "knowledge"
MIN_QUOTE_CHARS = 20  # « Mais allons-y intelligemment… » is a whole sentence
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SPACES = re.compile(r"\s+")
_DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
_SOURCE_KEYS = {
    "id",
    "title",
    "author",
    "publisher",
    "date",
    "date_is_estimate",
    "lang",
    "seed",
    "url",
    "note",
}
_CITATION_KEYS = {"article", "quote", "quote_en", "step", "point"}

_REQUIRED_TEXT: dict[str, tuple[str, ...]] = {
    "tip": ("title", "body", "why", "practice"),
    "checklist": ("title", "body", "steps", "practice"),
    "case": ("title", "body", "outcome", "lesson", "practice"),
}
_ALLOWED_TEXT = {"title", "body", "why", "practice", "steps", "outcome", "lesson", "points"}
_LIST_TEXT = ("steps", "points")
_ENTRY_KEYS = {
    "id",
    "kind",
    "topics",
    "fr",
    "en",
    "sources",
    "brand",
    "network",
    "keywords",
    "see_also",
    "overview",
}


class KnowledgeError(ValueError):
    """A knowledge file is malformed: the message names the file, the entry and the problem."""

    def __init__(self, path: Path | str, problem: str, entry_id: str | None = None) -> None:
        self.path = str(path)
        self.entry_id = entry_id
        self.problem = problem
        where = f"{self.path}: entry '{entry_id}'" if entry_id else self.path
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True, slots=True)
class Finding:
    """A content rule an entry does not meet (an error, unless loaded with ``strict=False``).

    ``rule`` is a key of :data:`.quotes.RULES`.
    """

    path: str
    entry_id: str
    rule: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: entry '{self.entry_id}': {self.problem}"


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """All sources, topics and entries, looked up by id; ``findings`` lists unmet content rules."""

    sources: Mapping[str, Source]
    topics: Mapping[str, Topic]
    entries: Mapping[str, Entry]
    root: Path
    findings: tuple[Finding, ...] = ()

    def of_kind(self, kind: Kind) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == kind]


def collapse_spaces(text: str) -> str:
    """Collapse every run of whitespace to one space, as quotes are compared."""
    return _SPACES.sub(" ", text).strip()


def load_knowledge(root: Path | str | None = None, *, strict: bool = True) -> KnowledgeBase:
    """Load and validate the knowledge base in ``root`` (default: the repository's ``knowledge/``).

    With ``strict`` (the default) an entry that breaks a content rule is an error, like a malformed
    file; without, the broken rules are listed in ``findings``.
    """
    root = Path(root) if root is not None else DEFAULT_DIR
    sources = _load_sources(root)
    topics = _load_topics(root)
    findings = _Findings()
    context = _Context(
        texts={sid: collapse_spaces(s.text) for sid, s in sources.items()},
        published={sid: s.text for sid, s in sources.items()},
        topics=topics,
        findings=findings,
    )
    entries: dict[str, Entry] = {}
    paths: dict[str, Path] = {}
    entries_dir = root / "entries"
    files = sorted(entries_dir.glob("*.toml")) if entries_dir.is_dir() else []
    if not files:
        raise KnowledgeError(entries_dir, "no entry files (*.toml) found")
    for path in files:
        for raw in _table_list(_read_toml(path), "entry", path):
            entry = _parse_entry(raw, path, context)
            if entry.id in entries:
                raise KnowledgeError(path, "duplicate id (already defined earlier)", entry.id)
            entries[entry.id] = entry
            paths[entry.id] = path
    for eid, entry in entries.items():
        for other in entry.see_also:
            if other == eid:
                raise KnowledgeError(paths[eid], "see_also names the entry itself", eid)
            if other not in entries:
                raise KnowledgeError(paths[eid], f"see_also names an unknown entry '{other}'", eid)
    _find_shared_quotes(entries, paths, findings)
    if strict and findings.items:
        first, rest = findings.items[0], findings.items[1:]
        more = f"\n{len(rest)} more problem(s):\n" + "\n".join(f"  {f}" for f in rest) if rest else ""
        raise KnowledgeError(first.path, first.problem + more, first.entry_id)
    return KnowledgeBase(
        sources=sources, topics=topics, entries=entries, root=root, findings=tuple(findings.items)
    )


def _find_shared_quotes(entries: Mapping[str, Entry], paths: Mapping[str, Path], findings: _Findings) -> None:
    """Two tips or cases citing the same passage are near-duplicates: one answer would show it twice.

    Checklists and overviews gather what tips say, so they may cite the same passages.
    """
    owners: list[tuple[str, str]] = []  # (quote, entry id) of the single-idea entries seen so far
    for eid, entry in entries.items():
        if entry.kind == "checklist" or entry.overview:
            continue
        for citation in entry.sources:
            for quote, other in owners:
                if other != eid and (citation.quote in quote or quote in citation.quote):
                    findings.add(
                        paths[eid],
                        eid,
                        "shared",
                        f"cites the same passage as '{other}': {citation.quote[:50]!r} "
                        "(merge the two entries, or give each its own sentences)",
                    )
                    break
        owners += [(c.quote, eid) for c in entry.sources]


@dataclass(frozen=True, slots=True)
class _Context:
    """What parsing an entry needs: the sources' texts (collapsed and as published), the topics."""

    texts: Mapping[str, str]
    published: Mapping[str, str]
    topics: Mapping[str, Topic]
    findings: _Findings


class _Findings:
    """Collects the content rules entries break, in file order."""

    def __init__(self) -> None:
        self.items: list[Finding] = []

    def add(self, path: Path, entry_id: str, rule: str, problem: str) -> None:
        self.items.append(Finding(str(path), entry_id, rule, problem))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise KnowledgeError(path, "file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(path, f"not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise KnowledgeError(path, f"not UTF-8: {exc}") from None


def _table_list(doc: dict[str, Any], name: str, path: Path) -> list[dict[str, Any]]:
    items = doc.get(name, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise KnowledgeError(path, f"'{name}' must be an array of tables ([[{name}]])")
    return items


def _text(raw: dict[str, Any], key: str, path: Path, entry_id: str | None, *, required: bool) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise KnowledgeError(path, f"field '{key}' must be a string", entry_id)
    if required and not value.strip():
        raise KnowledgeError(path, f"missing field '{key}'", entry_id)
    return value.strip()


def _load_sources(root: Path) -> dict[str, Source]:
    path = root / "sources.toml"
    sources: dict[str, Source] = {}
    for raw in _table_list(_read_toml(path), "source", path):
        sid = _text(raw, "id", path, None, required=True)
        for key in ("title", "lang", "seed"):
            _text(raw, key, path, sid, required=True)
        if not (raw.get("author") or raw.get("publisher")):
            raise KnowledgeError(path, "needs an 'author' or a 'publisher'", sid)
        if raw["lang"] not in LANGS:
            raise KnowledgeError(path, f"unknown lang '{raw['lang']}' (expected fr or en)", sid)
        unknown = set(raw) - _SOURCE_KEYS
        if unknown:
            raise KnowledgeError(path, f"unknown field(s): {', '.join(sorted(unknown))}", sid)
        date = raw.get("date")
        if not isinstance(date, str) or not _DATE.match(date):
            raise KnowledgeError(
                path,
                'needs a \'date\' as a string "YYYY", "YYYY-MM" or "YYYY-MM-DD" '
                "(the earliest its content allows, with date_is_estimate = true, when the page gives none)",
                sid,
            )
        estimate = raw.get("date_is_estimate", False)
        if not isinstance(estimate, bool):
            raise KnowledgeError(path, "'date_is_estimate' must be true or false", sid)
        if sid in sources:
            raise KnowledgeError(path, "duplicate id", sid)
        text_path = root / "sources" / f"{sid}.txt"
        try:
            text = text_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise KnowledgeError(path, f"its text {text_path} is missing", sid) from None
        sources[sid] = Source(
            id=sid,
            title=raw["title"],
            lang=raw["lang"],
            seed=raw["seed"],
            text=text,
            author=raw.get("author", ""),
            publisher=raw.get("publisher", ""),
            date=date,
            date_is_estimate=estimate,
            note=raw.get("note", ""),
        )
    return sources


def _load_topics(root: Path) -> dict[str, Topic]:
    path = root / "topics.toml"
    topics: dict[str, Topic] = {}
    for raw in _table_list(_read_toml(path), "topic", path):
        tid = _text(raw, "id", path, None, required=True)
        if tid in topics:
            raise KnowledgeError(path, "duplicate topic id", tid)
        topics[tid] = Topic(
            id=tid,
            fr=_text(raw, "fr", path, tid, required=True),
            en=_text(raw, "en", path, tid, required=True),
            keywords=tuple(_str_list(raw, "keywords", path, tid)),
        )
    return topics


def _str_list(raw: dict[str, Any], key: str, path: Path, entry_id: str | None) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(path, f"field '{key}' must be a list of non-empty strings", entry_id)
    return [v.strip() for v in value]


def _parse_entry(raw: dict[str, Any], path: Path, context: _Context) -> Entry:
    eid = _text(raw, "id", path, None, required=True)
    if not _ID.match(eid):
        raise KnowledgeError(path, "id must be lowercase words joined by '-'", eid)
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise KnowledgeError(path, f"unknown field(s): {', '.join(sorted(unknown))}", eid)
    kind = raw.get("kind")
    if kind not in KINDS:
        raise KnowledgeError(path, f"unknown kind '{kind}' (expected one of: {', '.join(KINDS)})", eid)
    entry_topics = _str_list(raw, "topics", path, eid)
    if not entry_topics:
        raise KnowledgeError(path, "missing field 'topics'", eid)
    for t in entry_topics:
        if t not in context.topics:
            raise KnowledgeError(path, f"unknown topic '{t}' (see topics.toml)", eid)
    overview = raw.get("overview", False)
    if not isinstance(overview, bool):
        raise KnowledgeError(path, "'overview' must be true or false", eid)
    if overview and kind != "tip":
        raise KnowledgeError(path, 'an overview entry has kind = "tip"', eid)
    fr = _parse_content(raw, "fr", kind, path, eid)
    en = _parse_content(raw, "en", kind, path, eid)
    if kind == "checklist" and len(fr.steps) != len(en.steps):
        raise KnowledgeError(path, f"fr has {len(fr.steps)} steps but en has {len(en.steps)}", eid)
    if len(fr.points) != len(en.points):
        raise KnowledgeError(path, f"fr has {len(fr.points)} points but en has {len(en.points)}", eid)
    if fr.points and not overview:
        raise KnowledgeError(path, "only an overview entry (overview = true) has 'points'", eid)
    brand = _text(raw, "brand", path, eid, required=kind == "case")
    network = _text(raw, "network", path, eid, required=kind == "case")
    numbered = len(fr.steps) if kind == "checklist" else len(fr.points)
    citations = _parse_citations(raw, path, eid, context, kind, numbered, overview)
    findings = context.findings
    for lang, content in (("fr", fr), ("en", en)):
        for key in ("title", "body", "why", "practice", "outcome", "lesson", "steps", "points"):
            value = getattr(content, key)
            for text in value if isinstance(value, tuple) else (value,):
                words = undated_time_words(text)
                if words:
                    findings.add(
                        path,
                        eid,
                        "time_word",
                        f"'{lang}.{key}' uses a time word without a year ({', '.join(words)}): {text[:70]!r}",
                    )
    see_also = _str_list(raw, "see_also", path, eid)
    return Entry(
        id=eid,
        kind=kind,
        topics=tuple(entry_topics),
        fr=fr,
        en=en,
        sources=citations,
        brand=brand,
        network=network,
        keywords=tuple(_str_list(raw, "keywords", path, eid)),
        see_also=tuple(dict.fromkeys(see_also)),
        overview=overview,
    )


def _parse_content(raw: dict[str, Any], lang: str, kind: str, path: Path, eid: str) -> Content:
    table = raw.get(lang)
    if not isinstance(table, dict):
        raise KnowledgeError(path, f"missing language '{lang}' (a [entry.{lang}] table)", eid)
    unknown = set(table) - _ALLOWED_TEXT
    if unknown:
        raise KnowledgeError(path, f"unknown field(s) in '{lang}': {', '.join(sorted(unknown))}", eid)
    required = _REQUIRED_TEXT[kind]
    values: dict[str, Any] = {}
    for key in _ALLOWED_TEXT - set(_LIST_TEXT):
        try:
            values[key] = _text(table, key, path, eid, required=key in required)
        except KnowledgeError:
            missing = key in required and not str(table.get(key, "")).strip()
            problem = f"missing field '{lang}.{key}'" if missing else f"field '{lang}.{key}' must be a string"
            raise KnowledgeError(path, problem, eid) from None
    steps: list[str] = []
    if "steps" in table or "steps" in required:
        try:
            steps = _str_list(table, "steps", path, eid)
        except KnowledgeError:
            raise KnowledgeError(
                path, f"field '{lang}.steps' must be a list of non-empty strings", eid
            ) from None
        if "steps" in required and len(steps) < 2:
            raise KnowledgeError(path, f"field '{lang}.steps' needs at least 2 steps", eid)
    try:
        points = _str_list(table, "points", path, eid)
    except KnowledgeError:
        raise KnowledgeError(
            path, f"field '{lang}.points' must be a list of non-empty strings", eid
        ) from None
    return Content(steps=tuple(steps), points=tuple(points), **values)


def _parse_citations(
    raw: dict[str, Any],
    path: Path,
    eid: str,
    context: _Context,
    kind: str,
    numbered: int,
    overview: bool,
) -> tuple[Citation, ...]:
    """The entry's citations: verbatim (an error otherwise), then checked against the content rules.

    ``numbered`` is the number of checklist steps (or overview points) the citations support.
    """
    items = raw.get("sources")
    if not items:
        raise KnowledgeError(path, "missing field 'sources' (at least one {article, quote})", eid)
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise KnowledgeError(path, "'sources' must be a list of {article, quote} tables", eid)
    source_texts, findings = context.texts, context.findings
    number_key = "step" if kind == "checklist" else "point"
    citations: list[Citation] = []
    for n, item in enumerate(items, 1):
        unknown = set(item) - _CITATION_KEYS
        if unknown:
            raise KnowledgeError(path, f"citation {n}: unknown field(s): {', '.join(sorted(unknown))}", eid)
        article = item.get("article", "")
        quote = item.get("quote", "")
        if article not in source_texts:
            raise KnowledgeError(path, f"unknown source article '{article}' (see sources.toml)", eid)
        if not isinstance(quote, str) or len(collapse_spaces(quote)) < MIN_QUOTE_CHARS:
            raise KnowledgeError(
                path,
                f"quote from '{article}' must be a sentence of at least {MIN_QUOTE_CHARS} characters",
                eid,
            )
        quote = collapse_spaces(quote)
        if quote not in source_texts[article]:
            raise KnowledgeError(path, f"quote not found verbatim in source '{article}': {quote[:80]!r}", eid)
        quote_en = item.get("quote_en", "")
        if not isinstance(quote_en, str):
            raise KnowledgeError(path, f"citation {n}: 'quote_en' must be a string", eid)
        step = _citation_number(item, path, eid, n, number_key, numbered, overview)
        where = f"citation {n} ({quote[:40]!r}…)"
        for rule, problem in quote_problems(quote, context.published[article]):
            findings.add(path, eid, rule, f"{where}: {problem}")
        if not collapse_spaces(quote_en):
            findings.add(path, eid, "quote_en", f"{where}: no quote_en (its English rendering)")
        for earlier in citations:
            if quote in earlier.quote or earlier.quote in quote:
                raise KnowledgeError(path, f"{where}: the same passage is cited twice", eid)
        citations.append(
            Citation(article=article, quote=quote, quote_en=collapse_spaces(quote_en), step=step)
        )
    if numbered:
        cited = {c.step for c in citations}
        missing = [str(i) for i in range(1, numbered + 1) if i not in cited]
        if missing:
            findings.add(
                path,
                eid,
                "step",
                f"{number_key}(s) {', '.join(missing)} cited by no citation ({number_key} = N)",
            )
    return tuple(citations)


def _citation_number(
    item: dict[str, Any],
    path: Path,
    eid: str,
    n: int,
    key: str,
    numbered: int,
    overview: bool,
) -> int | None:
    """The ``step`` (checklists) or ``point`` (overviews) a citation supports, checked; else None."""
    other = "point" if key == "step" else "step"
    if other in item:
        where = "checklists" if other == "step" else "overview entries"
        raise KnowledgeError(path, f"citation {n}: '{other}' is for {where} only", eid)
    if key not in item:
        return None
    if key == "point" and not overview:
        raise KnowledgeError(path, f"citation {n}: 'point' is for overview entries only", eid)
    value = item[key]
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= numbered:
        raise KnowledgeError(
            path, f"citation {n}: '{key}' must be a number from 1 to {numbered} (got {value!r})", eid
        )
    return value
