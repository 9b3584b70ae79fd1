"""An append-only JSON-lines file of the questions asked, pruned by age, beside the database file.

Like the votes (:mod:`bot.storage.votelog`), the questions are a log that grows with use, so they
live in their own file (``socialtip.json`` → ``socialtip.questions.jsonl``): a question appends one
line (in the store's batch, fsynced with it) and the database file stays small. Nothing is held
in memory but how many lines the file has and when its oldest line was written;
:meth:`QuestionLog.read_all` reads the file when the insights are asked for. Sharing the file
between processes is :class:`~bot.storage.jsonlog.JsonLinesLog`'s.

Bounded: once the oldest line is older than the retention (plus a day, so a busy store does not
rewrite the file on every question), the file is rewritten atomically without the lines past it;
beyond :data:`MAX_QUESTIONS` lines the oldest go first. Several processes may append: every
method that touches the file is called under the store's ``flock`` and first catches up with what
others appended (or reloads after another process rewrote it, which gives the file a new inode).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from .jsonlog import JsonLinesLog, Record, encode_line

logger = logging.getLogger(__name__)

MAX_QUESTIONS = 1_000_000
"""At most this many questions are kept (about 100 MB of file if every one were refused and long)."""

PRUNE_GRACE_SECONDS = 24 * 3600.0
"""Questions past their retention are pruned once the oldest is this much past it."""


def questions_path(path: Path) -> Path:
    """Where the questions of the database at ``path`` are logged: ``socialtip.questions.jsonl``."""
    return path.with_name(f"{path.stem}.questions.jsonl")


class QuestionLog(JsonLinesLog):
    """The questions of one store's file: the count and the oldest date in memory, the lines on disk."""

    what = "question"

    def _forget(self) -> None:
        self.lines = 0
        self.oldest = float("inf")

    def _take(self, record: Record) -> None:
        self.lines += 1
        self.oldest = min(self.oldest, float(record["at"]))

    def _check(self, record: Record) -> None:
        float(record["at"])
        str(record["team"])

    def append(self, records: list[Record], *, keep_after: float | None = None) -> None:
        """Append ``records`` durably (one write, one fsync); prune first when the oldest line is
        older than ``keep_after`` (Unix time) by more than a day, or the file is too long."""
        if not records:
            return
        if keep_after is not None and (
            self.oldest < keep_after - PRUNE_GRACE_SECONDS or self.lines + len(records) > MAX_QUESTIONS
        ):
            self.rewrite(keep_after=keep_after)
        self._append_lines(records)

    def rewrite(self, *, keep_after: float = float("-inf"), drop_teams: Iterable[str] = ()) -> None:
        """Rewrite the file without the questions before ``keep_after`` nor those of ``drop_teams``."""
        if not self.path.exists():
            return
        dropped = set(drop_teams)
        kept = [r for r in self.read_all() if float(r["at"]) >= keep_after and r["team"] not in dropped]
        kept = kept[-MAX_QUESTIONS:]
        self._rewrite(kept)
        logger.info("rewrote %s: %d question(s) kept", self.path.name, len(kept))

    def read_all(self, team_id: str | None = None) -> Iterator[Record]:
        """Every complete line of the file (only ``team_id``'s when given), in the order written."""
        data = self.complete_lines()
        if team_id is not None:
            # Lines are compact JSON and team ids have no quotes: a cheap test before parsing.
            needle = encode_line({"team": team_id})[1:-2]
            data = b"\n".join(line for line in data.split(b"\n") if needle in line)
        return (r for r in self._parse(data) if team_id is None or r["team"] == team_id)
