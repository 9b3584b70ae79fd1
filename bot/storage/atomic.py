"""A TinyDB storage whose writes are atomic and durable, and a lock shared between processes.

:class:`AtomicJSONStorage` never modifies the database file in place: it writes a temporary
file in the same directory, flushes and fsyncs it, renames it over the database
(``os.replace``, atomic on POSIX) and fsyncs the directory so the rename itself survives a
power cut. Whatever instant the process is killed at, the file holds either the previous or the
new state, both valid JSON.

:func:`file_lock` serialises read-modify-write transactions between processes (``socialtip
serve`` and a cron-driven ``socialtip reminders run-due`` may share one file).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

logger = logging.getLogger(__name__)

TMP_SUFFIX = ".tmp"


class AtomicJSONStorage(Storage):
    """JSON storage replacing the file atomically on every write.

    Meant to live for one transaction (held under :func:`file_lock`): after the first read it
    keeps the data in memory, since nobody else may change the file meanwhile.
    """

    def __init__(self, path: str | Path) -> None:
        self._path = Path(path)
        self._data: dict[str, dict[str, Any]] | None = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is None:
            try:
                raw = self._path.read_bytes()
            except FileNotFoundError:
                return None
            if not raw.strip():
                return None
            self._data = json.loads(raw)
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        atomic_write(self._path, payload)
        self._data = data

    def close(self) -> None:
        self._data = None


def atomic_write(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` atomically; durable when this returns."""
    directory = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    fsync_dir(directory)


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable."""
    dir_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``<path>.lock`` (blocks until it is free).

    Each call opens its own descriptor, so two threads of one process exclude each other too.
    The lock dies with the process: a SIGKILLed holder never leaves it stuck.
    """
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def remove_stale_temp_files(path: Path) -> int:
    """Delete temporary files a killed writer left behind; call under :func:`file_lock`."""
    removed = 0
    for leftover in path.parent.glob(f".{path.name}.*{TMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed += 1
    if removed:
        logger.info("removed %d leftover temporary file(s) next to %s", removed, path.name)
    return removed
