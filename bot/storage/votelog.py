"""An append-only JSON-lines file of votes, the last line of a key winning, compacted as it grows.

Votes are the store's one log that grows with use, so they live beside the database file
(``socialtip.json`` → ``socialtip.votes.jsonl``) instead of in it: a vote appends one line and
fsyncs (no rewrite of everything else), and the database file stays small however many votes
there are. Memory holds only each key's latest vote and time (what a new vote needs);
:meth:`VoteLog.read_all` reads the full records from the file when someone wants them.

Bounded: the file is rewritten with one line per key (atomically, like the database) once it
holds twice as many lines as keys, and then drops votes older than :data:`RETENTION_SECONDS`;
beyond :data:`MAX_VOTES` keys the oldest votes go first.

Several processes may append to one log: every method that touches the file is called under
the store's ``flock``, and first catches up with what others appended (or reloads after another
process compacted it, which gives the file a new inode). A process killed in the middle of an
append leaves a partial last line; the next writer cuts it off before appending.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .atomic import atomic_write, fsync_dir

logger = logging.getLogger(__name__)

RETENTION_SECONDS = 366 * 24 * 3600.0
"""Votes older than a year are dropped when the log is compacted."""

MAX_VOTES = 500_000
"""At most this many votes are kept (about 150 MB of file at the longest questions)."""

COMPACT_SLACK = 1000
"""Compaction waits until the file has this many more lines than twice its keys."""

RETENTION_GRACE_SECONDS = 7 * 24 * 3600.0
"""Compaction for age waits until the oldest vote is this much past the retention."""

Record = dict[str, Any]


def vote_key(record: Record) -> str:
    """One vote per person and answer."""
    return f"{record['team']}\x1f{record['user']}\x1f{record['answer']}"


class VoteLog:
    """The votes of one store's file: latest vote per key in memory, every line on disk."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.latest: dict[str, tuple[str, float]] = {}
        """key -> (vote, at) of its latest line."""
        self._lines = 0
        self._offset = 0
        self._ino: int | None = None
        self._oldest = float("inf")

    # Reading what is on disk (call under the store's flock).
    def catch_up(self) -> None:
        """Take in the lines other processes appended, or everything after a compaction."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            self._reset(None)
            return
        if st.st_ino != self._ino or st.st_size < self._offset:
            self._reset(st.st_ino)
        if st.st_size == self._offset:
            return
        with open(self.path, "rb") as fh:
            fh.seek(self._offset)
            chunk = fh.read()
        end = chunk.rfind(b"\n") + 1  # a partial last line is left for later (or cut off)
        for record in _parse_lines(chunk[:end]):
            self._take(record)
        self._offset += end

    def _reset(self, ino: int | None) -> None:
        self.latest, self._lines, self._offset, self._ino = {}, 0, 0, ino
        self._oldest = float("inf")

    def _take(self, record: Record) -> None:
        self._lines += 1
        at = float(record["at"])
        self.latest[vote_key(record)] = (record["vote"], at)
        self._oldest = min(self._oldest, at)

    def due_for_compaction(self, now: float) -> bool:
        """Half the lines are stale, too many votes are kept, or some are past the retention."""
        return (
            self._lines > 2 * len(self.latest) + COMPACT_SLACK
            or len(self.latest) > MAX_VOTES
            or self._oldest < now - RETENTION_SECONDS - RETENTION_GRACE_SECONDS
        )

    # Writing (call under the store's flock, after catch_up).
    def append(self, records: list[Record]) -> None:
        """Append ``records`` durably (one write, one fsync); compact when the file is half stale."""
        if not records:
            return
        payload = b"".join(_line(r) for r in records)
        created = not self.path.exists()
        self._cut_partial_line()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, payload)
            os.fsync(fd)
            st = os.fstat(fd)
        finally:
            os.close(fd)
        if created:
            fsync_dir(self.path.parent)
        if self._ino != st.st_ino:
            self._ino = st.st_ino
        for record in records:
            self._take(record)
        self._offset = st.st_size
        if self.due_for_compaction(time.time()):
            self.compact()

    def _cut_partial_line(self) -> None:
        """Cut off a last line a killed writer left unfinished, so the next line starts clean."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return
        if size <= self._offset:
            return
        with open(self.path, "rb+") as fh:
            fh.seek(self._offset)
            tail = fh.read()
            keep = tail.rfind(b"\n") + 1
            if keep < len(tail):
                logger.warning("cutting off an unfinished line at the end of %s", self.path.name)
                fh.truncate(self._offset + keep)
                fh.flush()
                os.fsync(fh.fileno())

    def compact(self, *, drop: Iterable[str] = (), now: float | None = None) -> None:
        """Rewrite the file with each key's latest vote, minus ``drop`` keys and old votes."""
        cutoff = (now if now is not None else time.time()) - RETENTION_SECONDS
        dropped = set(drop)
        live: dict[str, Record] = {}
        for record in self.read_all():
            key = vote_key(record)
            live.pop(key, None)  # re-insert: newest last
            if key not in dropped and float(record["at"]) >= cutoff:
                live[key] = record
        kept = list(live.values())[-MAX_VOTES:]
        payload = b"".join(_line(r) for r in kept)
        atomic_write(self.path, payload)
        st = self.path.stat()
        self._reset(st.st_ino)
        for record in kept:
            self._take(record)
        self._offset = st.st_size
        logger.info("compacted %s: %d vote(s) kept", self.path.name, len(kept))

    def read_all(self) -> Iterator[Record]:
        """Every complete line of the file, oldest first (several per key before compaction)."""
        try:
            with open(self.path, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            return iter(())
        return _parse_lines(data[: data.rfind(b"\n") + 1])


def _line(record: Record) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _parse_lines(data: bytes) -> Iterator[Record]:
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
            vote_key(record)
            float(record["at"])
        except (ValueError, KeyError, TypeError):
            logger.warning("skipping unreadable vote line %d", number)
            continue
        yield record
