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
- ``malformed``: 1,000 malformed or unsigned requests (bad or missing signatures, broken JSON and
  forms, wrong encodings, 2 MB bodies, oversized headers, broken request lines, TLS bytes, cut
  bodies) against ``serve`` logging at its default level: HTTP 5xx (target 0) and bytes of log per
  request (target <= 300).
- ``stalled``: 2,000 stalled connections (half a request head, then one byte now and then;
  reopened when closed, as slowloris does) against ``serve`` under ``ulimit -n 1024``, while
  signed ``/socialtip`` requests keep coming: their latency (target p99 < 1 s) and failures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import aiohttp
from slack_http_load import free_port, pct, rss_mb  # helpers shared by the bench scripts

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


async def start_serve(
    standin: SlackStandIn,
    db: Path,
    *,
    log_level: str = "ERROR",
    stderr: Path | None = None,
    nofile: int | None = None,
) -> Server:
    """``socialtip serve --http`` on ``db``, its Web API at ``standin``, healthy; logging at
    ``log_level`` into ``stderr`` (a file; default: nowhere), under ``ulimit -n nofile`` if given."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALTIP_", "DATABASE_"))}
    env |= {
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": standin.api_url,
        "SOCIALTIP_DB": str(db),
        "SOCIALTIP_LOG_LEVEL": log_level,
        "PYTHONPATH": str(ROOT),
    }
    started = time.perf_counter()

    def limit_files() -> None:
        if nofile is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--http", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=stderr.open("ab") if stderr is not None else subprocess.DEVNULL,
        preexec_fn=limit_files,
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


# Scenario: malformed and unsigned requests.
def _raw(head: str, body: bytes = b"") -> bytes:
    return head.replace("\n", "\r\n").encode() + body


def malformed_requests(standin: SlackStandIn) -> list[tuple[str, bytes]]:
    """(kind, the bytes sent on a fresh connection): what an attacker or a broken proxy sends."""
    form = command(standin, "comment gérer un bad buzz ?", "UATTACK")
    stale = simulate.signed_headers(form, secret=SECRET, timestamp=int(time.time()) - 3600)
    forged = simulate.signed_headers(form, secret="not-the-secret")

    def post_raw(
        body: bytes,
        headers: dict[str, str] | None = None,
        *,
        content_type: str = "application/x-www-form-urlencoded",
    ) -> bytes:
        lines = "".join(f"{k}: {v}\n" for k, v in (headers or {}).items())
        head = f"POST /slack/events HTTP/1.1\nHost: x\nContent-Type: {content_type}\nContent-Length: {len(body)}\n{lines}\n"
        return _raw(head, body)

    broken_json = b'{"type": "event_callback", "event": {"text": "' + b"x" * 300
    return [
        ("unsigned form", post_raw(form.encode())),
        ("unsigned broken JSON", post_raw(broken_json, content_type="application/json")),
        (
            "unsigned payload=not JSON",
            post_raw(b"payload=%7Bnot-json", content_type="application/x-www-form-urlencoded"),
        ),
        ("unsigned not UTF-8", post_raw(b"\xff\xfe" * 200, content_type="application/json")),
        ("forged signature", post_raw(form.encode(), forged)),
        ("signature an hour old", post_raw(form.encode(), stale)),
        (
            "garbage signature headers",
            post_raw(form.encode(), {"X-Slack-Request-Timestamp": "9" * 40, "X-Slack-Signature": "v0=e"}),
        ),
        ("unsigned 2 MB body", post_raw(b"a" * (2 * 1024 * 1024))),
        ("empty body", post_raw(b"")),
        ("20 KB header", _raw(f"POST /slack/events HTTP/1.1\nHost: x\nX-Pad: {'p' * 20000}\n\n")),
        ("bad Content-Length", _raw("POST /slack/events HTTP/1.1\nHost: x\nContent-Length: lots\n\n")),
        (
            "bad chunked body",
            _raw("POST /slack/events HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n\n", b"zz\r\nhello"),
        ),
        ("broken request line", _raw("GARBAGE / / /\n\n")),
        ("TLS hello on the HTTP port", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(256))),
        ("GET /slack/install (single-workspace mode)", _raw("GET /slack/install HTTP/1.1\nHost: x\n\n")),
        ("POST to an unknown path", _raw("POST /admin HTTP/1.1\nHost: x\nContent-Length: 0\n\n")),
        (
            "body cut short",
            _raw("POST /slack/events HTTP/1.1\nHost: x\nContent-Length: 5000\n\n", b"payload="),
        ),
    ]


async def _send_raw(port: int, data: bytes) -> int | None:
    """Send ``data`` on a fresh connection; the HTTP status answered, or None (closed unanswered)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(data)
        if data.endswith(b"payload="):  # the cut body: hang up without sending the rest
            writer.close()
            return None
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), 15)
        return int(line.split()[1]) if line.startswith(b"HTTP/") else None
    except (ConnectionError, TimeoutError, ValueError, IndexError):
        return None
    finally:
        writer.close()


