"""The PostgreSQL backend: migrations, several processes at once, durability, choosing it by URL.

What every backend shares is in test_store_behaviour.py (run here on PostgreSQL too, see
conftest.py); this file covers what only a shared server brings.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from bot.storage import StoreUnavailable, TinyDBStore, connect_store, open_store
from bot.storage.base import answer_key
from bot.storage.pg_migrations import MIGRATIONS, migrate, schema_version
from bot.storage.postgres_store import PostgresStore

from ..support.postgres import fresh_database, server_url

CHILD = Path(__file__).with_name("_postgres_child.py")
REPO = Path(__file__).resolve().parents[2]
LATEST = max(m.version for m in MIGRATIONS)


@pytest.fixture
async def db_url() -> AsyncIterator[str]:
    async with fresh_database(server_url()) as url:
        yield url


async def child(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(CHILD),
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


async def finish(proc: asyncio.subprocess.Process) -> list[str]:
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()[-2000:]
    return out.decode().split()


async def test_a_new_database_gets_the_whole_schema_and_reconnecting_changes_nothing(db_url: str) -> None:
    store = await connect_store(db_url)
    await store.set_user_lang("T1", "U1", "en")
    await store.close()
    conn = await asyncpg.connect(db_url)
    try:
        assert await schema_version(conn) == LATEST
        assert await migrate(conn) == []  # idempotent
        rows = await conn.fetch("SELECT version FROM schema_version ORDER BY version")
        assert [r["version"] for r in rows] == sorted(m.version for m in MIGRATIONS)
    finally:
        await conn.close()
    again = await connect_store(db_url)
    assert await again.get_user_lang("T1", "U1") == "en"
    await again.close()


async def test_an_older_schema_is_migrated_at_start_up_keeping_its_data(db_url: str) -> None:
    conn = await asyncpg.connect(db_url)
    try:
        assert await migrate(conn, MIGRATIONS[:1]) == [1]
        await conn.execute("INSERT INTO prefs (team_id, user_id, lang) VALUES ('T1', 'U1', 'en')")
    finally:
        await conn.close()
    store = await connect_store(db_url)
    assert await store.get_user_lang("T1", "U1") == "en"
    assert await store.get_expert_channel("T1") is None  # a table of the latest migration
    await store.close()
    conn = await asyncpg.connect(db_url)
    try:
        assert await schema_version(conn) == LATEST
    finally:
        await conn.close()


async def test_migration_4_keeps_the_latest_vote_per_person_and_answer(db_url: str) -> None:
    """Before migration 4 every click was a row; after it, one vote per person and answer."""
    conn = await asyncpg.connect(db_url)
    try:
        assert await migrate(conn, MIGRATIONS[:3]) == [1, 2, 3]
        for n, (user, question, vote) in enumerate(
            [("U1", "Comment  réagir ?", "up"), ("U1", "comment réagir ?", "down"), ("U2", "q", "up")]
        ):
            await conn.execute(
                """INSERT INTO feedback (team_id, user_id, entry_id, question, vote, at)
                   VALUES ('T1', $1, 'tip-a', $2, $3, now() - make_interval(secs => $4))""",
                user,
                question,
                vote,
                100.0 - n,
            )
    finally:
        await conn.close()
    store = await connect_store(db_url)
    votes = await store.list_feedback("T1")
    assert [(f.user_id, f.vote) for f in votes] == [("U1", "down"), ("U2", "up")]
    assert votes[0].answer == answer_key("tip-a", "comment réagir ?")  # the same id Python computes
    assert (
        await store.set_vote(
            team_id="T1", user_id="U1", entry_id="tip-a", question="COMMENT réagir ?", vote="up"
        )
        == "down"
    )
    await store.close()


async def test_migration_5_keeps_the_votes_and_adds_questions_and_settings(db_url: str) -> None:
    """Votes kept before migration 5 have no language nor surface: they read as empty."""
    conn = await asyncpg.connect(db_url)
    try:
        assert await migrate(conn, MIGRATIONS[:4]) == [1, 2, 3, 4]
        await conn.execute(
            """INSERT INTO feedback (team_id, user_id, answer_id, entry_id, question, vote, at)
               VALUES ('T1', 'U1', 'a1', 'tip-a', 'q?', 'down', now())"""
        )
    finally:
        await conn.close()
    store = await connect_store(db_url)
    [old] = await store.list_feedback("T1")
    assert (old.vote, old.lang, old.surface) == ("down", "", "")
    await store.record_question(
        team_id="T1", lang="en", entry_id=None, text="x?", now=time.time(), keep_days=90
    )
    await store.set_expert_channel("T1", "CEXP")
    assert [q.text for q in await store.list_questions("T1")] == ["x?"]
    assert await store.get_expert_channel("T1") == "CEXP"
    await store.close()


async def test_processes_starting_at_once_migrate_once(db_url: str) -> None:
    procs = [await child("migrate", db_url) for _ in range(6)]
    versions = [await finish(p) for p in procs]
    assert versions == [[str(LATEST)]] * 6
    conn = await asyncpg.connect(db_url)
    try:
        count = await conn.fetchval("SELECT count(*) FROM schema_version")
    finally:
        await conn.close()
    assert count == len(MIGRATIONS)


async def test_processes_never_win_the_same_delivery_claim(db_url: str) -> None:
    await (await connect_store(db_url)).close()  # schema first, so the race is about claims only
    procs = [await child("claim", db_url, owner, "80") for owner in ("a", "b", "c")]
    won = [set(map(int, await finish(p))) for p in procs]
    assert sum(len(w) for w in won) == 80
    assert set().union(*won) == set(range(80))


async def test_sigkill_during_a_burst_of_writes_loses_no_acknowledged_write(db_url: str) -> None:
    """Kill -9 a writing process at random moments; every write it acknowledged is committed."""
    acknowledged: set[int] = set()
    rng = random.Random(5)
    start = 0
    for _ in range(4):
        proc = await child("burst", db_url, str(start))
        assert proc.stdout is not None
        target = rng.randint(20, 80)
        for _ in range(target):
            line = await asyncio.wait_for(proc.stdout.readline(), 30)
            acknowledged.add(int(line))
        proc.send_signal(signal.SIGKILL)
        rest, _ = await asyncio.wait_for(proc.communicate(), 30)
        acknowledged.update(int(n) for n in rest.split())  # printed before the kill: acknowledged
        assert proc.returncode == -signal.SIGKILL
        start = max(acknowledged) + 1000
    store = await connect_store(db_url)
    channels = {s.channel_id for s in await store.list_subscriptions("T1")}
    assert not {n for n in acknowledged if f"C{n}" not in channels}
    for n in sorted(acknowledged)[:40]:
        assert await store.get_checklist_ticks("T1", f"C{n}", "launch") == {n % 5}
    await store.close()


async def test_two_stores_see_each_others_writes_at_once(db_url: str) -> None:
    a, b = await connect_store(db_url), await connect_store(db_url)
    await a.tick_checklist_step("T1", "C1", "launch", 1, True)
    assert await b.get_checklist_ticks("T1", "C1", "launch") == {1}
    await a.close()
    await b.close()


async def test_clicks_on_two_processes_never_lose_a_checklist_tick(db_url: str) -> None:
    """Two web processes ticking steps of one checklist at once: every tick is kept."""
    a, b = await connect_store(db_url), await connect_store(db_url)
    await asyncio.gather(
        *((a if i % 2 else b).tick_checklist_step("T1", "C1", "launch", i, True) for i in range(20))
    )
    assert await a.get_checklist_ticks("T1", "C1", "launch") == set(range(20))
    await a.close()
    await b.close()


def test_the_url_picks_the_backend(tmp_path: Path) -> None:
    assert isinstance(open_store("postgresql://u@127.0.0.1/db"), PostgresStore)
    assert isinstance(open_store("postgres://u@127.0.0.1/db"), PostgresStore)
    assert isinstance(open_store(str(tmp_path / "db.json")), TinyDBStore)
    assert isinstance(open_store(None), TinyDBStore)


def closed_port() -> int:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_an_unreachable_server_fails_at_start_up_naming_it_without_the_password() -> None:
    port = closed_port()
    with pytest.raises(StoreUnavailable) as caught:
        await connect_store(f"postgresql://socialtip:s3cret@127.0.0.1:{port}/socialtip")
    assert f"127.0.0.1:{port}/socialtip" in str(caught.value)
    assert "s3cret" not in str(caught.value)


@pytest.mark.parametrize("command", [["serve", "--http"], ["reminders", "run-due"]])
async def test_serve_and_run_due_with_an_unreachable_database_say_so_in_one_line(
    command: list[str], tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALTIP_", "DATABASE_"))}
    env |= {
        "SLACK_BOT_TOKEN": "xoxb-x",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
        "DATABASE_URL": f"postgresql://socialtip:s3cret@127.0.0.1:{closed_port()}/socialtip",
        "PORT": "0",
        "PYTHONPATH": str(REPO),
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *command, cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode in (1, 2)
    lines = [line for line in err.decode().splitlines() if line.startswith("socialtip:")]
    assert lines and "cannot connect to the database" in lines[-1]
    assert b"Traceback" not in err and b"s3cret" not in err


async def test_health_says_what_is_wrong_with_a_read_only_database(db_url: str) -> None:
    """/healthz must answer 503 when the database can be read but not written."""
    store = await connect_store(db_url)
    assert await store.check_health() is None
    await store.close()
    conn = await asyncpg.connect(db_url)
    try:
        name = await conn.fetchval("SELECT current_database()")
        await conn.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    finally:
        await conn.close()
    read_only = PostgresStore(db_url)  # e.g. a process (re)connecting after a failover to a replica
    problem = await read_only.check_health()
    assert problem is not None and "read-only" in problem and "/" + name in problem
    assert "\n" not in problem
    await read_only.close()
    with pytest.raises(StoreUnavailable, match="read-only"):  # and serve stops at start, in one line
        await connect_store(db_url)
