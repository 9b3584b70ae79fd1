"""Abuse, faults and growth against a real ``socialtip serve --http`` (issue #10's targets).

Each scenario starts ``serve --http`` as a subprocess on a fresh TinyDB file, with Slack's Web
API and ``response_url`` played by the local stand-in, sends signed requests like Slack does,
and prints its figures next to the issue's target. Scenarios are registered in
:data:`SCENARIOS`; run all of them, or name some:

    .venv/bin/python bench/abuse.py                      # every scenario
    .venv/bin/python bench/abuse.py feedback-burst       # just one
    .venv/bin/python bench/abuse.py --list

- ``feedback-burst``: 3,000 👍/👎 clicks as fast as they can go (one person hammering one answer,
  fifty others on five answers) while other people use ``/socialtip``: their acks' p99 during
  the burst (target < 1 s), then the votes kept (target: at most one per person and answer).
- ``year-store``: a TinyDB store after a year of a 200-person team (100,000 questions with their
  votes, preferences, reminders, checklist ticks), then ``/socialtip`` acks on it (target p99 <
  100 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from bot.knowledge import load_knowledge
from bot.render.blocks import FEEDBACK
from bot.slack import simulate
from bot.slack.standin import Message, SlackStandIn
from bot.storage import Subscription, TinyDBStore
from bot.storage.tinydb_store import votes_path

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-abuse-secret"
TEAM = simulate.TEAM
QUESTIONS = [
    q["text"]
    for q in tomllib.loads((ROOT / "bench" / "dev_questions.toml").read_text(encoding="utf-8"))["question"]
]


# Helpers shared by the scenarios.
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], p: float) -> float:
    """The ``p`` quantile of ``values`` (seconds) in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else float("nan")


@dataclass
class Server:
    """A ``socialtip serve --http`` subprocess."""

    proc: subprocess.Popen[bytes]
    port: int
    started_in: float

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    def stop(self) -> None:
        """SIGTERM (the store writes what is pending), then wait."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


async def start_serve(standin: SlackStandIn, db: Path) -> Server:
    """``socialtip serve --http`` on ``db``, its Web API at ``standin``, healthy."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALTIP_", "DATABASE_"))}
    env |= {
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": standin.api_url,
        "SOCIALTIP_DB": str(db),
        "SOCIALTIP_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--http", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    async with aiohttp.ClientSession() as session:
        for _ in range(600):
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as resp:
                    if resp.status == 200:
                        return Server(proc, port, time.perf_counter() - started)
            except aiohttp.ClientError:
                pass
            if proc.poll() is not None:
                break
            await asyncio.sleep(0.1)
    proc.kill()
    raise RuntimeError("socialtip serve did not start")


async def post(session: aiohttp.ClientSession, url: str, body: str) -> tuple[int, float, str]:
    """POST a form body signed like Slack: (status, seconds, response text)."""
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        **simulate.signed_headers(body, secret=SECRET),
    }
    start = time.perf_counter()
    async with session.post(url, data=body.encode(), headers=headers) as resp:
        text = await resp.text()
        return resp.status, time.perf_counter() - start, text


def command(standin: SlackStandIn, text: str, user: str, channel: str = "C0001") -> str:
    return simulate.slash_command_body(
        text, user=user, channel=channel, response_url=standin.response_url(channel)
    )


async def answer_message(
    session: aiohttp.ClientSession, server: Server, standin: SlackStandIn, q: str
) -> Message:
    """Ask ``q`` and keep the ephemeral answer as the stand-in would show it (with its 👍/👎)."""
    status, _, text = await post(session, server.url, command(standin, q, "UASKER"))
    assert status == 200 and text.startswith("{"), (status, text[:200])
    return standin.add_message("C0001", json.loads(text), ephemeral=True)


async def settle(standin: SlackStandIn, quiet: float = 1.5, limit: float = 60.0) -> None:
    """Wait until the app has made no Web API or response_url call for ``quiet`` seconds."""
    deadline = time.monotonic() + limit
    seen = -1
    while time.monotonic() < deadline:
        if len(standin.calls) == seen:
            return
        seen = len(standin.calls)
        await asyncio.sleep(quiet)


