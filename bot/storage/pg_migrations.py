"""The PostgreSQL schema as ordered migrations, applied at start-up under an advisory lock.

Each migration runs once, in order; ``schema_version`` records which ones a database has.
:func:`migrate` is idempotent and safe when several processes start at once: it holds a
transaction-level advisory lock, so one process migrates while the others wait, then find
nothing left to do. A migration is never edited once released: add the next one instead.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

import asyncpg

logger = logging.getLogger(__name__)

LOCK_KEY = 0x50C1A17150C1A1
"""The advisory lock taken while migrating (any constant unique to socialtip)."""


class Migration(NamedTuple):
    version: int
    description: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "preferences, feedback, checklist ticks, events, subscriptions, deliveries, rotations",
        """
        CREATE TABLE prefs (
            team_id  text NOT NULL,
            user_id  text NOT NULL,
            lang     text,
            last_tip text,
            PRIMARY KEY (team_id, user_id)
        );
        CREATE TABLE feedback (
            id       bigserial PRIMARY KEY,
            team_id  text NOT NULL,
            user_id  text NOT NULL,
            entry_id text NOT NULL,
            question text NOT NULL,
            vote     text NOT NULL CHECK (vote IN ('up', 'down')),
            at       timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX feedback_team ON feedback (team_id);
        CREATE TABLE checklist_ticks (
            team_id      text NOT NULL,
            channel_id   text NOT NULL,
            checklist_id text NOT NULL,
            ticked       integer[] NOT NULL,
            PRIMARY KEY (team_id, channel_id, checklist_id)
        );
        -- Slack event ids are unique across workspaces; ``at`` is epoch seconds.
        CREATE TABLE events (
            event_id text PRIMARY KEY,
            at       double precision NOT NULL
        );
        CREATE INDEX events_at ON events (at);
        CREATE TABLE subscriptions (
            team_id       text NOT NULL,
            channel_id    text NOT NULL,
            weekday       smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
            hour          smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
            minute        smallint NOT NULL CHECK (minute BETWEEN 0 AND 59),
            tz            text NOT NULL,
            lang          text NOT NULL,
            subscriber_id text NOT NULL,
            status        text NOT NULL CHECK (status IN ('active', 'paused', 'disabled')),
            reason        text NOT NULL DEFAULT '',
            PRIMARY KEY (team_id, channel_id)
        );
        CREATE TABLE deliveries (
            team_id    text NOT NULL,
            channel_id text NOT NULL,
            slot       text NOT NULL,
            state      text NOT NULL CHECK (state IN ('claimed', 'sent', 'released')),
            owner      text NOT NULL,
            claimed_at timestamptz NOT NULL,
            PRIMARY KEY (team_id, channel_id, slot)
        );
        CREATE INDEX deliveries_claimed_at ON deliveries (claimed_at);
        CREATE TABLE seen (
            team_id    text NOT NULL,
            channel_id text NOT NULL,
            entries    text[] NOT NULL,
            PRIMARY KEY (team_id, channel_id)
        );
        """,
    ),
    Migration(
        2,
        "installations (multi-workspace OAuth) and OAuth states",
        """
        -- '' stands for "none" in the key columns (an org-wide install has no team_id, a
        -- workspace outside Enterprise Grid no enterprise_id), so the primary key applies.
        CREATE TABLE installations (
            enterprise_id         text NOT NULL DEFAULT '',
            team_id               text NOT NULL DEFAULT '',
            user_id               text NOT NULL,
            is_enterprise_install boolean NOT NULL,
            bot_token             text,
            installed_at          double precision NOT NULL,
            data                  jsonb NOT NULL,
            PRIMARY KEY (enterprise_id, team_id, user_id)
        );
        CREATE TABLE oauth_states (
            state      text PRIMARY KEY,
            expires_at timestamptz NOT NULL
        );
        CREATE INDEX oauth_states_expires_at ON oauth_states (expires_at);
        """,
    ),
    Migration(
        3,
        "who clicked Done on each reminder message",
        """
        CREATE TABLE reminder_done (
            team_id    text NOT NULL,
            channel_id text NOT NULL,
            message_ts text NOT NULL,
            user_id    text NOT NULL,
            seq        bigserial,
            PRIMARY KEY (team_id, channel_id, message_ts, user_id)
        );
        """,
    ),
    Migration(
        4,
        "one vote per person and answer (feedback.answer_id), votes pruned by age, subscriptions.since",
        r"""
        -- Rows kept before this migration get the answer id bot.storage.base.answer_key computes
        -- (md5 of the entry id, a newline and the question, whitespace collapsed and lower-cased);
        -- of several votes by one person on one answer, the latest stays.
        ALTER TABLE feedback ADD COLUMN answer_id text;
        UPDATE feedback SET answer_id = md5(
            entry_id || E'\n' || lower(btrim(regexp_replace(question, '\s+', ' ', 'g'), ' ')));
        DELETE FROM feedback f USING feedback g
            WHERE f.team_id = g.team_id AND f.user_id = g.user_id AND f.answer_id = g.answer_id
              AND (f.at, f.id) < (g.at, g.id);
        ALTER TABLE feedback ALTER COLUMN answer_id SET NOT NULL;
        CREATE UNIQUE INDEX feedback_vote ON feedback (team_id, user_id, answer_id);
        CREATE INDEX feedback_at ON feedback (at);
        ALTER TABLE subscriptions ADD COLUMN since double precision NOT NULL DEFAULT 0;
        """,
    ),
    Migration(
        5,
        "questions asked (insights for editors), workspace settings (expert channel), votes' language and surface",
        """
        -- One row per question: the entry it got, or NULL when refused (then its text is kept).
        CREATE TABLE questions (
            id       bigserial PRIMARY KEY,
            team_id  text NOT NULL,
            lang     text NOT NULL CHECK (lang IN ('fr', 'en')),
            entry_id text,
            text     text NOT NULL DEFAULT '',
            at       timestamptz NOT NULL
        );
        CREATE INDEX questions_team_at ON questions (team_id, at);
        CREATE INDEX questions_at ON questions (at);
        CREATE TABLE team_settings (
            team_id        text PRIMARY KEY,
            expert_channel text
        );
        ALTER TABLE feedback ADD COLUMN lang text NOT NULL DEFAULT '';
        ALTER TABLE feedback ADD COLUMN surface text NOT NULL DEFAULT '';
        """,
    ),
)


async def migrate(conn: asyncpg.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the migrations ``conn``'s database lacks, in order; returns the versions applied."""
    applied: list[int] = []
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", LOCK_KEY)
        await conn.execute(
            """CREATE TABLE IF NOT EXISTS schema_version (
                   version     integer PRIMARY KEY,
                   description text NOT NULL,
                   applied_at  timestamptz NOT NULL DEFAULT now()
               )"""
        )
        done = {row["version"] for row in await conn.fetch("SELECT version FROM schema_version")}
        for migration in sorted(migrations, key=lambda m: m.version):
            if migration.version in done:
                continue
            await conn.execute(migration.sql)
            await conn.execute(
                "INSERT INTO schema_version (version, description) VALUES ($1, $2)",
                migration.version,
                migration.description,
            )
            applied.append(migration.version)
    if applied:
        logger.info("database schema migrated to version %d", applied[-1])
    return applied


async def schema_version(conn: asyncpg.Connection) -> int:
    """The newest migration applied to ``conn``'s database (0 when none)."""
    exists = await conn.fetchval("SELECT to_regclass('schema_version') IS NOT NULL")
    if not exists:
        return 0
    return await conn.fetchval("SELECT coalesce(max(version), 0) FROM schema_version")
