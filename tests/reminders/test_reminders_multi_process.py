"""Several ``socialtip serve --http`` processes on one PostgreSQL database: each reminder once.

Real processes, each running its own reminder loop (every 0.3 s here, a 3 s lease instead of
15 minutes), all posting to one Web API stand-in that counts ``chat.postMessage`` calls.
Skipped without ``SOCIALTIP_TEST_DATABASE_URL`` (failed in CI), see tests/support/postgres.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web

from bot.storage import connect_store

from ..support.factories import subscription
from ..support.postgres import fresh_database, server_url
from ..support.serve import serve_env, serve_port, spawn_serve
from .standin import ReminderStandIn

LEASE_SECONDS = 8.0  # longer than a second serve takes to start (it checks its token with Slack first)
INTERVAL_SECONDS = 0.3
CHANNELS = ("C1", "C2", "C3", "C4")


@dataclass
class HoldingStandIn(ReminderStandIn):
    """Holds the first ``hold_posts`` chat.postMessage requests until their sender goes away:
    Slack never answers them and never shows the message (a process dying mid-post)."""

    hold_posts: int = 0
    held_at: list[float] = field(default_factory=list)
    posted_at: dict[str, float] = field(default_factory=dict)

    async def _api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["method"] == "chat.postMessage":
            if self.hold_posts > 0:
                self.hold_posts -= 1
                self.held_at.append(time.monotonic())
                while request.transport is not None and not request.transport.is_closing():
                    await asyncio.sleep(0.05)
                return web.Response(status=503)  # nobody reads it: the sender is gone
            response = await super()._api(request)
            self.posted_at.setdefault(self.calls[-1].args.get("channel", ""), time.monotonic())
            return response
        return await super()._api(request)


@pytest.fixture
async def db_url() -> AsyncIterator[str]:
    async with fresh_database(server_url()) as url:
        yield url


@pytest.fixture
async def holding_standin() -> AsyncIterator[HoldingStandIn]:
    server = HoldingStandIn(team_id="T0001")
    await server.start()
    yield server
    await server.stop()


async def subscribe_due_now(db_url: str, channels: tuple[str, ...]) -> str:
    """Subscribe ``channels`` to a reminder due one minute ago (real clock); returns the slot key."""
    now = datetime.now(UTC) - timedelta(minutes=1)
    store = await connect_store(db_url)
    for channel in channels:
        await store.put_subscription(
            subscription(
                channel, team="T0001", weekday=now.weekday(), hour=now.hour, minute=now.minute, tz="UTC"
            )
        )
    await store.close()
    return now.date().isoformat()


@dataclass
class Serve:
    """One ``socialtip serve --http`` process."""

    proc: asyncio.subprocess.Process
    port: int = 0


async def start_serve(standin: ReminderStandIn, db_url: str, tmp_path: Path) -> Serve:
    env = serve_env(
        SLACK_API_URL=standin.api_url,
        SLACK_BOT_TOKEN="xoxb-multi-test",
        SLACK_SIGNING_SECRET="multi-test-secret",
        DATABASE_URL=db_url,
        SOCIALTIP_DB=str(tmp_path / "unused.json"),  # DATABASE_URL wins
        SOCIALTIP_REMINDER_INTERVAL=str(INTERVAL_SECONDS),
        SOCIALTIP_REMINDER_LEASE=str(LEASE_SECONDS),
    )
    # cwd: no .env from the repository
    proc = await spawn_serve(env, tmp_path, stderr=asyncio.subprocess.PIPE)
    return Serve(proc, await serve_port(proc))


async def stop(serve: Serve) -> tuple[int | None, str]:
    """SIGTERM (if still running); returns the exit code and what it logged."""
    if serve.proc.returncode is None:
        serve.proc.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(serve.proc.communicate(), 20)
    return serve.proc.returncode, err.decode()


@contextlib.asynccontextmanager
async def killed_on_exit(serves: list[Serve]) -> AsyncIterator[list[Serve]]:
    try:
        yield serves
    finally:
        for serve in serves:
            if serve.proc.returncode is None:
                serve.proc.kill()
                await serve.proc.wait()


async def wait_until(predicate: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_two_serve_processes_send_each_due_reminder_exactly_once(
    holding_standin: HoldingStandIn, db_url: str, tmp_path: Path
) -> None:
    standin = holding_standin
    slot = await subscribe_due_now(db_url, CHANNELS)
    async with killed_on_exit([]) as serves:
        serves += await asyncio.gather(*(start_serve(standin, db_url, tmp_path) for _ in range(2)))
        await wait_until(lambda: all(standin.posts_in(c) for c in CHANNELS), timeout=30)
        await asyncio.sleep(15 * INTERVAL_SECONDS)  # both loops run again many times meanwhile
        results = [await stop(s) for s in serves]
    for code, err in results:
        assert code == 0, err[-2000:]
        assert "reminder loop started" in err
    assert len(standin.calls_to("chat.postMessage")) == len(CHANNELS)
    assert all(len(standin.posts_in(c)) == 1 for c in CHANNELS)
    store = await connect_store(db_url)
    assert [await store.get_delivery_state("T0001", c, slot) for c in CHANNELS] == ["sent"] * len(CHANNELS)
    await store.close()


async def test_a_process_killed_mid_post_leaves_the_reminder_to_the_other_after_the_lease(
    holding_standin: HoldingStandIn, db_url: str, tmp_path: Path
) -> None:
    standin = holding_standin
    standin.hold_posts = 1
    slot = await subscribe_due_now(db_url, ("C1",))
    async with killed_on_exit([]) as serves:
        first = await start_serve(standin, db_url, tmp_path)
        serves.append(first)
        await wait_until(lambda: bool(standin.held_at), timeout=30)  # first claimed and is posting
        second = await start_serve(standin, db_url, tmp_path)
        serves.append(second)
        await asyncio.sleep(4 * INTERVAL_SECONDS)  # the second sees a live claim and skips it
        assert standin.posts_in("C1") == []
        first.proc.send_signal(signal.SIGKILL)
        await first.proc.wait()
        await wait_until(lambda: bool(standin.posts_in("C1")), timeout=LEASE_SECONDS + 20)
        await asyncio.sleep(10 * INTERVAL_SECONDS)
        code, err = await stop(second)
    assert first.proc.returncode == -signal.SIGKILL
    assert code == 0, err[-2000:]
    assert len(standin.posts_in("C1")) == 1
    assert standin.posted_at["C1"] - standin.held_at[0] >= LEASE_SECONDS - 0.5  # only after the lease
    assert "taking over a stale delivery claim" in err
    store = await connect_store(db_url)
    assert await store.get_delivery_state("T0001", "C1", slot) == "sent"
    await store.close()
