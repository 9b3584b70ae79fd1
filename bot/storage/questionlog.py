"""An append-only JSON-lines file of the questions asked, pruned by age, beside the database file.

Like the votes (:mod:`bot.storage.votelog`), the questions are a log that grows with use, so they
live in their own file (``socialtip.json`` → ``socialtip.questions.jsonl``): a question appends one
line (in the store's batch, fsynced with it) and the database file stays small. Nothing is held
in memory but how many lines the file has and when its oldest line was written;
:meth:`QuestionLog.read_all` reads the file when the insights are asked for.

Bounded: once the oldest line is older than the retention (plus a day, so a busy store does not
rewrite the file on every question), the file is rewritten atomically without the lines past it;
beyond :data:`MAX_QUESTIONS` lines the oldest go first. Several processes may append: every
method that touches the file is called under the store's ``flock`` and first catches up with what
others appended (or reloads after another process rewrote it, which gives the file a new inode).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .atomic import atomic_write, fsync_dir

logger = logging.getLogger(__name__)

MAX_QUESTIONS = 1_000_000
"""At most this many questions are kept (about 100 MB of file if every one were refused and long)."""

PRUNE_GRACE_SECONDS = 24 * 3600.0
"""Questions past their retention are pruned once the oldest is this much past it."""

Record = dict[str, Any]


def questions_path(path: Path) -> Path:
    """Where the questions of the database at ``path`` are logged: ``socialtip.questions.jsonl``."""
    return path.with_name(f"{path.stem}.questions.jsonl")


class QuestionLog:
    """The questions of one store's file: the count and the oldest date in memory, the lines on disk."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = 0
        self.oldest = float("inf")
        self._offset = 0
        self._ino: int | None = None

    def catch_up(self) -> None:
        """Take in the lines other processes appended, or everything after a rewrite (under the flock)."""
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
        self.lines, self.oldest, self._offset, self._ino = 0, float("inf"), 0, ino

    def _take(self, record: Record) -> None:
        self.lines += 1
        self.oldest = min(self.oldest, float(record["at"]))

    def append(self, records: list[Record], *, keep_after: float | None = None) -> None:
        """Append ``records`` durably (one write, one fsync); prune first when the oldest line is
        older than ``keep_after`` (Unix time) by more than a day, or the file is too long."""
        if not records:
            return
        if keep_after is not None and (
            self.oldest < keep_after - PRUNE_GRACE_SECONDS or self.lines + len(records) > MAX_QUESTIONS
        ):
            self.rewrite(keep_after=keep_after)
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
        self._ino = st.st_ino
        for record in records:
            self._take(record)
        self._offset = st.st_size

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

    def rewrite(self, *, keep_after: float = float("-inf"), drop_teams: Iterable[str] = ()) -> None:
        """Rewrite the file without the questions before ``keep_after`` nor those of ``drop_teams``."""
        if not self.path.exists():
            return
        dropped = set(drop_teams)
        kept = [r for r in self.read_all() if float(r["at"]) >= keep_after and r["team"] not in dropped]
        kept = kept[-MAX_QUESTIONS:]
        atomic_write(self.path, b"".join(_line(r) for r in kept))
        st = self.path.stat()
        self._reset(st.st_ino)
        for record in kept:
            self._take(record)
        self._offset = st.st_size
        logger.info("rewrote %s: %d question(s) kept", self.path.name, len(kept))

    def read_all(self, team_id: str | None = None) -> Iterator[Record]:
        """Every complete line of the file (only ``team_id``'s when given), in the order written."""
        try:
            with open(self.path, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            return iter(())
        data = data[: data.rfind(b"\n") + 1]
        if team_id is not None:
            # Lines are compact JSON and team ids have no quotes: a cheap test before parsing.
            needle = _line({"team": team_id})[1:-2]
            data = b"\n".join(line for line in data.split(b"\n") if needle in line)
        return (r for r in _parse_lines(data) if team_id is None or r["team"] == team_id)


def _line(record: Record) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _parse_lines(data: bytes) -> Iterator[Record]:
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
            float(record["at"])
            str(record["team"])
        except (ValueError, KeyError, TypeError):
            logger.warning("skipping unreadable question line %d", number)
            continue
        yield record
