"""The TinyDB database in memory, with each table's documents found by key in one step.

The layout is TinyDB's own JSON layout, ``{table: {doc_id: document}}`` with integer document
ids as strings, so the file a :class:`Tables` is saved to is a plain TinyDB database
(``TinyDB(path).table("prefs").all()`` reads it). Each table has a key (e.g. ``team`` and
``user`` for preferences): :meth:`Tables.get`, :meth:`Tables.put` and :meth:`Tables.delete`
find a document through an index instead of scanning the table.

Documents are never modified in place: :meth:`Tables.put` stores a new dict. So a document a
reader holds never changes under it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

Doc = dict[str, Any]

KEYS: dict[str, tuple[str, ...]] = {
    "prefs": ("team", "user"),
    "checklist_ticks": ("team", "channel", "checklist"),
    "events": ("id",),
    "subscriptions": ("team_id", "channel_id"),
    "deliveries": ("team", "channel", "slot"),
    "seen": ("team", "channel"),
    "installations": ("enterprise_id", "team_id", "user_id"),
    "oauth_states": ("state",),
    "reminder_done": ("team", "channel", "ts"),
    "team_settings": ("team",),
}
"""Each table's key fields."""


class CorruptDatabase(ValueError):
    """The file is not a TinyDB database (not JSON, or not ``{table: {id: document}}``)."""


class Tables:
    """A TinyDB database held in memory; see the module docstring."""

    def __init__(self, raw: dict[str, dict[str, Doc]] | None = None) -> None:
        self._raw: dict[str, dict[str, Doc]] = {}
        self._index: dict[str, dict[tuple[Any, ...], str]] = {}
        self._next_id: dict[str, int] = {}
        for name, docs in (raw or {}).items():
            self._raw[name] = dict(docs)
            self._reindex(name)

    @classmethod
    def parse(cls, payload: bytes) -> Tables:
        """The database in ``payload`` (a TinyDB JSON file; empty means empty).

        Raises:
            CorruptDatabase: not JSON, or not TinyDB's layout.
        """
        if not payload.strip():
            return cls()
        try:
            raw = json.loads(payload)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CorruptDatabase(f"not valid JSON ({exc})") from exc
        if not isinstance(raw, dict) or not all(
            isinstance(docs, dict) and all(isinstance(doc, dict) for doc in docs.values())
            for docs in raw.values()
        ):
            raise CorruptDatabase("not a TinyDB database ({table: {id: document}})")
        return cls(raw)

    def dump(self) -> bytes:
        """The database as TinyDB's JSON file."""
        return json.dumps(self._raw, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def _reindex(self, name: str) -> None:
        fields = KEYS.get(name)
        docs = self._raw.get(name, {})
        ids = [int(doc_id) for doc_id in docs if doc_id.isdigit()]
        self._next_id[name] = max(ids, default=0) + 1
        if fields is None:
            return
        index: dict[tuple[Any, ...], str] = {}
        for doc_id in sorted(docs, key=lambda d: int(d) if d.isdigit() else 0):
            key = tuple(docs[doc_id].get(field) for field in fields)
            if key in index:  # a duplicate from an old file: the later document wins
                del docs[index[key]]
            index[key] = doc_id
        self._index[name] = index

    def get(self, table: str, *key: Any) -> Doc | None:
        """The document of ``table`` whose key fields equal ``key``, or None."""
        doc_id = self._index.get(table, {}).get(key)
        return None if doc_id is None else self._raw[table][doc_id]

    def put(self, table: str, doc: Doc) -> None:
        """Store ``doc`` (a new dict), replacing the document with the same key."""
        key = tuple(doc.get(field) for field in KEYS[table])
        docs = self._raw.setdefault(table, {})
        index = self._index.setdefault(table, {})
        doc_id = index.get(key)
        if doc_id is None:
            doc_id = str(self._next_id.get(table, 1))
            self._next_id[table] = int(doc_id) + 1
            index[key] = doc_id
        docs[doc_id] = dict(doc)

    def delete(self, table: str, *key: Any) -> bool:
        """Remove the document with ``key``; False when there was none."""
        doc_id = self._index.get(table, {}).pop(key, None)
        if doc_id is None:
            return False
        del self._raw[table][doc_id]
        return True

    def docs(self, table: str) -> Iterator[Doc]:
        """Every document of ``table``, oldest first."""
        return iter(list(self._raw.get(table, {}).values()))

    def remove_where(self, table: str, predicate: Callable[[Doc], bool]) -> int:
        """Remove the documents matching ``predicate``; returns how many went."""
        docs = self._raw.get(table)
        if not docs:
            return 0
        gone = [doc_id for doc_id, doc in docs.items() if predicate(doc)]
        for doc_id in gone:
            del docs[doc_id]
        if gone:
            self._reindex(table)
        return len(gone)

    def pop_table(self, table: str) -> dict[str, Doc]:
        """Remove a whole table and return its documents (moving an old table elsewhere)."""
        self._index.pop(table, None)
        return self._raw.pop(table, {})

    def __contains__(self, table: str) -> bool:
        return table in self._raw
