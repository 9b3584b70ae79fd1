"""The PostgreSQL backend of :class:`~bot.storage.base.Store`: one database shared by many processes.

Built on an ``asyncpg`` connection pool. The schema is created or migrated when the store
connects (:mod:`bot.storage.pg_migrations`); :meth:`PostgresStore.connect` does it at start-up,
and any first call does it otherwise. Every statement runs in autocommit or in its own
transaction, so a write is committed when the method returns.

Delivery claims are exactly once across processes: a claim inserts the slot's row
(``INSERT … ON CONFLICT DO NOTHING``), and when the row exists it is read ``FOR UPDATE`` and
taken only when released or stale (claimed more than ``lease`` ago), all in one transaction;
two processes racing for a slot serialise on the row lock, and the loser sees the winner's
claim. Pruning deletes only rows nobody holds (``FOR UPDATE SKIP LOCKED``), so it never waits.

Example::

    store = PostgresStore("postgresql://socialtip@localhost/socialtip")
    await store.connect()
    await store.set_user_lang("T1", "U1", "en")
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlsplit

import asyncpg

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
    check_id,
    check_lang,
    check_question,
    check_step,
    check_surface,
    check_vote,
)
from .pg_migrations import migrate

logger = logging.getLogger(__name__)

EVENT_RETENTION_SECONDS = 3600.0
"""Event ids older than this are forgotten (Slack retries an event within minutes)."""

EVENT_PRUNE_EVERY_SECONDS = 60.0
"""How often (at most) one process deletes expired event ids."""

DELIVERY_RETENTION = timedelta(days=35)
"""Delivery claims older than this are pruned (a slot is only due for 12 hours)."""

FEEDBACK_RETENTION = timedelta(days=366)
"""Votes older than this are pruned (at most once an hour, by whichever process votes)."""

FEEDBACK_PRUNE_EVERY_SECONDS = 3600.0

HEALTH_TTL_SECONDS = 5.0
"""``check_health`` asks the database at most this often (``/healthz`` may be polled hard)."""

POOL_MAX_SIZE = 10
CONNECT_TIMEOUT_SECONDS = 30.0

# The tables holding a workspace's data, all keyed by ``team_id`` (delete_team).
TEAM_TABLES = (
    "prefs",
    "feedback",
    "checklist_ticks",
    "subscriptions",
    "deliveries",
    "seen",
    "reminder_done",
    "questions",
    "team_settings",
)

_SUB_COLUMNS = "team_id, channel_id, weekday, hour, minute, tz, lang, subscriber_id, status, reason, since"


class PostgresStore:
    """A :class:`~bot.storage.base.Store` in a PostgreSQL database (``postgresql://…`` URL)."""

    shared: ClassVar[bool] = True
    """Other processes may write to the same database: callers must not cache what they read."""

    def __init__(self, url: str, *, max_size: int = POOL_MAX_SIZE) -> None:
        """Remember ``url``; the pool opens on :meth:`connect` or on the first call."""
        self._url = url
        self._max_size = max_size
        self._pool: asyncpg.Pool | None = None
        self._connecting = asyncio.Lock()
        self._events_pruned_at = 0.0
        self._feedback_pruned_at = 0.0
        self._health: tuple[float, str | None] = (-HEALTH_TTL_SECONDS, None)

    async def connect(self) -> None:
        """Open the pool and create or migrate the schema (idempotent).

        Raises:
            StoreUnavailable: the server is unreachable, refuses us, or the migration fails.
        """
        await self._ready()

    async def _ready(self) -> asyncpg.Pool:
        if self._pool is not None:
            return self._pool
        async with self._connecting:
            if self._pool is None:
                try:
                    pool = await asyncio.wait_for(
                        asyncpg.create_pool(
                            self._url, min_size=1, max_size=self._max_size, command_timeout=60
                        ),
                        CONNECT_TIMEOUT_SECONDS,
                    )
                except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                    raise StoreUnavailable(
                        f"cannot connect to the database {_where(self._url)}: {_why(exc)}"
                    ) from exc
                try:
                    async with pool.acquire() as conn:
                        await migrate(conn)
                except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                    await pool.close()
                    raise StoreUnavailable(
                        f"cannot migrate the database {_where(self._url)}: {_why(exc)}"
                    ) from exc
                except BaseException:
                    await pool.close()
                    raise
                self._pool = pool
        return self._pool

    async def _execute(self, sql: str, *args: Any) -> str:
        return await (await self._ready()).execute(sql, *args)

    async def _fetchrow(self, sql: str, *args: Any) -> asyncpg.Record | None:
        return await (await self._ready()).fetchrow(sql, *args)

    async def _fetchval(self, sql: str, *args: Any) -> Any:
        return await (await self._ready()).fetchval(sql, *args)

    # People's preferences and tip rotation.
    async def get_user_lang(self, team_id: str, user_id: str) -> str | None:
        return await self._fetchval(
            "SELECT lang FROM prefs WHERE team_id = $1 AND user_id = $2", team_id, user_id
        )

    async def set_user_lang(self, team_id: str, user_id: str, lang: str) -> None:
        if lang not in ("fr", "en"):
            raise ValueError(f"unknown language {lang!r}")
        await self._execute(
            """INSERT INTO prefs (team_id, user_id, lang) VALUES ($1, $2, $3)
               ON CONFLICT (team_id, user_id) DO UPDATE SET lang = EXCLUDED.lang""",
            team_id,
            user_id,
            lang,
        )

    async def get_last_tip(self, team_id: str, user_id: str) -> str | None:
        return await self._fetchval(
            "SELECT last_tip FROM prefs WHERE team_id = $1 AND user_id = $2", team_id, user_id
        )

    async def set_last_tip(self, team_id: str, user_id: str, entry_id: str) -> None:
        check_id(entry_id, "entry id")
        await self._execute(
            """INSERT INTO prefs (team_id, user_id, last_tip) VALUES ($1, $2, $3)
               ON CONFLICT (team_id, user_id) DO UPDATE SET last_tip = EXCLUDED.last_tip""",
            team_id,
            user_id,
            entry_id,
        )

    # Feedback on answers: one row per person and answer.
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
        for value, what in ((team_id, "team id"), (user_id, "user id"), (entry_id, "entry id")):
            check_id(value, what)
        check_question(question)
        check_vote(vote)
        check_lang(lang, empty=True)
        check_surface(surface)
        answer_id = check_id(answer or answer_key(entry_id, question), "answer id")
        at = datetime.fromtimestamp(time.time() if now is None else now, UTC)
        pool = await self._ready()
        if time.time() - self._feedback_pruned_at >= FEEDBACK_PRUNE_EVERY_SECONDS:
            self._feedback_pruned_at = time.time()
            await pool.execute(
                """DELETE FROM feedback WHERE id IN (
                       SELECT id FROM feedback WHERE at < $1 FOR UPDATE SKIP LOCKED)""",
                at - FEEDBACK_RETENTION,
            )
        async with pool.acquire() as conn, conn.transaction():
            # Once the row exists, its lock makes the previous vote exact when two clicks race.
            previous = await conn.fetchval(
                """SELECT vote FROM feedback WHERE team_id = $1 AND user_id = $2 AND answer_id = $3
                   FOR UPDATE""",
                team_id,
                user_id,
                answer_id,
            )
            await conn.execute(
                """INSERT INTO feedback (team_id, user_id, answer_id, entry_id, question, vote, at, lang, surface)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                   ON CONFLICT (team_id, user_id, answer_id) DO UPDATE SET
                       entry_id = EXCLUDED.entry_id, question = EXCLUDED.question,
                       vote = EXCLUDED.vote, at = EXCLUDED.at,
                       lang = EXCLUDED.lang, surface = EXCLUDED.surface""",
                team_id,
                user_id,
                answer_id,
                entry_id,
                question,
                vote,
                at,
                lang,
                surface,
            )
        return previous

    async def list_feedback(self, team_id: str | None = None) -> list[Feedback]:
        pool = await self._ready()
        rows = await pool.fetch(
            """SELECT team_id, user_id, answer_id, entry_id, question, vote, at, lang, surface
               FROM feedback WHERE ($1::text IS NULL OR team_id = $1) AND at >= $2 ORDER BY at, id""",
            team_id,
            datetime.now(UTC) - FEEDBACK_RETENTION,
        )
        return [
            Feedback(
                team_id=row["team_id"],
                user_id=row["user_id"],
                answer=row["answer_id"],
                entry_id=row["entry_id"],
                question=row["question"],
                vote=row["vote"],
                at=row["at"].timestamp(),
                lang=row["lang"],
                surface=row["surface"],
            )
            for row in rows
        ]

    # Questions asked.
    async def record_question(
        self, *, team_id: str, lang: str, entry_id: str | None, text: str = "", now: float, keep_days: int
    ) -> None:
        check_id(team_id, "team id")
        check_lang(lang)
        if entry_id is not None:
            check_id(entry_id, "entry id")
            text = ""
        at = datetime.fromtimestamp(now, UTC)
        # The prune is an index probe on ``at`` that finds nothing most of the time; rows another
        # process is already deleting are skipped, so recording never waits on a prune.
        await self._execute(
            """WITH pruned AS (
                   DELETE FROM questions WHERE id IN (
                       SELECT id FROM questions WHERE at < $6 LIMIT 10000 FOR UPDATE SKIP LOCKED))
               INSERT INTO questions (team_id, lang, entry_id, text, at) VALUES ($1, $2, $3, $4, $5)""",
            team_id,
            lang,
            entry_id,
            text[:QUESTION_TEXT_CHARS],
            at,
            at - timedelta(days=keep_days),
        )

    async def list_questions(self, team_id: str | None = None, *, since: float = 0.0) -> list[Question]:
        pool = await self._ready()
        rows = await pool.fetch(
            """SELECT team_id, lang, entry_id, text, at FROM questions
               WHERE ($1::text IS NULL OR team_id = $1) AND at >= $2 ORDER BY at, id""",
            team_id,
            datetime.fromtimestamp(since, UTC),
        )
        return [
            Question(row["team_id"], row["lang"], row["entry_id"], row["at"].timestamp(), row["text"])
            for row in rows
        ]

    # Workspace settings.
    async def get_expert_channel(self, team_id: str) -> str | None:
        return await self._fetchval("SELECT expert_channel FROM team_settings WHERE team_id = $1", team_id)

    async def set_expert_channel(self, team_id: str, channel_id: str | None) -> None:
        check_id(team_id, "team id")
        if channel_id is not None:
            check_id(channel_id, "channel id")
        await self._execute(
            """INSERT INTO team_settings (team_id, expert_channel) VALUES ($1, $2)
               ON CONFLICT (team_id) DO UPDATE SET expert_channel = EXCLUDED.expert_channel""",
            team_id,
            channel_id,
        )

    # Checklist ticks.
    async def get_checklist_ticks(self, team_id: str, channel_id: str, checklist_id: str) -> set[int]:
        ticked = await self._fetchval(
            """SELECT ticked FROM checklist_ticks
               WHERE team_id = $1 AND channel_id = $2 AND checklist_id = $3""",
            team_id,
            channel_id,
            checklist_id,
        )
        return set(ticked) if ticked is not None else set()

    async def tick_checklist_step(
        self, team_id: str, channel_id: str, checklist_id: str, step: int, done: bool
    ) -> set[int]:
        for value, what in ((team_id, "team id"), (channel_id, "channel id"), (checklist_id, "checklist id")):
            check_id(value, what)
        check_step(step)
        # One statement: ON CONFLICT locks the row, so concurrent clicks on several processes
        # each see the others' ticks.
        ticked = await self._fetchval(
            """INSERT INTO checklist_ticks AS t (team_id, channel_id, checklist_id, ticked)
               VALUES ($1, $2, $3, CASE WHEN $5 THEN ARRAY[$4::integer] ELSE ARRAY[]::integer[] END)
               ON CONFLICT (team_id, channel_id, checklist_id) DO UPDATE SET ticked = CASE
                   WHEN $5 THEN ARRAY(SELECT DISTINCT s FROM unnest(array_append(t.ticked, $4::integer)) AS s ORDER BY s)
                   ELSE array_remove(t.ticked, $4::integer) END
               RETURNING ticked""",
            team_id,
            channel_id,
            checklist_id,
            step,
            done,
        )
        return set(ticked)

    # Events API retries.
    async def claim_event(self, event_id: str) -> bool:
        check_id(event_id, "event id")
        now = time.time()
        expired_before = now - EVENT_RETENTION_SECONDS
        if now - self._events_pruned_at >= EVENT_PRUNE_EVERY_SECONDS:
            self._events_pruned_at = now
            await self._execute(
                """DELETE FROM events WHERE event_id IN (
                       SELECT event_id FROM events WHERE at < $1 FOR UPDATE SKIP LOCKED)""",
                expired_before,
            )
        # A row older than the retention counts as gone even when not pruned yet.
        claimed = await self._fetchval(
            """INSERT INTO events (event_id, at) VALUES ($1, $2)
               ON CONFLICT (event_id) DO UPDATE SET at = EXCLUDED.at WHERE events.at < $3
               RETURNING true""",
            event_id,
            now,
            expired_before,
        )
        return bool(claimed)

    # Reminder subscriptions.
    async def put_subscription(self, sub: Subscription) -> None:
        await self._execute(
            f"""INSERT INTO subscriptions ({_SUB_COLUMNS})
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                ON CONFLICT (team_id, channel_id) DO UPDATE SET
                    weekday = EXCLUDED.weekday, hour = EXCLUDED.hour, minute = EXCLUDED.minute,
                    tz = EXCLUDED.tz, lang = EXCLUDED.lang, subscriber_id = EXCLUDED.subscriber_id,
                    status = EXCLUDED.status, reason = EXCLUDED.reason, since = EXCLUDED.since""",
            sub.team_id,
            sub.channel_id,
            sub.weekday,
            sub.hour,
            sub.minute,
            sub.tz,
            sub.lang,
            sub.subscriber_id,
            sub.status,
            sub.reason,
            sub.since,
        )

    async def get_subscription(self, team_id: str, channel_id: str) -> Subscription | None:
        row = await self._fetchrow(
            f"SELECT {_SUB_COLUMNS} FROM subscriptions WHERE team_id = $1 AND channel_id = $2",
            team_id,
            channel_id,
        )
        return Subscription.from_dict(dict(row)) if row is not None else None

    async def delete_subscription(self, team_id: str, channel_id: str) -> bool:
        status = await self._execute(
            "DELETE FROM subscriptions WHERE team_id = $1 AND channel_id = $2", team_id, channel_id
        )
        return _count(status) > 0

    async def list_subscriptions(self, team_id: str | None = None) -> list[Subscription]:
        pool = await self._ready()
        rows = await pool.fetch(
            f"""SELECT {_SUB_COLUMNS} FROM subscriptions
                WHERE $1::text IS NULL OR team_id = $1 ORDER BY team_id, channel_id""",
            team_id,
        )
        return [Subscription.from_dict(dict(row)) for row in rows]

    async def set_subscription_status(
        self,
        team_id: str,
        status: SubscriptionStatus,
        *,
        channel_id: str | None = None,
        reason: str = "",
    ) -> int:
        result = await self._execute(
            """UPDATE subscriptions SET status = $2, reason = $3
               WHERE team_id = $1 AND ($4::text IS NULL OR channel_id = $4)""",
            team_id,
            status,
            reason,
            channel_id,
        )
        return _count(result)

    # Delivery claims.
    async def claim_delivery(
        self, team_id: str, channel_id: str, slot: str, *, owner: str, now: datetime, lease: timedelta
    ) -> bool:
        pool = await self._ready()
        await pool.execute(
            """DELETE FROM deliveries WHERE (team_id, channel_id, slot) IN (
                   SELECT team_id, channel_id, slot FROM deliveries WHERE claimed_at < $1
                   FOR UPDATE SKIP LOCKED)""",
            now - DELIVERY_RETENTION,
        )
        key = (team_id, channel_id, slot)
        async with pool.acquire() as conn, conn.transaction():
            inserted = await conn.fetchval(
                """INSERT INTO deliveries (team_id, channel_id, slot, state, owner, claimed_at)
                   VALUES ($1, $2, $3, 'claimed', $4, $5)
                   ON CONFLICT (team_id, channel_id, slot) DO NOTHING RETURNING true""",
                *key,
                owner,
                now,
            )
            if inserted:
                return True
            # The slot has a row: lock it, then decide as the TinyDB backend does.
            row = await conn.fetchrow(
                """SELECT state, claimed_at FROM deliveries
                   WHERE team_id = $1 AND channel_id = $2 AND slot = $3 FOR UPDATE""",
                *key,
            )
            if row is None:  # pruned in between: only when ``now`` jumped weeks ahead
                return False
            if row["state"] == "sent":
                return False
            if row["state"] == "claimed":
                if now - row["claimed_at"] < lease:
                    return False
                logger.warning("taking over a stale delivery claim for %s/%s %s", team_id, channel_id, slot)
            await conn.execute(
                """UPDATE deliveries SET state = 'claimed', owner = $4, claimed_at = $5
                   WHERE team_id = $1 AND channel_id = $2 AND slot = $3""",
                *key,
                owner,
                now,
            )
            return True

    async def finish_delivery(
        self, team_id: str, channel_id: str, slot: str, *, owner: str, sent: bool
    ) -> None:
        result = await self._execute(
            """UPDATE deliveries SET state = $5
               WHERE team_id = $1 AND channel_id = $2 AND slot = $3 AND owner = $4 AND state = 'claimed'""",
            team_id,
            channel_id,
            slot,
            owner,
            "sent" if sent else "released",
        )
        if _count(result) == 0:
            logger.warning("delivery claim for %s/%s %s is no longer ours", team_id, channel_id, slot)

    async def get_delivery_state(self, team_id: str, channel_id: str, slot: str) -> str | None:
        """The state of a slot's claim (``claimed``, ``sent``, ``released``), for tests and status."""
        return await self._fetchval(
            "SELECT state FROM deliveries WHERE team_id = $1 AND channel_id = $2 AND slot = $3",
            team_id,
            channel_id,
            slot,
        )

    # Rotation.
    async def get_seen(self, team_id: str, channel_id: str) -> list[str]:
        entries = await self._fetchval(
            "SELECT entries FROM seen WHERE team_id = $1 AND channel_id = $2", team_id, channel_id
        )
        return list(entries) if entries is not None else []

    async def set_seen(self, team_id: str, channel_id: str, entry_ids: list[str]) -> None:
        entry_ids = [check_id(e, "entry id") for e in entry_ids][-MAX_ENTRIES_SEEN:]
        await self._execute(
            """INSERT INTO seen (team_id, channel_id, entries) VALUES ($1, $2, $3)
               ON CONFLICT (team_id, channel_id) DO UPDATE SET entries = EXCLUDED.entries""",
            team_id,
            channel_id,
            list(entry_ids),
        )

    # Installations ('' in the key columns stands for None).
    async def save_installation(self, record: InstallationRecord) -> None:
        await self._execute(
            """INSERT INTO installations
                   (enterprise_id, team_id, user_id, is_enterprise_install, bot_token, installed_at, data)
               VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
               ON CONFLICT (enterprise_id, team_id, user_id) DO UPDATE SET
                   is_enterprise_install = EXCLUDED.is_enterprise_install,
                   bot_token = EXCLUDED.bot_token, installed_at = EXCLUDED.installed_at,
                   data = EXCLUDED.data""",
            record.enterprise_id or "",
            record.team_id or "",
            record.user_id,
            record.is_enterprise_install,
            record.bot_token,
            record.installed_at,
            json.dumps(record.data),
        )

    async def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool = False,
    ) -> InstallationRecord | None:
        row = await self._fetchrow(
            """SELECT enterprise_id, team_id, user_id, is_enterprise_install, bot_token, installed_at, data
               FROM installations
               WHERE enterprise_id = $1 AND team_id = $2 AND ($3::text IS NULL OR user_id = $3)
               ORDER BY installed_at DESC LIMIT 1""",
            enterprise_id or "",
            "" if is_enterprise_install else (team_id or ""),
            user_id,
        )
        if row is None:
            return None
        return InstallationRecord(
            enterprise_id=row["enterprise_id"] or None,
            team_id=row["team_id"] or None,
            user_id=row["user_id"],
            is_enterprise_install=row["is_enterprise_install"],
            bot_token=row["bot_token"],
            installed_at=row["installed_at"],
            data=json.loads(row["data"]),
        )

    async def delete_installations(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> int:
        result = await self._execute(
            """DELETE FROM installations
               WHERE enterprise_id = $1 AND team_id = $2 AND ($3::text IS NULL OR user_id = $3)""",
            enterprise_id or "",
            team_id or "",
            user_id,
        )
        return _count(result)

    # Uninstall (installations are removed apart, with delete_installations).
    async def add_reminder_done(
        self, team_id: str, channel_id: str, message_ts: str, user_id: str
    ) -> list[str]:
        for value, what in (
            (team_id, "team id"),
            (channel_id, "channel id"),
            (message_ts, "message ts"),
            (user_id, "user id"),
        ):
            check_id(value, what)
        pool = await self._ready()
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute(
                """INSERT INTO reminder_done (team_id, channel_id, message_ts, user_id)
                   VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING""",
                team_id,
                channel_id,
                message_ts,
                user_id,
            )
            rows = await conn.fetch(
                """SELECT user_id FROM reminder_done
                   WHERE team_id = $1 AND channel_id = $2 AND message_ts = $3 ORDER BY seq""",
                team_id,
                channel_id,
                message_ts,
            )
        return [row["user_id"] for row in rows]

    async def get_reminder_done(self, team_id: str, channel_id: str, message_ts: str) -> list[str]:
        pool = await self._ready()
        rows = await pool.fetch(
            """SELECT user_id FROM reminder_done
               WHERE team_id = $1 AND channel_id = $2 AND message_ts = $3 ORDER BY seq""",
            team_id,
            channel_id,
            message_ts,
        )
        return [row["user_id"] for row in rows]

    async def delete_team(self, team_id: str) -> None:
        pool = await self._ready()
        async with pool.acquire() as conn, conn.transaction():
            for table in TEAM_TABLES:
                await conn.execute(f"DELETE FROM {table} WHERE team_id = $1", team_id)

    async def check_health(self) -> str | None:
        checked_at, problem = self._health
        if time.monotonic() - checked_at < HEALTH_TTL_SECONDS:
            return problem
        try:
            pool = await self._ready()
            async with pool.acquire(timeout=5) as conn, conn.transaction():
                # A write that changes nothing: refused by a read-only server or a user without rights.
                await asyncio.wait_for(
                    conn.execute("UPDATE schema_version SET version = version WHERE false"), 5
                )
            problem = None
        except StoreUnavailable as exc:
            problem = str(exc)
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            problem = f"cannot use the database {_where(self._url)}: {_why(exc)}"
        self._health = (time.monotonic(), problem)
        return problem

    async def close(self) -> None:
        async with self._connecting:
            if self._pool is not None:
                pool, self._pool = self._pool, None
                try:
                    await asyncio.wait_for(pool.close(), timeout=5)
                except TimeoutError:
                    logger.warning("database connections still busy after 5 s; closing them")
                    pool.terminate()


def _count(status: str) -> int:
    """The row count of a command status such as ``UPDATE 2`` or ``DELETE 0``."""
    return int(status.rsplit(" ", 1)[-1])


def _where(url: str) -> str:
    """``host:port/dbname`` of a database URL: never the user's password."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    return f"{host}:{parts.port or 5432}{parts.path or '/'}"


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
