"""Two ``socialtip serve --http`` processes on one PostgreSQL database answer as one app.

Regression test: each process cached people's ``/socialtip lang`` choice as if it were the only
writer, so a choice made through one process was ignored by the other until it restarted.
Skipped without ``SOCIALTIP_TEST_DATABASE_URL`` (failed in CI), see tests/support/postgres.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.messages import t
from bot.slack.standin import SlackStandIn
from bot.storage import connect_store

from ..support.postgres import fresh_database, server_url
from ..support.serve import serve_env, serve_port, spawn_serve
from ..support.slack import BOT_TOKEN, SIGNING_SECRET, SlackTestApp
from .helpers import all_text


@pytest.fixture
async def db_url() -> AsyncIterator[str]:
    async with fresh_database(server_url()) as url:
        yield url


@contextlib.asynccontextmanager
async def serve_processes(
    count: int, db_url: str, standin: SlackStandIn, cwd: Path
) -> AsyncIterator[list[int]]:
    """Start ``count`` serve processes on ``db_url``; yields their ports; SIGTERM on exit."""
    env = serve_env(
        SLACK_API_URL=standin.api_url,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        DATABASE_URL=db_url,
    )
    procs = []
    try:
        ports = []
        for _ in range(count):
            proc = await spawn_serve(env, cwd)
            procs.append(proc)
            ports.append(await serve_port(proc))
        yield ports
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                await asyncio.wait_for(proc.wait(), 20)
            except TimeoutError:
                proc.kill()
                await proc.wait()


async def test_a_language_chosen_through_one_process_is_used_by_the_other(
    db_url: str, tmp_path: Path
) -> None:
    standin = SlackStandIn()
    await standin.start()
    try:
        async with serve_processes(2, db_url, standin, tmp_path) as ports, aiohttp.ClientSession() as session:
            a, b = (SlackTestApp(f"http://127.0.0.1:{port}", standin, session, None, None) for port in ports)
            before = await b.reply_to("aide", user="U0042")  # process B now knows U0042's (unset) choice
            assert t("help_title", "fr") in all_text(before)
            confirm = await a.reply_to("lang en", user="U0042")
            assert "Got it" in all_text(confirm)
            store = await connect_store(db_url)
            try:
                for _ in range(100):  # the choice is stored once A has finished its reply
                    if await store.get_user_lang("T0001", "U0042") == "en":
                        break
                    await asyncio.sleep(0.05)
                assert await store.get_user_lang("T0001", "U0042") == "en"
            finally:
                await store.close()
            after = await b.reply_to("aide", user="U0042")
            assert t("help_title", "en") in all_text(after)
    finally:
        await standin.stop()
