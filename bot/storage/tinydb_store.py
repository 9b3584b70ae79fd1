"""The TinyDB backend of :class:`~bot.storage.base.Store`: one JSON file, nothing to set up.

**Reads come from memory.** The database lives in memory (:class:`~bot.storage.tables.Tables`,
TinyDB's own layout); a read never takes a lock, never waits for a writer and never parses the
file. It only checks, with one ``pread`` of 8 bytes and one ``stat``, whether another process
(or another store on the same file) has written since, and reloads the file then.

**Writes are group-committed.** A write is queued; one committer task takes everything queued,
holds an ``flock`` on ``<file>.lock`` (which serialises processes), reloads the file if another
process changed it, applies the writes in order, replaces the file atomically once
(:func:`~bot.storage.atomic.atomic_write`: temp file, fsync, rename, fsync the directory) and
bumps the write generation kept in the lock file. Then every writer of the batch returns: its
change is on disk. However many clicks arrive at once, the file is rewritten once per batch.
Because writes are applied under the ``flock`` to what is on disk, the guarantees that span
processes hold: checklist ticks are atomic, a delivery slot is claimed once, two stores on one
file never overwrite each other.

**Votes and questions go to their own logs** (:mod:`bot.storage.votelog`,
:mod:`bot.storage.questionlog`), appended and fsynced per batch, so the database file stays small
however much feedback there is and however many questions are asked.

**What is deferred, and why it is safe.** Every method returns once its change is on disk,
except :meth:`TinyDBStore.set_last_tip`: the tip just shown is changed in memory at once and
written with the next batch (at most :data:`DEFER_SECONDS` later, or at :meth:`close`). A crash
in between only means a person may see the same tip again; nobody was told anything was saved.
A write that fails (disk full, read-only) raises :class:`~bot.storage.errors.StoreUnavailable`
to its caller, and memory is put back to what the file holds.

``TinyDBStore()`` without a path keeps everything in memory, for tests and the console.

Example::

    store = TinyDBStore("socialtip.json")
    await store.set_user_lang("T1", "U1", "en")
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import errno
import fcntl
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

from .atomic import atomic_write, lock_path, remove_stale_temp_files
from .base import (
    QUESTION_TEXT_CHARS,
    Feedback,
    InstallationRecord,
    Question,
    Subscription,
    SubscriptionStatus,
    Vote,
    answer_key,
)
from .errors import StoreUnavailable
from .limits import (
    MAX_ENTRIES_SEEN,
    InvalidInput,
    check_id,
    check_lang,
    check_question,
    check_step,
    check_surface,
    check_vote,
)
from .questionlog import QuestionLog, questions_path
from .tables import CorruptDatabase, Tables
from .votelog import RETENTION_SECONDS, VoteLog, vote_key

logger = logging.getLogger(__name__)

EVENT_RETENTION_SECONDS = 3600.0
"""Event ids older than this are forgotten (Slack retries an event within minutes)."""

DELIVERY_RETENTION = timedelta(days=35)
"""Delivery claims older than this are pruned (a slot is only due for 12 hours)."""

REMINDER_DONE_RETENTION_SECONDS = 90 * 24 * 3600.0
"""Who did a reminder is forgotten 90 days after the reminder was posted."""

DEFER_SECONDS = 0.5
"""A deferred write (the last tip) waits at most this long for other writes to go with."""

HEALTH_TTL_SECONDS = 5.0
"""``check_health`` probes the disk at most this often (``/healthz`` may be polled hard)."""

_GENERATION_BYTES = 8


@dataclass
class _Pending:
    apply: Callable[[_Txn], Any]
    future: asyncio.Future[Any] | None  # None: a deferred write, nobody waits for it


@dataclass
class _Txn:
    """What a write sees: the tables, and the votes (on file or in memory)."""

    tables: Tables
    log: VoteLog | None
    memory_votes: dict[str, dict[str, Any]]
    questions_log: QuestionLog | None = None
    memory_questions: list[dict[str, Any]] = field(default_factory=list)
    main_changed: bool = False
    votes: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    questions_keep_after: float | None = None
    batch_votes: dict[str, str] = field(default_factory=dict)
    dropped_teams: set[str] = field(default_factory=set)

    def changed(self) -> Tables:
        self.main_changed = True
        return self.tables

    def vote(self, record: dict[str, Any]) -> Vote | None:
        key = vote_key(record)
        if key in self.batch_votes:
            previous: str | None = self.batch_votes[key]
        elif self.log is not None:
            previous = self.log.latest.get(key, (None, 0.0))[0]
        else:
            previous = (self.memory_votes.get(key) or {}).get("vote")
        self.batch_votes[key] = record["vote"]
        if self.log is None:
            self.memory_votes.pop(key, None)
            self.memory_votes[key] = record
        else:
            self.votes.append(record)
        return previous  # type: ignore[return-value]

    def question(self, record: dict[str, Any], keep_after: float) -> None:
        if self.questions_log is None:
            self.memory_questions[:] = [q for q in self.memory_questions if q["at"] >= keep_after]
            self.memory_questions.append(record)
        else:
            self.questions.append(record)
            self.questions_keep_after = max(self.questions_keep_after or keep_after, keep_after)


class TinyDBStore:
    """A :class:`~bot.storage.base.Store` kept in one TinyDB JSON file (or in memory)."""

    shared: ClassVar[bool] = False
    """One process serves Slack from a TinyDB file: callers may cache what they read."""

    def __init__(self, path: str | Path | None = None) -> None:
        """Open the database at ``path`` (created on first write); in memory when None.

        Raises:
            StoreUnavailable: the file is not a socialtip database, or its folder cannot be
                written (read-only disk, no rights): one line naming the file.
        """
        self._path = Path(path) if path is not None else None
        self._tables = Tables()
        self._memory_votes: dict[str, dict[str, Any]] = {}
        self._log: VoteLog | None = None
        self._memory_questions: list[dict[str, Any]] = []
        self._questions: QuestionLog | None = None
        self._queue: list[_Pending] = []
        self._committer: asyncio.Task[None] | None = None
        self._durable_queued: asyncio.Event | None = None
        self._committing = False
        self._generation = 0
        self._stamp: tuple[int, int, int] | None = None
        self._gen_fd: int | None = None
        self._problem: str | None = None
        self._health: tuple[float, str | None] = (0.0, None)
        self._closed = False
        if self._path is not None:
            self._open(self._path)

    @property
    def path(self) -> Path | None:
        return self._path

    # Opening, reloading, committing.
    def _open(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._gen_fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
            self._log = VoteLog(votes_path(path))
            self._questions = QuestionLog(questions_path(path))
            fd = self._lock()
            try:
                remove_stale_temp_files(path)
                remove_stale_temp_files(votes_path(path))
                remove_stale_temp_files(questions_path(path))
                self._install(self._read_file())
                self._log.catch_up()
                self._questions.catch_up()
                self._move_old_feedback()
                _probe_write(path.parent)
            finally:
                os.close(fd)
        except CorruptDatabase as exc:
            self._close_gen_fd()
            raise StoreUnavailable(
                f"the database file {path} is not a socialtip database ({exc}): "
                "restore it from a backup or move it away"
            ) from exc
        except OSError as exc:
            self._close_gen_fd()
            raise StoreUnavailable(f"cannot use the database file {path}: {_why(exc)}") from exc

    def _move_old_feedback(self) -> None:
        """Files written before votes had their own log kept every click in a ``feedback`` table:
        move the latest vote per person and answer to the log (called under the lock, at open)."""
        assert self._path is not None and self._log is not None
        if "feedback" not in self._tables:
            return
        old = sorted(self._tables.pop_table("feedback").values(), key=lambda d: d.get("at", 0.0))
        records = []
        for doc in old:
            try:
                question = str(doc.get("question") or "")
                records.append(
                    _vote_record(
                        team_id=doc["team"],
                        user_id=doc["user"],
                        entry_id=doc["entry"],
                        question=question,
                        vote=doc["vote"],
                        answer=answer_key(doc["entry"], question),
                        at=float(doc.get("at", time.time())),
                    )
                )
            except (KeyError, TypeError, ValueError):
                continue
        self._log.append(records)
        self._log.compact()
        self._write_file(self._tables.dump())
        logger.info("moved %d old feedback record(s) to %s", len(records), self._log.path.name)

    def _lock(self) -> int:
        """An exclusive ``flock`` on ``<file>.lock`` (blocks); close the descriptor to release it."""
        assert self._path is not None
        fd = os.open(lock_path(self._path), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _disk_version(self) -> tuple[int, tuple[int, int, int] | None]:
        """The write generation (from the lock file) and the file's (inode, mtime, size)."""
        assert self._path is not None and self._gen_fd is not None
        raw = os.pread(self._gen_fd, _GENERATION_BYTES, 0)
        generation = int.from_bytes(raw, "little") if len(raw) == _GENERATION_BYTES else 0
        try:
            st = os.stat(self._path)
            stamp: tuple[int, int, int] | None = (st.st_ino, st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            stamp = None
        return generation, stamp

    def _read_file(self) -> tuple[Tables, int, tuple[int, int, int] | None]:
        """The file's database and the version it was read at (raises CorruptDatabase, OSError)."""
        assert self._path is not None
        generation, stamp = self._disk_version()
        try:
            payload = self._path.read_bytes()
        except FileNotFoundError:
            payload = b""
        return Tables.parse(payload), generation, stamp

    def _changed_on_disk(self) -> bool:
        return self._disk_version() != (self._generation, self._stamp)

    def _install(self, read: tuple[Tables, int, tuple[int, int, int] | None]) -> None:
        """Use what was read from the file; deferred writes not yet on disk are applied again."""
        self._tables, self._generation, self._stamp = read
        txn = self._txn()
        for pending in self._queue:
            if pending.future is None:
                pending.apply(txn)

    def _current(self) -> Tables:
        """The tables to read from: memory, reloaded first if another writer changed the file."""
        if self._path is None or self._committing or self._gen_fd is None:
            return self._tables
        try:
            if self._changed_on_disk():
                self._install(self._read_file())
                self._problem = None
        except (OSError, CorruptDatabase) as exc:
            if self._problem is None:
                logger.error("cannot reload the database file %s: %s", self._path, _why(exc))
            self._problem = f"cannot read the database file {self._path}: {_why(exc)}"
        return self._tables

    def _txn(self) -> _Txn:
        return _Txn(self._tables, self._log, self._memory_votes, self._questions, self._memory_questions)

    def _write_file(self, payload: bytes) -> None:
        """Replace the file (under the lock) and bump the generation others check."""
        assert self._path is not None and self._gen_fd is not None
        atomic_write(self._path, payload)
        generation, _ = self._disk_version()
        os.pwrite(self._gen_fd, (generation + 1).to_bytes(_GENERATION_BYTES, "little"), 0)
        self._generation, self._stamp = self._disk_version()

    async def _write(self, apply: Callable[[_Txn], Any]) -> Any:
        """Queue a write and return its result once it is on disk."""
        self._check_open()
        if self._path is None:
            return apply(self._txn())
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queue.append(_Pending(apply, future))
        self._start_committer(durable=True)
        return await future

    def _defer(self, apply: Callable[[_Txn], Any]) -> None:
        """Apply a write to memory now and put it on disk with the next batch."""
        self._check_open()
        apply(self._txn())
        if self._path is not None:
            self._queue.append(_Pending(apply, None))
            self._start_committer(durable=False)

    def _check_open(self) -> None:
        if self._closed:
            raise StoreUnavailable("the store is closed")

    def _start_committer(self, *, durable: bool) -> None:
        if self._durable_queued is None:
            self._durable_queued = asyncio.Event()
        if durable:
            self._durable_queued.set()
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit_loop(), name="socialtip-store-commit")

    async def _commit_loop(self) -> None:
        assert self._durable_queued is not None
        while self._queue:
            if not self._durable_queued.is_set() and not self._closed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._durable_queued.wait(), DEFER_SECONDS)
            self._durable_queued.clear()
            batch, self._queue = self._queue, []
            try:
                await self._commit(batch)
            except Exception as exc:  # never leave a writer waiting forever
                logger.exception("the store's committer failed")
                for pending in batch:
                    if pending.future is not None and not pending.future.done():
                        pending.future.set_exception(self._write_failure(exc))

    async def _commit(self, batch: list[_Pending]) -> None:
        """Apply ``batch`` under the lock, write once, then answer every waiting writer."""
        outcomes: list[tuple[_Pending, Any, BaseException | None]] = []
        failure: BaseException | None = None
        try:
            fd = await asyncio.to_thread(self._lock)
        except OSError as exc:  # the lock file cannot even be opened (read-only disk, gone)
            failure = self._write_failure(exc)
            logger.error("%s", failure)
            self._problem = str(failure)
            for pending in batch:
                if pending.future is not None and not pending.future.done():
                    pending.future.set_exception(failure)
            return
        self._committing = True
        try:
            try:
                if self._changed_on_disk():
                    self._install(await asyncio.to_thread(self._read_file))
                assert self._log is not None and self._questions is not None
                await asyncio.to_thread(self._log.catch_up)
                await asyncio.to_thread(self._questions.catch_up)
            except (OSError, CorruptDatabase) as exc:
                raise StoreUnavailable(f"cannot read the database file {self._path}: {_why(exc)}") from exc
            txn = self._txn()
            for pending in batch:
                try:
                    outcomes.append((pending, pending.apply(txn), None))
                except Exception as exc:  # e.g. InvalidInput: that write alone fails
                    outcomes.append((pending, None, exc))
            payload = self._tables.dump() if txn.main_changed else None
            await asyncio.to_thread(self._persist, payload, txn)
            self._problem = None
        except Exception as exc:
            failure = exc if isinstance(exc, StoreUnavailable) else self._write_failure(exc)
            logger.error("%s", failure)
            self._problem = str(failure)
            with contextlib.suppress(OSError, CorruptDatabase):
                self._install(await asyncio.to_thread(self._read_file))  # memory = what the file holds
        finally:
            self._committing = False
            await asyncio.to_thread(os.close, fd)
        for pending, result, error in outcomes or [(p, None, None) for p in batch]:
            if pending.future is None or pending.future.done():
                continue
            if failure is not None:
                pending.future.set_exception(failure)
            elif error is not None:
                pending.future.set_exception(error)
            else:
                pending.future.set_result(result)

    def _persist(self, payload: bytes | None, txn: _Txn) -> None:
        assert self._log is not None and self._questions is not None
        if payload is not None:
            self._write_file(payload)
        self._log.append(txn.votes)
        self._questions.append(txn.questions, keep_after=txn.questions_keep_after)
        if txn.dropped_teams:
            prefixes = tuple(f"{team}\x1f" for team in txn.dropped_teams)
            self._log.compact(drop=[key for key in self._log.latest if key.startswith(prefixes)])
            self._questions.rewrite(drop_teams=txn.dropped_teams)

    def _write_failure(self, exc: BaseException) -> StoreUnavailable:
        why = _why(exc)
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            why = f"the disk is full ({why})"
        elif isinstance(exc, OSError) and exc.errno == errno.EROFS:
            why = f"the disk is read-only ({why})"
        return StoreUnavailable(f"cannot write the database file {self._path}: {why}")

    # People's preferences and tip rotation.
    async def get_user_lang(self, team_id: str, user_id: str) -> str | None:
        doc = self._current().get("prefs", team_id, user_id)
        return doc.get("lang") if doc else None

    async def set_user_lang(self, team_id: str, user_id: str, lang: str) -> None:
        if lang not in ("fr", "en"):
            raise ValueError(f"unknown language {lang!r}")
        await self._write(_set_pref(team_id, user_id, "lang", lang))

    async def get_last_tip(self, team_id: str, user_id: str) -> str | None:
        doc = self._current().get("prefs", team_id, user_id)
        return doc.get("last_tip") if doc else None

    async def set_last_tip(self, team_id: str, user_id: str, entry_id: str) -> None:
        check_id(entry_id, "entry id")
        self._defer(_set_pref(team_id, user_id, "last_tip", entry_id))

    # Feedback on answers.
    async def set_vote(
        self,
        *,
        team_id: str,
        user_id: str,
        entry_id: str,
        question: str,
        vote: Vote,
        answer: str | None = None,
        now: float | None = None,
        lang: str = "",
        surface: str = "",
    ) -> Vote | None:
        record = _vote_record(
            team_id=team_id,
            user_id=user_id,
            entry_id=entry_id,
            question=question,
            vote=vote,
            answer=answer or answer_key(entry_id, question),
            at=time.time() if now is None else now,
        )
        record.update(_answer_context(lang, surface))
        return await self._write(lambda txn: txn.vote(record))

    async def list_feedback(self, team_id: str | None = None) -> list[Feedback]:
        if self._log is None:
            records = list(self._memory_votes.values())
        else:
            log = self._log
            records = await asyncio.to_thread(lambda: list(log.read_all()))
        latest: dict[str, dict[str, Any]] = {}
        cutoff = time.time() - RETENTION_SECONDS
        for record in records:
            if team_id is None or record["team"] == team_id:
                latest.pop(vote_key(record), None)
                latest[vote_key(record)] = record
        return [
            _feedback(record)
            for record in sorted(latest.values(), key=lambda r: r["at"])
            if record["at"] >= cutoff
        ]

    # Questions asked.
    async def record_question(
        self, *, team_id: str, lang: str, entry_id: str | None, text: str = "", now: float, keep_days: int
    ) -> None:
        record = _question_record(team_id=team_id, lang=lang, entry_id=entry_id, text=text, at=now)
        keep_after = now - keep_days * 86400.0
        await self._write(lambda txn: txn.question(record, keep_after))

    async def list_questions(self, team_id: str | None = None, *, since: float = 0.0) -> list[Question]:
        def read(records: Iterable[dict[str, Any]]) -> list[Question]:
            kept = [
                Question(r["team"], r["lang"], r.get("entry"), float(r["at"]), r.get("text", ""))
                for r in records
                if r["at"] >= since and (team_id is None or r["team"] == team_id)
            ]
            kept.sort(key=lambda q: q.at)
            return kept

        if self._questions is None:
            return read(list(self._memory_questions))
        log = self._questions
        return await asyncio.to_thread(lambda: read(log.read_all(team_id)))

    # Workspace settings.
    async def get_expert_channel(self, team_id: str) -> str | None:
        doc = self._current().get("team_settings", team_id)
        return (doc or {}).get("expert_channel") or None

    async def set_expert_channel(self, team_id: str, channel_id: str | None) -> None:
        check_id(team_id, "team id")
        if channel_id is not None:
            check_id(channel_id, "channel id")

        def apply(txn: _Txn) -> None:
            doc = txn.tables.get("team_settings", team_id) or {"team": team_id}
            txn.changed().put("team_settings", {**doc, "expert_channel": channel_id})

        await self._write(apply)

    # Checklist ticks.
    async def get_checklist_ticks(self, team_id: str, channel_id: str, checklist_id: str) -> set[int]:
        doc = self._current().get("checklist_ticks", team_id, channel_id, checklist_id)
        return set(doc["ticked"]) if doc else set()

    async def tick_checklist_step(
        self, team_id: str, channel_id: str, checklist_id: str, step: int, done: bool
    ) -> set[int]:
        for value, what in ((team_id, "team id"), (channel_id, "channel id"), (checklist_id, "checklist id")):
            check_id(value, what)
        check_step(step)

        def apply(txn: _Txn) -> set[int]:
            doc = txn.tables.get("checklist_ticks", team_id, channel_id, checklist_id)
            ticked = set(doc["ticked"]) if doc else set()
            ticked = ticked | {step} if done else ticked - {step}
            txn.changed().put(
                "checklist_ticks",
                {"team": team_id, "channel": channel_id, "checklist": checklist_id, "ticked": sorted(ticked)},
            )
            return ticked

        return await self._write(apply)

    # Events API retries.
    async def claim_event(self, event_id: str) -> bool:
        check_id(event_id, "event id")

        def apply(txn: _Txn) -> bool:
            now = time.time()
            tables = txn.tables
            doc = tables.get("events", event_id)
            if doc is not None and doc["at"] >= now - EVENT_RETENTION_SECONDS:
                return False
            tables = txn.changed()
            tables.remove_where("events", lambda d: d["at"] < now - EVENT_RETENTION_SECONDS)
            tables.put("events", {"id": event_id, "at": now})
            return True

        return await self._write(apply)

    # Reminder subscriptions.
    async def put_subscription(self, sub: Subscription) -> None:
        doc = sub.to_dict()
        await self._write(lambda txn: txn.changed().put("subscriptions", doc))

    async def get_subscription(self, team_id: str, channel_id: str) -> Subscription | None:
        doc = self._current().get("subscriptions", team_id, channel_id)
        return Subscription.from_dict(doc) if doc else None

    async def delete_subscription(self, team_id: str, channel_id: str) -> bool:
        return await self._write(lambda txn: txn.changed().delete("subscriptions", team_id, channel_id))

    async def list_subscriptions(self, team_id: str | None = None) -> list[Subscription]:
        return [
            Subscription.from_dict(doc)
            for doc in self._current().docs("subscriptions")
            if team_id is None or doc["team_id"] == team_id
        ]

    async def set_subscription_status(
        self,
        team_id: str,
        status: SubscriptionStatus,
        *,
        channel_id: str | None = None,
        reason: str = "",
    ) -> int:
        def apply(txn: _Txn) -> int:
            changed = 0
            for doc in txn.tables.docs("subscriptions"):
                if doc["team_id"] == team_id and channel_id in (None, doc["channel_id"]):
                    txn.changed().put("subscriptions", {**doc, "status": status, "reason": reason})
                    changed += 1
            return changed

        return await self._write(apply)

    # Delivery claims.
    async def claim_delivery(
        self, team_id: str, channel_id: str, slot: str, *, owner: str, now: datetime, lease: timedelta
    ) -> bool:
        stamp = now.timestamp()

        def apply(txn: _Txn) -> bool:
            tables = txn.changed()
            cutoff = stamp - DELIVERY_RETENTION.total_seconds()
            tables.remove_where("deliveries", lambda d: d["at"] < cutoff)
            doc = tables.get("deliveries", team_id, channel_id, slot)
            if doc is not None:
                if doc["state"] == "sent":
                    return False
                if doc["state"] == "claimed" and stamp - doc["at"] < lease.total_seconds():
                    return False
                if doc["state"] == "claimed":
                    logger.warning(
                        "taking over a stale delivery claim for %s/%s %s", team_id, channel_id, slot
                    )
            claim = {"team": team_id, "channel": channel_id, "slot": slot}
            tables.put("deliveries", {**claim, "state": "claimed", "owner": owner, "at": stamp})
            return True

        return await self._write(apply)

    async def finish_delivery(
        self, team_id: str, channel_id: str, slot: str, *, owner: str, sent: bool
    ) -> None:
        def apply(txn: _Txn) -> None:
            doc = txn.tables.get("deliveries", team_id, channel_id, slot)
            if doc is None or doc["owner"] != owner or doc["state"] != "claimed":
                logger.warning("delivery claim for %s/%s %s is no longer ours", team_id, channel_id, slot)
                return
            txn.changed().put("deliveries", {**doc, "state": "sent" if sent else "released"})

        await self._write(apply)

    async def get_delivery_state(self, team_id: str, channel_id: str, slot: str) -> str | None:
        """The state of a slot's claim (``claimed``, ``sent``, ``released``), for tests and status."""
        doc = self._current().get("deliveries", team_id, channel_id, slot)
        return doc["state"] if doc else None

    # Rotation.
    async def get_seen(self, team_id: str, channel_id: str) -> list[str]:
        doc = self._current().get("seen", team_id, channel_id)
        return list(doc["entries"]) if doc else []

    async def set_seen(self, team_id: str, channel_id: str, entry_ids: list[str]) -> None:
        entries = [check_id(e, "entry id") for e in entry_ids][-MAX_ENTRIES_SEEN:]
        doc = {"team": team_id, "channel": channel_id, "entries": entries}
        await self._write(lambda txn: txn.changed().put("seen", doc))

    # Installations.
    async def save_installation(self, record: InstallationRecord) -> None:
        doc = record.to_dict()
        await self._write(lambda txn: txn.changed().put("installations", doc))

    async def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool = False,
    ) -> InstallationRecord | None:
        team = None if is_enterprise_install else team_id
        docs = [
            doc
            for doc in self._current().docs("installations")
            if doc["enterprise_id"] == enterprise_id
            and doc["team_id"] == team
            and user_id in (None, doc["user_id"])
        ]
        if not docs:
            return None
        return InstallationRecord.from_dict(copy.deepcopy(max(docs, key=lambda doc: doc["installed_at"])))

    async def delete_installations(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> int:
        def matches(doc: dict[str, Any]) -> bool:
            return (
                doc["enterprise_id"] == enterprise_id
                and doc["team_id"] == team_id
                and user_id in (None, doc["user_id"])
            )

        return await self._write(lambda txn: txn.changed().remove_where("installations", matches))

    # Who did a reminder's practice.
    async def add_reminder_done(
        self, team_id: str, channel_id: str, message_ts: str, user_id: str
    ) -> list[str]:
        for value, what in ((team_id, "team id"), (channel_id, "channel id"), (message_ts, "message ts")):
            check_id(value, what)
        check_id(user_id, "user id")

        def apply(txn: _Txn) -> list[str]:
            tables = txn.tables
            doc = tables.get("reminder_done", team_id, channel_id, message_ts)
            users = list(doc["users"]) if doc else []
            if user_id not in users:
                users.append(user_id)
                tables = txn.changed()
                tables.remove_where(
                    "reminder_done", _posted_before(time.time() - REMINDER_DONE_RETENTION_SECONDS)
                )
                tables.put(
                    "reminder_done",
                    {"team": team_id, "channel": channel_id, "ts": message_ts, "users": users},
                )
            return users

        return await self._write(apply)

    async def get_reminder_done(self, team_id: str, channel_id: str, message_ts: str) -> list[str]:
        doc = self._current().get("reminder_done", team_id, channel_id, message_ts)
        return list(doc["users"]) if doc else []

    # Uninstall.
    async def delete_team(self, team_id: str) -> None:
        def apply(txn: _Txn) -> None:
            tables = txn.changed()
            for table, team_field in _TEAM_FIELD.items():
                tables.remove_where(table, lambda doc, f=team_field: doc.get(f) == team_id)  # type: ignore[misc]
            prefix = f"{team_id}\x1f"
            for key in [k for k in txn.memory_votes if k.startswith(prefix)]:
                del txn.memory_votes[key]
            txn.memory_questions[:] = [q for q in txn.memory_questions if q["team"] != team_id]
            txn.dropped_teams.add(team_id)

        await self._write(apply)

    # Health.
    async def check_health(self) -> str | None:
        if self._path is None:
            return None
        checked_at, problem = self._health
        if time.monotonic() - checked_at < HEALTH_TTL_SECONDS:
            return problem
        path = self._path
        self._current()  # a corrupt or unreadable file shows up as self._problem

        def probe() -> str | None:
            try:
                if path.exists():
                    Tables.parse(path.read_bytes())
            except (OSError, CorruptDatabase) as exc:
                return f"cannot read the database file {path}: {_why(exc)}"
            try:
                _probe_write(path.parent)
            except OSError as exc:
                return str(self._write_failure(exc))
            return None

        problem = await asyncio.to_thread(probe) or self._problem
        self._health = (time.monotonic(), problem)
        return problem

    async def close(self) -> None:
        """Write what is pending, then release the lock file."""
        committer = self._committer
        if committer is not None and not committer.done():
            if self._durable_queued is not None:
                self._durable_queued.set()
            with contextlib.suppress(Exception):
                await committer
        self._closed = True
        self._close_gen_fd()

    def _close_gen_fd(self) -> None:
        if self._gen_fd is not None:
            os.close(self._gen_fd)
            self._gen_fd = None


_TEAM_FIELD = {
    "reminder_done": "team",
    "prefs": "team",
    "checklist_ticks": "team",
    "subscriptions": "team_id",
    "deliveries": "team",
    "seen": "team",
    "team_settings": "team",
}


def votes_path(path: Path) -> Path:
    """Where the votes of the database at ``path`` are logged: ``socialtip.json`` -> ``socialtip.votes.jsonl``."""
    return path.with_name(f"{path.stem}.votes.jsonl")


def _set_pref(team_id: str, user_id: str, key: str, value: str) -> Callable[[_Txn], None]:
    def apply(txn: _Txn) -> None:
        doc = txn.tables.get("prefs", team_id, user_id) or {"team": team_id, "user": user_id}
        txn.changed().put("prefs", {**doc, key: value})

    return apply


def _vote_record(
    *, team_id: str, user_id: str, entry_id: str, question: str, vote: str, answer: str, at: float
) -> dict[str, Any]:
    """A vote as logged, once its every field is checked (raises InvalidInput)."""
    return {
        "team": check_id(team_id, "team id"),
        "user": check_id(user_id, "user id"),
        "answer": check_id(answer, "answer id"),
        "entry": check_id(entry_id, "entry id"),
        "question": check_question(question),
        "vote": check_vote(vote),
        "at": float(at),
    }


def _answer_context(lang: str, surface: str) -> dict[str, str]:
    """A vote's language and surface, checked (raises InvalidInput); empty ones are not logged."""
    check_lang(lang, empty=True)
    check_surface(surface)
    return {key: value for key, value in (("lang", lang), ("surface", surface)) if value}


def _question_record(
    *, team_id: str, lang: str, entry_id: str | None, text: str, at: float
) -> dict[str, Any]:
    """A question as logged, once checked (raises InvalidInput); the text only when refused."""
    record: dict[str, Any] = {"team": check_id(team_id, "team id"), "lang": check_lang(lang), "at": float(at)}
    if entry_id is None:
        if not isinstance(text, str):
            raise InvalidInput("question is not text")
        record["text"] = text[:QUESTION_TEXT_CHARS]
    else:
        record["entry"] = check_id(entry_id, "entry id")
    return record


def _feedback(record: dict[str, Any]) -> Feedback:
    return Feedback(
        team_id=record["team"],
        user_id=record["user"],
        answer=record["answer"],
        entry_id=record["entry"],
        question=record["question"],
        vote=record["vote"],
        at=record["at"],
        lang=record.get("lang", ""),
        surface=record.get("surface", ""),
    )


def _posted_before(cutoff: float) -> Callable[[dict[str, Any]], bool]:
    def old(doc: dict[str, Any]) -> bool:
        try:
            return float(doc["ts"]) < cutoff
        except (KeyError, TypeError, ValueError):
            return False

    return old


def _probe_write(directory: Path) -> None:
    """Write, fsync and delete a small file in ``directory`` (raises OSError when it cannot)."""
    fd, name = tempfile.mkstemp(prefix=".socialtip-probe.", suffix=".tmp", dir=directory)
    try:
        os.write(fd, b"socialtip" * 128)
        os.fsync(fd)
    finally:
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