async def malformed(args: argparse.Namespace) -> None:
    """1,000 malformed or unsigned requests: HTTP 5xx and bytes of log per request."""
    standin = SlackStandIn()
    await standin.start()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "serve.log"
        server = await start_serve(standin, Path(tmp) / "socialtip.json", log_level="INFO", stderr=log)
        try:
            kinds = malformed_requests(standin)
            before = log.stat().st_size
            statuses: Counter[str] = Counter()
            fives: Counter[str] = Counter()
            queue = [kinds[n % len(kinds)] for n in range(args.malformed)]
            started = time.perf_counter()

            async def worker() -> None:
                while queue:
                    kind, data = queue.pop()
                    status = await _send_raw(server.port, data)
                    statuses[str(status) if status else "no answer"] += 1
                    if status is not None and status >= 500:
                        fives[kind] += 1

            await asyncio.gather(*(worker() for _ in range(16)))
            elapsed = time.perf_counter() - started
            await asyncio.sleep(1.5)  # let the throttled summary lines out
            logged = log.read_bytes()[before:]
            healthy = await _signed_ok(server, standin)
        finally:
            server.stop()
    await standin.stop()
    lines = logged.decode(errors="replace").splitlines()
    print(
        f"malformed: {args.malformed} malformed or unsigned requests of {len(kinds)} kinds, 16 at a time, "
        f"in {elapsed:.1f} s; answers {dict(sorted(statuses.items()))}"
    )
    print(f"  HTTP 5xx: {sum(fives.values())} (target 0){' ' + str(dict(fives)) if fives else ''}")
    print(
        f"  log at the default level (info): {len(logged)} bytes in {len(lines)} lines, "
        f"{len(logged) / args.malformed:.1f} bytes per request (target <= 300); "
        f"tracebacks: {sum('Traceback' in line for line in lines)}; longest line {max(map(len, lines), default=0)} chars"
    )
    print(f"  a signed /socialtip afterwards: {'answered' if healthy else 'NOT answered'}")


async def _signed_ok(server: Server, standin: SlackStandIn) -> bool:
    async with aiohttp.ClientSession() as session:
        status, _, _ = await post(session, server.url, command(standin, "aide", "UREAL"))
    return status == 200


