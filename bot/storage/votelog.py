"""An append-only JSON-lines file of votes, the last line of a key winning, compacted as it grows.

Votes are the store's one log that grows with use, so they live beside the database file
(``socialtip.json`` → ``socialtip.votes.jsonl``) instead of in it: a vote appends one line and
fsyncs (no rewrite of everything else), and the database file stays small however many votes
there are. Memory holds only each key's latest vote and time (what a new vote needs);
:meth:`VoteLog.read_all` reads the full records from the file when someone wants them.

Bounded: the file is rewritten with one line per key (atomically, like the database) once it
holds twice as many lines as keys, and then drops votes older than :data:`RETENTION_SECONDS`;
beyond :data:`MAX_VOTES` keys the oldest votes go first.

Several processes may append to one log, as :class:`~bot.storage.jsonlog.JsonLinesLog` explains.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator

from .jsonlog import JsonLinesLog, Record

logger = logging.getLogger(__name__)

RETENTION_SECONDS = 366 * 24 * 3600.0
"""Votes older than a year are dropped when the log is compacted."""

MAX_VOTES = 500_000
"""At most this many votes are kept (about 150 MB of file at the longest questions)."""

COMPACT_SLACK = 1000
"""Compaction waits until the file has this many more lines than twice its keys."""

RETENTION_GRACE_SECONDS = 7 * 24 * 3600.0
"""Compaction for age waits until the oldest vote is this much past the retention."""


def vote_key(record: Record) -> str:
    """One vote per person and answer."""
    return f"{record['team']}\x1f{record['user']}\x1f{record['answer']}"


class VoteLog(JsonLinesLog):
    """The votes of one store's file: latest vote per key in memory, every line on disk."""

    what = "vote"

    def _forget(self) -> None:
        self.latest: dict[str, tuple[str, float]] = {}
        """key -> (vote, at) of its latest line."""
        self._lines = 0
        self._oldest = float("inf")

    def _take(self, record: Record) -> None:
        self._lines += 1
        at = float(record["at"])
        self.latest[vote_key(record)] = (record["vote"], at)
        self._oldest = min(self._oldest, at)

    def _check(self, record: Record) -> None:
        vote_key(record)
        float(record["at"])

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
        self._append_lines(records)
        if self.due_for_compaction(time.time()):
            self.compact()

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
        self._rewrite(kept)
        logger.info("compacted %s: %d vote(s) kept", self.path.name, len(kept))

    def read_all(self) -> Iterator[Record]:
        """Every complete line of the file, oldest first (several per key before compaction)."""
        return self._parse(self.complete_lines())
