"""The TinyDB backend of :class:`~bot.storage.base.Store`: one JSON file, nothing to set up.

Every method is one transaction: an ``asyncio.Lock`` serialises the coroutines of this
process, an ``flock`` on ``<file>.lock`` serialises processes (the bot and a cron job), and the
file work runs in a worker thread so fsync never blocks the event loop. Each transaction opens
a fresh ``TinyDB`` over :class:`~bot.storage.atomic.AtomicJSONStorage`, so it always sees what
other processes wrote, and every write is atomic and on disk before the method returns.

``TinyDBStore()`` without a path keeps everything in memory (TinyDB's ``MemoryStorage``), for
tests where the file is not the point.

Example::

    store = TinyDBStore("socialtip.json")
    await store.set_user_lang("T1", "U1", "en")
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Table

from .atomic import AtomicJSONStorage, file_lock, remove_stale_temp_files
from .base import InstallationRecord, Subscription, SubscriptionStatus, Vote

logger = logging.getLogger(__name__)

T = TypeVar("T")

EVENT_RETENTION_SECONDS = 3600.0
"""Event ids older than this are forgotten (Slack retries an event within minutes)."""

DELIVERY_RETENTION = timedelta(days=35)
"""Delivery claims older than this are pruned (a slot is only due for 12 hours)."""

_PREFS = "prefs"
_FEEDBACK = "feedback"
_TICKS = "checklist_ticks"
_EVENTS = "events"
_SUBSCRIPTIONS = "subscriptions"
_DELIVERIES = "deliveries"
_SEEN = "seen"
_INSTALLATIONS = "installations"
_OAUTH_STATES = "oauth_states"

# Which field holds the workspace id in each table (delete_team).
_DONE = "reminder_done"
_TEAM_FIELD = {
    _DONE: "team",
    _PREFS: "team",
    _FEEDBACK: "team",
    _TICKS: "team",
    _SUBSCRIPTIONS: "team_id",
    _DELIVERIES: "team",
    _SEEN: "team",
}

Q = Query()


class TinyDBStore:
    """A :class:`~bot.storage.base.Store` kept in one TinyDB JSON file (or in memory)."""

    def __init__(self, path: str | Path | None = None) -> None:
        """Open (or create on first write) the database at ``path``; in memory when None."""
        self._lock = asyncio.Lock()
        self._path = Path(path) if path is not None else None
        self._memory_db: TinyDB | None = None
        if self._path is None:
            self._memory_db = TinyDB(storage=MemoryStorage)
        else:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with file_lock(self._path):
                remove_stale_temp_files(self._path)

    @property
    def path(self) -> Path | None:
        return self._path

    async def _run(self, work: Callable[[TinyDB], T]) -> T:
        """Run ``work`` as one serialised transaction; durable when this returns."""
        async with self._lock:
            if self._memory_db is not None:
                return work(self._memory_db)
            return await asyncio.to_thread(self._transaction, work)

    def _transaction(self, work: Callable[[TinyDB], T]) -> T:
        assert self._path is not None
        with file_lock(self._path):
            db = TinyDB(self._path, storage=AtomicJSONStorage)
            try:
                return work(db)
            finally:
                db.close()

    @staticmethod
    def _table(db: TinyDB, name: str) -> Table:
        # No query cache: another process may have changed the file since the last call.
        return db.table(name, cache_size=0)

    # People's preferences and tip rotation.
    async def get_user_lang(self, team_id: str, user_id: str) -> str | None:
        return await self._get_pref(team_id, user_id, "lang")

    async def set_user_lang(self, team_id: str, user_id: str, lang: str) -> None:
        await self._set_pref(team_id, user_id, "lang", lang)

    async def get_last_tip(self, team_id: str, user_id: str) -> str | None:
        return await self._get_pref(team_id, user_id, "last_tip")

    async def set_last_tip(self, team_id: str, user_id: str, entry_id: str) -> None:
        await self._set_pref(team_id, user_id, "last_tip", entry_id)

    async def _get_pref(self, team_id: str, user_id: str, key: str) -> str | None:
        def work(db: TinyDB) -> str | None:
            doc = self._table(db, _PREFS).get((Q.team == team_id) & (Q.user == user_id))
            return doc.get(key) if doc else None

        return await self._run(work)

    async def _set_pref(self, team_id: str, user_id: str, key: str, value: str) -> None:
        def work(db: TinyDB) -> None:
            self._table(db, _PREFS).upsert(
                {"team": team_id, "user": user_id, key: value}, (Q.team == team_id) & (Q.user == user_id)
            )

        await self._run(work)

    # Feedback on answers.
    async def add_feedback(
        self, *, team_id: str, user_id: str, entry_id: str, question: str, vote: Vote
    ) -> None:
        doc = {
            "team": team_id,
            "user": user_id,
            "entry": entry_id,
            "question": question,
            "vote": vote,
            "at": time.time(),
        }
        await self._run(lambda db: self._table(db, _FEEDBACK).insert(doc))

    # Checklist ticks.
    async def get_checklist_ticks(self, team_id: str, channel_id: str, checklist_id: str) -> set[int]:
        def work(db: TinyDB) -> set[int]:
            doc = self._table(db, _TICKS).get(_tick_cond(team_id, channel_id, checklist_id))
            return set(doc["ticked"]) if doc else set()

        return await self._run(work)

    async def tick_checklist_step(
        self, team_id: str, channel_id: str, checklist_id: str, step: int, done: bool
    ) -> set[int]:
        cond = _tick_cond(team_id, channel_id, checklist_id)

        def work(db: TinyDB) -> set[int]:
            table = self._table(db, _TICKS)
            doc = table.get(cond)
            ticked = set(doc["ticked"]) if isinstance(doc, dict) else set()
            ticked = ticked | {step} if done else ticked - {step}
            record = {
                "team": team_id,
                "channel": channel_id,
                "checklist": checklist_id,
                "ticked": sorted(ticked),
            }
            table.upsert(record, cond)
            return ticked

        return await self._run(work)

    # Events API retries.
    async def claim_event(self, event_id: str) -> bool:
        def work(db: TinyDB) -> bool:
            events = self._table(db, _EVENTS)
            now = time.time()
            expired = Q.at < now - EVENT_RETENTION_SECONDS
            if events.contains(expired):
                events.remove(expired)
            if events.contains(Q.id == event_id):
                return False
            events.insert({"id": event_id, "at": now})
            return True

        return await self._run(work)

    # Reminder subscriptions.
    async def put_subscription(self, sub: Subscription) -> None:
        doc = sub.to_dict()
        await self._run(
            lambda db: self._table(db, _SUBSCRIPTIONS).upsert(doc, _sub_cond(sub.team_id, sub.channel_id))
        )

    async def get_subscription(self, team_id: str, channel_id: str) -> Subscription | None:
        def work(db: TinyDB) -> Subscription | None:
            doc = self._table(db, _SUBSCRIPTIONS).get(_sub_cond(team_id, channel_id))
            return Subscription.from_dict(doc) if doc else None

        return await self._run(work)

    async def delete_subscription(self, team_id: str, channel_id: str) -> bool:
        def work(db: TinyDB) -> bool:
            table = self._table(db, _SUBSCRIPTIONS)
            cond = _sub_cond(team_id, channel_id)
            if not table.contains(cond):
                return False
            table.remove(cond)
            return True

        return await self._run(work)

    async def list_subscriptions(self, team_id: str | None = None) -> list[Subscription]:
        def work(db: TinyDB) -> list[Subscription]:
            table = self._table(db, _SUBSCRIPTIONS)
            docs = table.all() if team_id is None else table.search(Q.team_id == team_id)
            return [Subscription.from_dict(doc) for doc in docs]

        return await self._run(work)

    async def set_subscription_status(
        self,
        team_id: str,
        status: SubscriptionStatus,
        *,
        channel_id: str | None = None,
        reason: str = "",
    ) -> int:
        cond = (Q.team_id == team_id) if channel_id is None else _sub_cond(team_id, channel_id)

        def work(db: TinyDB) -> int:
            table = self._table(db, _SUBSCRIPTIONS)
            if not table.contains(cond):
                return 0
            return len(table.update({"status": status, "reason": reason}, cond))

        return await self._run(work)

    # Delivery claims.
    async def claim_delivery(
        self, team_id: str, channel_id: str, slot: str, *, owner: str, now: datetime, lease: timedelta
    ) -> bool:
        stamp = now.timestamp()

        def work(db: TinyDB) -> bool:
            table = self._table(db, _DELIVERIES)
            expired = Q.at < stamp - DELIVERY_RETENTION.total_seconds()
            if table.contains(expired):
                table.remove(expired)
            cond = _delivery_cond(team_id, channel_id, slot)
            doc = table.get(cond)
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
            table.upsert({**claim, "state": "claimed", "owner": owner, "at": stamp}, cond)
            return True

        return await self._run(work)

    async def finish_delivery(
        self, team_id: str, channel_id: str, slot: str, *, owner: str, sent: bool
    ) -> None:
        def work(db: TinyDB) -> None:
            table = self._table(db, _DELIVERIES)
            cond = _delivery_cond(team_id, channel_id, slot) & (Q.owner == owner) & (Q.state == "claimed")
            if table.contains(cond):
                table.update({"state": "sent" if sent else "released"}, cond)
            else:
                logger.warning("delivery claim for %s/%s %s is no longer ours", team_id, channel_id, slot)

        await self._run(work)

    async def get_delivery_state(self, team_id: str, channel_id: str, slot: str) -> str | None:
        """The state of a slot's claim (``claimed``, ``sent``, ``released``), for tests and status."""

        def work(db: TinyDB) -> str | None:
            doc = self._table(db, _DELIVERIES).get(_delivery_cond(team_id, channel_id, slot))
            return doc["state"] if doc else None

        return await self._run(work)

    # Rotation.
    async def get_seen(self, team_id: str, channel_id: str) -> list[str]:
        def work(db: TinyDB) -> list[str]:
            doc = self._table(db, _SEEN).get((Q.team == team_id) & (Q.channel == channel_id))
            return list(doc["entries"]) if doc else []

        return await self._run(work)

    async def set_seen(self, team_id: str, channel_id: str, entry_ids: list[str]) -> None:
        doc = {"team": team_id, "channel": channel_id, "entries": list(entry_ids)}
        await self._run(
            lambda db: self._table(db, _SEEN).upsert(doc, (Q.team == team_id) & (Q.channel == channel_id))
        )

    # Installations.
    async def save_installation(self, record: InstallationRecord) -> None:
        doc = record.to_dict()
        cond = _installation_cond(record.enterprise_id, record.team_id) & (Q.user_id == record.user_id)
        await self._run(lambda db: self._table(db, _INSTALLATIONS).upsert(doc, cond))

    async def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool = False,
    ) -> InstallationRecord | None:
        cond = _installation_cond(enterprise_id, None if is_enterprise_install else team_id)
        if user_id is not None:
            cond = cond & (Q.user_id == user_id)

        def work(db: TinyDB) -> InstallationRecord | None:
            docs = self._table(db, _INSTALLATIONS).search(cond)
            if not docs:
                return None
            return InstallationRecord.from_dict(max(docs, key=lambda doc: doc["installed_at"]))

        return await self._run(work)

    async def delete_installations(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> int:
        cond = _installation_cond(enterprise_id, team_id)
        if user_id is not None:
            cond = cond & (Q.user_id == user_id)
        return await self._run(lambda db: len(self._table(db, _INSTALLATIONS).remove(cond)))

    # OAuth state.
    async def issue_oauth_state(self, state: str, *, now: datetime, ttl: timedelta) -> None:
        stamp = now.timestamp()

        def work(db: TinyDB) -> None:
            table = self._table(db, _OAUTH_STATES)
            if table.contains(Q.expires <= stamp):
                table.remove(Q.expires <= stamp)
            table.upsert({"state": state, "expires": stamp + ttl.total_seconds()}, Q.state == state)

        await self._run(work)

    async def consume_oauth_state(self, state: str, *, now: datetime) -> bool:
        stamp = now.timestamp()

        def work(db: TinyDB) -> bool:
            table = self._table(db, _OAUTH_STATES)
            doc = table.get(Q.state == state)
            if doc is None:
                return False
            table.remove(Q.state == state)
            return bool(doc["expires"] > stamp)

        return await self._run(work)

    # Uninstall.
    async def add_reminder_done(
        self, team_id: str, channel_id: str, message_ts: str, user_id: str
    ) -> list[str]:
        cond = (Q.team == team_id) & (Q.channel == channel_id) & (Q.ts == message_ts)

        def work(db: TinyDB) -> list[str]:
            table = self._table(db, _DONE)
            doc = table.get(cond)
            users = list(doc["users"]) if isinstance(doc, dict) else []
            if user_id not in users:
                users.append(user_id)
                table.upsert({"team": team_id, "channel": channel_id, "ts": message_ts, "users": users}, cond)
            return users

        return await self._run(work)

    async def delete_team(self, team_id: str) -> None:
        def work(db: TinyDB) -> None:
            for name, field in _TEAM_FIELD.items():
                table = self._table(db, name)
                cond = Q[field] == team_id
                if table.contains(cond):
                    table.remove(cond)

        await self._run(work)

    async def close(self) -> None:
        async with self._lock:
            if self._memory_db is not None:
                self._memory_db.close()


def _tick_cond(team_id: str, channel_id: str, checklist_id: str) -> Any:
    return (Q.team == team_id) & (Q.channel == channel_id) & (Q.checklist == checklist_id)


def _sub_cond(team_id: str, channel_id: str) -> Any:
    return (Q.team_id == team_id) & (Q.channel_id == channel_id)


def _delivery_cond(team_id: str, channel_id: str, slot: str) -> Any:
    return (Q.team == team_id) & (Q.channel == channel_id) & (Q.slot == slot)


def _installation_cond(enterprise_id: str | None, team_id: str | None) -> Any:
    return (Q.enterprise_id == enterprise_id) & (Q.team_id == team_id)
