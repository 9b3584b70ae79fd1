"""Load `/socialtip <question>` on `socialtip serve --http` beside minimal ack-only Bolt apps.

Signed slash commands at concurrency 16 against three servers started as subprocesses on the
same machine in the same run: socialtip, a minimal Bolt app that only acks (Bolt's defaults),
and the same with ``process_before_response=True``. Prints requests per second, p50 / p99
latency, and the resident memory of ``serve``. Slack's Web API is a local stand-in.

    .venv/bin/python bench/slack_http_load.py [--requests 3000] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import aiohttp

from bot.slack import simulate
from bot.slack.standin import SlackStandIn

SECRET = "bench-secret"
ROOT = Path(__file__).resolve().parents[1]
# The 130 questions of the search development set, French and English, some unanswerable.
QUESTIONS = [
    q["text"]
    for q in tomllib.loads((ROOT / "bench" / "dev_questions.toml").read_text(encoding="utf-8"))["question"]
]
MINIMAL = """
import asyncio, sys
from slack_bolt.async_app import AsyncApp
from bot.slack.app import build_client
from bot.slack.server import start_http
async def main():
    app = AsyncApp(client=build_client(token="xoxb-bench", api_url=sys.argv[1]), signing_secret=sys.argv[2],
                   process_before_response=sys.argv[4] == "1")
    @app.command("/socialtip")
    async def socialtip(ack):
        await ack()
    await start_http(app, host="127.0.0.1", port=int(sys.argv[3]), signing_secret=sys.argv[2])
    print("ready", flush=True)
    await asyncio.Event().wait()
asyncio.run(main())
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def wait_healthy(port: int, path: str = "/healthz") -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            try:
                async with session.get(f"http://127.0.0.1:{port}{path}") as resp:
                    if resp.status in (200, 404, 405):
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"server on {port} did not start")


async def post_signed(session: aiohttp.ClientSession, url: str, body: str) -> tuple[int, float]:
    """POST a slash command ``body`` signed with the bench secret: (HTTP status, seconds taken)."""
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        **simulate.signed_headers(body, secret=SECRET),
    }
    start = time.perf_counter()
    async with session.post(url, data=body.encode(), headers=headers) as resp:
        await resp.read()
        status = resp.status
    return status, time.perf_counter() - start


async def load(
    port: int, standin: SlackStandIn, total: int, concurrency: int, *, unique: bool = False
) -> tuple[float, list[float]]:
    """Send ``total`` signed commands; ``unique`` makes every question text new (no repeats)."""
    bodies = [
        simulate.slash_command_body(
            QUESTIONS[i % len(QUESTIONS)] + (f" ({i})" if unique else ""),
            user=f"U{i % 50:04d}",
            channel="C0001",
            response_url=standin.response_url("C0001"),
        )
        for i in range(total)
    ]
    latencies: list[float] = []
    queue = iter(bodies)
    url = f"http://127.0.0.1:{port}/slack/events"

    async def worker(session: aiohttp.ClientSession) -> None:
        for body in queue:
            status, seconds = await post_signed(session, url, body)
            assert status == 200, status
            latencies.append(seconds)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        warm = iter(bodies[: concurrency * 4])
        for body in warm:  # warm up (auth.test, caches)
            await post_signed(session, url, body)
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return total / elapsed, latencies


def pct(values: list[float], p: float) -> float:
    """The ``p`` quantile of ``values`` (seconds) in milliseconds (NaN when there are none)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else float("nan")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    standin = SlackStandIn()
    await standin.start()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": standin.api_url,
    }
    results = []
    servers = [
        ("socialtip serve --http (130 questions, repeated)", None, False),
        ("socialtip serve --http (every question new)", None, True),
        ("minimal Bolt app, defaults", "0", False),
        ("minimal Bolt app, process_before_response", "1", False),
    ]
    with_tmp = ROOT / "data" / "bench"
    with_tmp.mkdir(parents=True, exist_ok=True)
    for name, pbr, unique in servers:
        port = free_port()
        if pbr is None:
            cmd = [sys.executable, "-m", "bot", "serve", "--http", "--port", str(port)]
            env_run = {**env, "SOCIALTIP_DB": str(with_tmp / "bench.json")}
        else:
            cmd = [sys.executable, "-c", MINIMAL, standin.api_url, SECRET, str(port), pbr]
            env_run = env
        proc = subprocess.Popen(
            cmd, env=env_run, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            await wait_healthy(port, "/healthz" if pbr is None else "/slack/events")
            rps, lat = await load(port, standin, args.requests, args.concurrency, unique=unique)
            results.append((name, rps, pct(lat, 0.5), pct(lat, 0.99), rss_mb(proc.pid)))
        finally:
            proc.terminate()
            proc.wait(timeout=15)
    await standin.stop()
    print(
        f"{args.requests} signed /socialtip requests, concurrency {args.concurrency}, {os.cpu_count()} CPUs"
    )
    print(f"{'server':50} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'RSS MB':>8}")
    for name, rps, p50, p99, rss in results:
        print(f"{name:50} {rps:8.0f} {p50:8.1f} {p99:8.1f} {rss:8.1f}")
    best_minimal = max(r[1] for r in results[2:])
    for name, rps, _p50, p99, rss in results[:2]:
        print(
            f"{name}: {rps / best_minimal:.2f} of the faster minimal app's throughput (target >= 0.8), "
            f"p99 {p99:.1f} ms (target < 50), RSS {rss:.0f} MB (target < 120)"
        )


if __name__ == "__main__":
    asyncio.run(main())
