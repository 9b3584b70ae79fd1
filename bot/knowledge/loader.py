"""Load the knowledge base from its TOML files and validate every entry.

Layout of a knowledge directory::

    sources.toml        [[source]] metadata; the text is sources/<id>.txt
    topics.toml         [[topic]] ids and labels
    entries/*.toml      [[entry]] tips, checklists and cases

Any problem raises :class:`KnowledgeError` naming the file, the entry and the problem.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .models import KINDS, LANGS, Citation, Content, Entry, Kind, Source, Topic

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "knowledge"
MIN_QUOTE_CHARS = 30
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SPACES = re.compile(r"\s+")

_REQUIRED_TEXT: dict[str, tuple[str, ...]] = {
    "tip": ("title", "body", "why", "practice"),
    "checklist": ("title", "body", "steps", "practice"),
    "case": ("title", "body", "outcome", "lesson", "practice"),
}
_ALLOWED_TEXT = {"title", "body", "why", "practice", "steps", "outcome", "lesson"}
_ENTRY_KEYS = {"id", "kind", "topics", "fr", "en", "sources", "brand", "network", "keywords"}


class KnowledgeError(ValueError):
    """A knowledge file is malformed: the message names the file, the entry and the problem."""

    def __init__(self, path: Path | str, problem: str, entry_id: str | None = None) -> None:
        self.path = str(path)
        self.entry_id = entry_id
        self.problem = problem
        where = f"{self.path}: entry '{entry_id}'" if entry_id else self.path
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """All sources, topics and entries, looked up by id."""

    sources: Mapping[str, Source]
    topics: Mapping[str, Topic]
    entries: Mapping[str, Entry]
    root: Path

    def of_kind(self, kind: Kind) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == kind]


def collapse_spaces(text: str) -> str:
    """Collapse every run of whitespace to one space, as quotes are compared."""
    return _SPACES.sub(" ", text).strip()


def load_knowledge(root: Path | str | None = None) -> KnowledgeBase:
    """Load and validate the knowledge base in ``root`` (default: the repository's ``knowledge/``)."""
    root = Path(root) if root is not None else DEFAULT_DIR
    sources = _load_sources(root)
    topics = _load_topics(root)
    source_texts = {sid: collapse_spaces(s.text) for sid, s in sources.items()}
    entries: dict[str, Entry] = {}
    entries_dir = root / "entries"
    files = sorted(entries_dir.glob("*.toml")) if entries_dir.is_dir() else []
    if not files:
        raise KnowledgeError(entries_dir, "no entry files (*.toml) found")
    for path in files:
        for raw in _table_list(_read_toml(path), "entry", path):
            entry = _parse_entry(raw, path, source_texts, topics)
            if entry.id in entries:
                raise KnowledgeError(path, "duplicate id (already defined earlier)", entry.id)
            entries[entry.id] = entry
    return KnowledgeBase(sources=sources, topics=topics, entries=entries, root=root)


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
            date=str(raw.get("date", "")),
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


def _parse_entry(
    raw: dict[str, Any], path: Path, source_texts: Mapping[str, str], topics: Mapping[str, Topic]
) -> Entry:
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
        if t not in topics:
            raise KnowledgeError(path, f"unknown topic '{t}' (see topics.toml)", eid)
    fr = _parse_content(raw, "fr", kind, path, eid)
    en = _parse_content(raw, "en", kind, path, eid)
    if kind == "checklist" and len(fr.steps) != len(en.steps):
        raise KnowledgeError(path, f"fr has {len(fr.steps)} steps but en has {len(en.steps)}", eid)
    brand = _text(raw, "brand", path, eid, required=kind == "case")
    network = _text(raw, "network", path, eid, required=kind == "case")
    citations = _parse_citations(raw, path, eid, source_texts)
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
    for key in _ALLOWED_TEXT - {"steps"}:
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
    return Content(steps=tuple(steps), **values)


def _parse_citations(
    raw: dict[str, Any], path: Path, eid: str, source_texts: Mapping[str, str]
) -> tuple[Citation, ...]:
    items = raw.get("sources")
    if not items:
        raise KnowledgeError(path, "missing field 'sources' (at least one {article, quote})", eid)
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise KnowledgeError(path, "'sources' must be a list of {article, quote} tables", eid)
    citations = []
    for item in items:
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
        if collapse_spaces(quote) not in source_texts[article]:
            raise KnowledgeError(path, f"quote not found verbatim in source '{article}': {quote[:80]!r}", eid)
        citations.append(Citation(article=article, quote=collapse_spaces(quote)))
    return tuple(citations)
