"""The HTTP load of ``slack_http_load.py`` on PostgreSQL with two ``serve`` processes, beside TinyDB.

In one run, signed ``/socialtip <question>`` commands (the 130 questions of the development set)
at concurrency 16 against: ``socialtip serve --http`` on TinyDB (one process, the only way TinyDB
runs), on PostgreSQL with one process, and on PostgreSQL with two processes sharing the
database, the load generator alternating requests between their two ports (round-robin).
Prints requests per second and p50 / p99 latency. Slack's Web API is a local stand-in.

The database: ``--database-url`` (a server where we may create a database), else
``SOCIALTIP_TEST_DATABASE_URL``, else a throwaway server started with ``scripts/pg-test-server``
(which runs with fsync off: figures on a durable server are lower for writes).

    .venv/bin/python bench/slack_http_load_postgres.py [--requests 3000] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import asyncpg
from slack_http_load import QUESTIONS, SECRET, free_port, pct, post_signed, rss_mb, wait_healthy

from bot.slack import simulate
from bot.slack.standin import SlackStandIn

ROOT = Path(__file__).resolve().parents[1]
PG_SCRIPT = ROOT / "scripts" / "pg-test-server"


async def load(
    ports: list[int], standin: SlackStandIn, total: int, concurrency: int
) -> tuple[float, list[float]]:
    """Send ``total`` signed commands, request ``i`` to ``ports[i % len(ports)]`` (round-robin)."""
    jobs = [
        (
            f"http://127.0.0.1:{ports[i % len(ports)]}/slack/events",
            simulate.slash_command_body(
                QUESTIONS[i % len(QUESTIONS)],
                user=f"U{i % 50:04d}",
                channel="C0001",
                response_url=standin.response_url("C0001"),
            ),
        )
        for i in range(total)
    ]
    latencies: list[float] = []

    async def post(session: aiohttp.ClientSession, url: str, body: str) -> float:
        status, seconds = await post_signed(session, url, body)
        assert status == 200, status
        return seconds

    queue = iter(jobs)

    async def worker(session: aiohttp.ClientSession) -> None:
        for url, body in queue:
            latencies.append(await post(session, url, body))

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:
        for url, body in jobs[: concurrency * 4]:  # warm up every process (auth.test, caches, pool)
            await post(session, url, body)
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return total / elapsed, latencies


@contextlib.contextmanager
def serving(env: dict[str, str], count: int) -> Iterator[list[tuple[int, subprocess.Popen[bytes]]]]:
    """``count`` ``socialtip serve --http`` processes with ``env``, stopped on exit."""
    procs = []
    try:
        for _ in range(count):
            port = free_port()
            cmd = [sys.executable, "-m", "bot", "serve", "--http", "--port", str(port)]
            procs.append(
                (
                    port,
                    subprocess.Popen(
                        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                    ),
                )
            )
        yield procs
    finally:
        for _, proc in procs:
            proc.terminate()
        for _, proc in procs:
            proc.wait(timeout=15)


@contextlib.asynccontextmanager
async def bench_database(url: str | None) -> AsyncIterator[str]:
    """A fresh database on ``url``'s server (or on a throwaway server), dropped afterwards."""
    with contextlib.ExitStack() as stack:
        if not url:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="socialtip-bench-pg."))
            os.chmod(folder, 0o755)  # as root the server runs as `postgres`, which must get in
            pg_env = {**os.environ, "PGTEST_DIR": folder + "/pg", "PGTEST_PORT": str(free_port())}
            url = subprocess.run(
                [str(PG_SCRIPT), "start"], env=pg_env, check=True, capture_output=True, text=True, timeout=120
            ).stdout.strip()
            stack.callback(subprocess.run, [str(PG_SCRIPT), "stop"], env=pg_env, check=False, timeout=120)
        name = f"socialtip_bench_{uuid.uuid4().hex[:12]}"
        admin = await asyncpg.connect(url)
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        try:
            yield urlunsplit(urlsplit(url)._replace(path="/" + name))
        finally:
            admin = await asyncpg.connect(url)
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--database-url", default=os.environ.get("SOCIALTIP_TEST_DATABASE_URL"))
    args = parser.parse_args()
    standin = SlackStandIn()
    await standin.start()
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALTIP_", "DATABASE_URL"))
    } | {"SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": standin.api_url}
    results = []
    async with bench_database(args.database_url) as db_url:
        with tempfile.TemporaryDirectory(prefix="socialtip-bench.") as tmp:
            setups = [
                ("TinyDB, 1 serve process", {"SOCIALTIP_DB": str(Path(tmp) / "bench.json")}, 1),
                ("PostgreSQL, 1 serve process", {"DATABASE_URL": db_url}, 1),
                ("PostgreSQL, 2 serve processes (round-robin)", {"DATABASE_URL": db_url}, 2),
            ]
            for name, extra, count in setups:
                with serving(base | extra, count) as procs:
                    for port, _ in procs:
                        await wait_healthy(port)
                    ports = [port for port, _ in procs]
                    rps, lat = await load(ports, standin, args.requests, args.concurrency)
                    rss = sum(rss_mb(proc.pid) for _, proc in procs)
                    results.append((name, rps, pct(lat, 0.5), pct(lat, 0.99), rss))
    await standin.stop()
    print(
        f"{args.requests} signed /socialtip requests, concurrency {args.concurrency}, {os.cpu_count()} CPUs "
        "(load generator, PostgreSQL and the serve processes on the same machine)"
    )
    print(f"{'setup':46} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'RSS MB':>8}")
    for name, rps, p50, p99, rss in results:
        print(f"{name:46} {rps:8.0f} {p50:8.1f} {p99:8.1f} {rss:8.1f}")


if __name__ == "__main__":
    asyncio.run(main())
