"""Atomic, durable file replacement, and the names of the files beside a database.

:func:`atomic_write` never modifies a file in place: it writes a temporary file in the same
directory, flushes and fsyncs it, renames it over the target (``os.replace``, atomic on POSIX)
and fsyncs the directory so the rename itself survives a power cut. Whatever instant the
process is killed at, the file holds either the previous or the new content.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

TMP_SUFFIX = ".tmp"


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
    """``<file>.lock``: writers ``flock`` it; it also holds the file's write generation."""
    return path.with_name(path.name + ".lock")


def remove_stale_temp_files(path: Path) -> int:
    """Delete temporary files a killed writer left behind; call under the store's lock."""
    removed = 0
    for leftover in path.parent.glob(f".{path.name}.*{TMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed += 1
    if removed:
        logger.info("removed %d leftover temporary file(s) next to %s", removed, path.name)
    return removed