# Scenario: a burst of feedback clicks.
async def feedback_burst(args: argparse.Namespace) -> None:
    """3,000 clicks while other people use /socialtip; then the votes kept."""
    standin = SlackStandIn()
    await standin.start()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "socialtip.json"
        server = await start_serve(standin, db)
        try:
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200)) as session:
                await post(session, server.url, command(standin, "lang fr", "UASKER"))  # answers in the ack
                answers = [await answer_message(session, server, standin, q) for q in QUESTIONS[:6]]
                rng = random.Random(10)
                clicks: list[str] = []
                for n in range(args.clicks):
                    if n % 3 == 0:  # one person hammering one answer, 👍 and 👎 in turn
                        user, answer, vote = "UHAMMER", answers[0], "up" if n % 2 else "down"
                    else:
                        user, answer, vote = (
                            f"U{rng.randrange(50):04d}",
                            rng.choice(answers[1:]),
                            rng.choice(["up", "down"]),
                        )
                    payload = simulate.block_actions_payload(
                        answer,
                        FEEDBACK,
                        user=user,
                        response_url=standin.response_url("C0001", answer.ts),
                        vote=vote,
                    )
                    clicks.append(simulate.block_actions_body(payload))
                others = [
                    command(standin, QUESTIONS[i % len(QUESTIONS)], f"UOTHER{i % 20}") for i in range(100_000)
                ]

                burst_done = asyncio.Event()
                click_lat: list[float] = []
                other_lat: list[float] = []
                statuses: Counter[int] = Counter()

                async def clicker(queue: list[str]) -> None:
                    while queue:
                        status, seconds, _ = await post(session, server.url, queue.pop())
                        statuses[status] += 1
                        click_lat.append(seconds)

                async def other_person(queue: list[str]) -> None:
                    while not burst_done.is_set():
                        status, seconds, _ = await post(session, server.url, queue.pop())
                        statuses[status] += 1
                        if not burst_done.is_set():
                            other_lat.append(seconds)

                started = time.perf_counter()
                people = [asyncio.create_task(other_person(others)) for _ in range(4)]
                await asyncio.gather(*(clicker(clicks) for _ in range(args.click_concurrency)))
                burst = time.perf_counter() - started
                burst_done.set()
                await asyncio.gather(*people)
            await settle(standin)
            rss = rss_mb(server.proc.pid)
        finally:
            server.stop()
        store = TinyDBStore(db)
        votes = await store.list_feedback(TEAM)
        await store.close()
        per_key = Counter((v.user_id, v.answer) for v in votes)
        thanks = len(standin.calls_to("response_url"))
    await standin.stop()
    print(
        f"feedback-burst: {args.clicks} clicks at concurrency {args.click_concurrency} in {burst:.1f} s "
        f"({args.clicks / burst:.0f}/s), HTTP statuses {dict(statuses)}"
    )
    print(f"  clicks' own acks: p50 {pct(click_lat, 0.5):.1f} ms, p99 {pct(click_lat, 0.99):.1f} ms")
    print(
        f"  other people's /socialtip acks during the burst: {len(other_lat)} requests, "
        f"p50 {pct(other_lat, 0.5):.1f} ms, p99 {pct(other_lat, 0.99):.1f} ms (target p99 < 1000 ms)"
    )
    print(
        f"  votes kept: {len(votes)} for {len(per_key)} person-answer pairs, at most {max(per_key.values())} "
        f"per person and answer (target <= 1); thank-yous sent: {thanks}; serve RSS {rss:.0f} MB"
    )


# Scenario: a store after a year of a 200-person team.
async def fill_year(db: Path, votes: int) -> dict[str, Any]:
    """A year of a 200-person team, written through the store: votes on ``votes`` questions,
    everyone's language, 20 channels with reminders, ticks and who did each weekly practice."""
    kb = load_knowledge()
    entries = sorted(kb.entries)
    checklists = sorted(e.id for e in kb.of_kind("checklist"))
    rng = random.Random(365)
    now = time.time()
    store = TinyDBStore(db)
    started = time.perf_counter()
    users = [f"U{n:04d}" for n in range(200)]
    for user in users:
        await store.set_user_lang(TEAM, user, rng.choice(["fr", "en"]))
    for c in range(20):
        await store.put_subscription(
            Subscription(
                TEAM, f"C{c:04d}", c % 5, 9, 0, "Europe/Paris", "fr", users[c], since=now - 365 * 86400
            )
        )
        for checklist in checklists:
            for step in rng.sample(range(5), 3):
                await store.tick_checklist_step(TEAM, f"C{c:04d}", checklist, step, True)
        for week in range(52):
            ts = f"{now - week * 7 * 86400:.6f}"
            await asyncio.gather(
                *(store.add_reminder_done(TEAM, f"C{c:04d}", ts, u) for u in rng.sample(users, 15))
            )
    for start in range(0, votes, 2000):
        await asyncio.gather(
            *(
                store.set_vote(
                    team_id=TEAM,
                    user_id=rng.choice(users),
                    entry_id=rng.choice(entries),
                    question=f"{rng.choice(QUESTIONS)} (#{n})",
                    vote=rng.choice(["up", "up", "down"]),
                    now=now - rng.random() * 360 * 86400,
                )
                for n in range(start, min(votes, start + 2000))
            )
        )
    await store.close()
    return {
        "filled_in": time.perf_counter() - started,
        "db_kb": db.stat().st_size / 1024,
        "votes_mb": votes_path(db).stat().st_size / 1024 / 1024,
    }