# Scenario: stalled connections under a low file limit.
async def _attack(port: int, count: int, pipe: Connection) -> None:
    """Hold ``count`` stalled connections (half a request head, then a header byte every 2 s;
    reopened 0-2 s after the server closes one, as slowloris does) until told to stop."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, count + 1000)), hard))
    stop = asyncio.Event()
    held: set[asyncio.StreamWriter] = set()
    opened = [0]
    peak = [0]

    async def attacker(n: int) -> None:
        rng = random.Random(n)
        while not stop.is_set():
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 10)
            except (OSError, TimeoutError):
                await asyncio.sleep(rng.random() * 2)
                continue
            opened[0] += 1
            held.add(writer)
            peak[0] = max(peak[0], len(held))
            try:
                writer.write(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nX-a: ")
                while not stop.is_set() and not reader.at_eof():
                    await writer.drain()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(reader.read(1), 2)
                    writer.write(b"a")
            except (ConnectionError, OSError):
                pass
            finally:
                held.discard(writer)
                writer.close()
            await asyncio.sleep(rng.random() * 2)

    tasks = [asyncio.create_task(attacker(n)) for n in range(count)]
    started = time.perf_counter()
    while len(held) < count * 0.9 and time.perf_counter() - started < 20:
        await asyncio.sleep(0.2)
    pipe.send(("ready", time.perf_counter() - started, len(held)))
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, pipe.recv)  # "stop"
    stop.set()
    for writer in list(held):
        writer.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    pipe.send(("done", peak[0], opened[0]))


def _attack_process(port: int, count: int, pipe: Connection) -> None:
    asyncio.run(_attack(port, count, pipe))


async def stalled(args: argparse.Namespace) -> None:
    """2,000 stalled connections under ulimit -n 1024 while signed /socialtip requests come in."""
    standin = SlackStandIn()
    await standin.start()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "serve.log"
        server = await start_serve(
            standin, Path(tmp) / "socialtip.json", log_level="INFO", stderr=log, nofile=1024
        )
        spawn = multiprocessing.get_context("spawn")
        ours, theirs = spawn.Pipe()
        attack = spawn.Process(target=_attack_process, args=(server.port, args.stalled, theirs), daemon=True)
        attack.start()  # in its own process: its event loop does not slow our measurements
        latencies: list[float] = []
        failures: Counter[str] = Counter()
        most_fds = 0
        try:
            loop = asyncio.get_running_loop()
            _, ramp, held = await loop.run_in_executor(None, ours.recv)
            connector = aiohttp.TCPConnector(force_close=True, limit=0)
            timeout = aiohttp.ClientTimeout(total=10)
            connects: list[float] = []
            tracing = aiohttp.TraceConfig()

            async def connect_started(session: Any, context: Any, params: Any) -> None:
                context.connect_started = time.perf_counter()

            async def connect_ended(session: Any, context: Any, params: Any) -> None:
                connects.append(time.perf_counter() - context.connect_started)

            tracing.on_connection_create_start.append(connect_started)
            tracing.on_connection_create_end.append(connect_ended)
            async with aiohttp.ClientSession(
                connector=connector, timeout=timeout, trace_configs=[tracing]
            ) as session:

                async def one(i: int) -> None:
                    body = command(standin, QUESTIONS[i % len(QUESTIONS)], f"UREAL{i % 10}")
                    try:
                        status, seconds, _ = await post(session, server.url, body)
                    except (aiohttp.ClientError, TimeoutError) as exc:
                        failures[type(exc).__name__] += 1
                        return
                    if status != 200:
                        failures[f"HTTP {status}"] += 1
                        return
                    latencies.append(seconds)

                requests = []
                for i in range(args.signed):
                    requests.append(asyncio.create_task(one(i)))
                    with contextlib.suppress(OSError):
                        most_fds = max(most_fds, len(os.listdir(f"/proc/{server.proc.pid}/fd")))
                    await asyncio.sleep(1 / args.signed_rate)
                await asyncio.gather(*requests)
            rss = rss_mb(server.proc.pid)
            alive = server.proc.poll() is None
            ours.send("stop")
            _, peak, opened = await loop.run_in_executor(None, ours.recv)
        finally:
            attack.join(timeout=20)
            if attack.is_alive():
                attack.kill()
            server.stop()
        logged = log.read_bytes()
    await standin.stop()
    lines = logged.decode(errors="replace").splitlines()
    guard_lines = [line for line in lines if "HTTP connections:" in line]
    print(
        f"stalled: {args.stalled} stalled connections (slowloris, reopened when closed), from another process, "
        f"against serve under ulimit -n 1024: {held} held after {ramp:.1f} s, {peak} at most, {opened} opened in all"
    )
    print(
        f"  {args.signed} signed /socialtip requests at {args.signed_rate:g}/s meanwhile, each on a new connection: "
        f"{len(latencies)} answered 200, failures {dict(failures) or 0}; p50 {pct(latencies, 0.5):.0f} ms, "
        f"p99 {pct(latencies, 0.99):.0f} ms, max {pct(latencies, 1.0):.0f} ms (target p99 < 1000 ms)"
    )
    print(
        f"  of which connecting (TCP handshake and accept): p50 {pct(connects, 0.5):.0f} ms, "
        f"p99 {pct(connects, 0.99):.0f} ms, max {pct(connects, 1.0):.0f} ms"
    )
    print(
        f"  server: alive {alive}, at most {most_fds} file descriptors open, RSS {rss:.0f} MB, "
        f"log {len(logged)} bytes in {len(lines)} lines, tracebacks {sum('Traceback' in line for line in lines)}"
    )
    if guard_lines:
        print("  its last connection report: " + guard_lines[-1].split(": ", 1)[1])


Scenario = Callable[[argparse.Namespace], Awaitable[None]]
SCENARIOS: dict[str, Scenario] = {
    "feedback-burst": feedback_burst,
    "year-store": year_store,
    "malformed": malformed,
    "stalled": stalled,
}
"""Every scenario by name; add one with ``async def scenario(args) -> None`` that prints its figures."""


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", help=f"which to run (default: all): {', '.join(SCENARIOS)}")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    parser.add_argument(
        "--only", action="append", default=[], metavar="NAME", help="run only this scenario (repeatable)"
    )
    parser.add_argument("--clicks", type=int, default=3000, help="feedback-burst: clicks in the burst")
    parser.add_argument("--click-concurrency", type=int, default=64, help="feedback-burst: clicks in flight")
    parser.add_argument("--votes", type=int, default=100_000, help="year-store: questions with a vote")
    parser.add_argument("--requests", type=int, default=2000, help="year-store: /socialtip requests")
    parser.add_argument("--concurrency", type=int, default=8, help="year-store: requests in flight")
    parser.add_argument("--malformed", type=int, default=1000, help="malformed: requests sent")
    parser.add_argument("--stalled", type=int, default=2000, help="stalled: stalled connections held")
    parser.add_argument("--signed", type=int, default=200, help="stalled: signed /socialtip requests")
    parser.add_argument("--signed-rate", type=float, default=10.0, help="stalled: signed requests per second")
    args = parser.parse_args()
    if args.list:
        for name, scenario in SCENARIOS.items():
            print(f"{name}: {(scenario.__doc__ or '').strip()}")
        return
    args.scenarios += args.only
    unknown = [name for name in args.scenarios if name not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(unknown)}")
    print(f"bench/abuse.py on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    for name in args.scenarios or SCENARIOS:
        await SCENARIOS[name](args)


if __name__ == "__main__":
    asyncio.run(main())
