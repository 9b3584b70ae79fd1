"""An append-only JSON-lines file beside the database, shared by every process of one store.

The store's logs that grow with use (votes: :mod:`bot.storage.votelog`; questions asked:
:mod:`bot.storage.questionlog`) each live in such a file, so the database file stays small. Every
method that touches the file is called under the store's ``flock``. A log first catches up with
the lines other processes appended (or reloads everything after another process rewrote the
file, which gives it a new inode). A process killed in the middle of an append leaves a partial
last line; the next writer cuts it off before appending. A line that cannot be read is skipped
with a warning.

A subclass keeps a summary of the lines in memory (:meth:`_forget`, :meth:`_take`) and says what
makes a line readable (:meth:`_check`).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .atomic import atomic_write, fsync_dir

logger = logging.getLogger(__name__)

Record = dict[str, Any]


def encode_line(record: Record) -> bytes:
    """One record as a compact JSON line."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


class JsonLinesLog:
    """The lines of one file: a summary in memory (kept by the subclass), every line on disk."""

    what = "line"
    """What a line is, for the warnings ("vote", "question")."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offset = 0
        self._ino: int | None = None
        self._forget()

    # What a subclass keeps in memory.
    def _forget(self) -> None:
        """Drop the in-memory summary (the file is read again from its start)."""

    def _take(self, record: Record) -> None:
        """Add one line to the in-memory summary."""

    def _check(self, record: Record) -> None:
        """Raise ``KeyError``, ``ValueError`` or ``TypeError`` when ``record`` is not a readable line."""

    # Reading what is on disk (call under the store's flock).
    def catch_up(self) -> None:
        """Take in the lines other processes appended, or everything after a rewrite."""
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
        for record in self._parse(chunk[:end]):
            self._take(record)
        self._offset += end

    def _reset(self, ino: int | None) -> None:
        self._offset, self._ino = 0, ino
        self._forget()

    def complete_lines(self) -> bytes:
        """The file's complete lines (a partial last line left out); empty when there is no file."""
        try:
            with open(self.path, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            return b""
        return data[: data.rfind(b"\n") + 1]

    def _parse(self, data: bytes) -> Iterator[Record]:
        for number, raw in enumerate(data.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
                self._check(record)
            except (ValueError, KeyError, TypeError):
                logger.warning("skipping unreadable %s line %d", self.what, number)
                continue
            yield record

    # Writing (call under the store's flock, after catch_up).
    def _append_lines(self, records: list[Record]) -> None:
        """Append ``records`` durably: one write, one fsync (and the folder's, for a new file)."""
        payload = b"".join(encode_line(r) for r in records)
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

    def _rewrite(self, kept: list[Record]) -> None:
        """Replace the file with ``kept`` atomically, and the summary with theirs."""
        atomic_write(self.path, b"".join(encode_line(r) for r in kept))
        st = self.path.stat()
        self._reset(st.st_ino)
        for record in kept:
            self._take(record)
        self._offset = st.st_size