async def year_store(args: argparse.Namespace) -> None:
    """/socialtip acks on a store holding a year of a 200-person team."""
    standin = SlackStandIn()
    await standin.start()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "socialtip.json"
        filled = await fill_year(db, args.votes)
        server = await start_serve(standin, db)
        rng = random.Random(7)
        mix = ["question"] * 14 + ["tip"] * 3 + ["checklist"] * 2 + ["lang"]
        checklists = sorted(e.id for e in load_knowledge().of_kind("checklist"))
        bodies = []
        for i in range(args.requests):
            kind, user = rng.choice(mix), f"U{rng.randrange(200):04d}"
            text = {
                "question": QUESTIONS[i % len(QUESTIONS)],
                "tip": "",
                "checklist": f"liste {rng.choice(checklists)}",
                "lang": f"lang {rng.choice(['fr', 'en'])}",
            }[kind]
            bodies.append(command(standin, text, user, channel=f"C{rng.randrange(20):04d}"))
        latencies: list[float] = []
        try:
            async with aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=args.concurrency)
            ) as session:
                for body in bodies[:50]:  # warm up
                    await post(session, server.url, body)
                queue = list(reversed(bodies))

                async def worker() -> None:
                    while queue:
                        status, seconds, _ = await post(session, server.url, queue.pop())
                        assert status == 200, status
                        latencies.append(seconds)

                started = time.perf_counter()
                await asyncio.gather(*(worker() for _ in range(args.concurrency)))
                elapsed = time.perf_counter() - started
            rss = rss_mb(server.proc.pid)
        finally:
            server.stop()
    await standin.stop()
    print(
        f"year-store: {args.votes} questions with their votes, 200 people, 20 channels "
        f"(written through the store in {filled['filled_in']:.0f} s): "
        f"socialtip.json {filled['db_kb']:.0f} KiB, votes log {filled['votes_mb']:.1f} MiB"
    )
    print(f"  serve healthy {server.started_in:.1f} s after start; RSS {rss:.0f} MB")
    print(
        f"  {args.requests} /socialtip acks (questions, tips, checklists, lang) at concurrency {args.concurrency}: "
        f"{args.requests / elapsed:.0f}/s, p50 {pct(latencies, 0.5):.1f} ms, "
        f"p99 {pct(latencies, 0.99):.1f} ms (target p99 < 100 ms)"
    )


Scenario = Callable[[argparse.Namespace], Awaitable[None]]
SCENARIOS: dict[str, Scenario] = {
    "feedback-burst": feedback_burst,
    "year-store": year_store,
}
"""Every scenario by name; add one with ``async def scenario(args) -> None`` that prints its figures."""


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", help=f"which to run (default: all): {', '.join(SCENARIOS)}")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    parser.add_argument("--clicks", type=int, default=3000, help="feedback-burst: clicks in the burst")
    parser.add_argument("--click-concurrency", type=int, default=64, help="feedback-burst: clicks in flight")
    parser.add_argument("--votes", type=int, default=100_000, help="year-store: questions with a vote")
    parser.add_argument("--requests", type=int, default=2000, help="year-store: /socialtip requests")
    parser.add_argument("--concurrency", type=int, default=8, help="year-store: requests in flight")
    args = parser.parse_args()
    if args.list:
        for name, scenario in SCENARIOS.items():
            print(f"{name}: {(scenario.__doc__ or '').strip()}")
        return
    unknown = [name for name in args.scenarios if name not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(unknown)}")
    print(f"bench/abuse.py on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    for name in args.scenarios or SCENARIOS:
        await SCENARIOS[name](args)


if __name__ == "__main__":
    asyncio.run(main())
