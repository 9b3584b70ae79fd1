"""Real processes: ``socialtip reminders run-due`` run twice (and at once), and the loop in serve."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.storage import TinyDBStore

from ..support.factories import subscription
from .standin import ReminderStandIn

REPO = Path(__file__).resolve().parents[2]
SOCIALTIP = [sys.executable, "-m", "bot"]


def env_for(standin: ReminderStandIn, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALTIP_"))}
    return env | {
        "SLACK_API_URL": standin.api_url,
        "SLACK_BOT_TOKEN": "xoxb-process-test",
        "SLACK_SIGNING_SECRET": "process-test-secret",
        "SOCIALTIP_DB": str(db),
        "PORT": "0",
        "PYTHONPATH": str(REPO),
    }


async def run_due_process(standin: ReminderStandIn, db: Path, now: str) -> dict[str, int]:
    proc = await asyncio.create_subprocess_exec(
        *SOCIALTIP,
        "--knowledge",
        str(REPO / "knowledge"),
        "reminders",
        "run-due",
        "--now",
        now,
        cwd=db.parent,  # no .env from the repository
        env=env_for(standin, db),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()
    lines = out.decode().splitlines()
    assert len(lines) == 1  # exactly one JSON object
    return json.loads(lines[0])


async def subscribe(db: Path, **kw: object) -> None:
    store = TinyDBStore(db)
    await store.put_subscription(subscription(team="T0001", **kw))
    await store.close()


async def test_run_due_twice_as_real_processes_sends_once(standin: ReminderStandIn, tmp_path: Path) -> None:
    db = tmp_path / "socialtip.json"
    await subscribe(db)
    early = await run_due_process(standin, db, "2026-03-30T08:59:00+02:00")
    assert early == {"due": 0, "sent": 0, "skipped": 0, "failed": 0}
    first = await run_due_process(standin, db, "2026-03-30T09:00:00+02:00")
    second = await run_due_process(standin, db, "2026-03-30T09:05:00+02:00")
    assert first == {"due": 1, "sent": 1, "skipped": 0, "failed": 0}
    assert second == {"due": 1, "sent": 0, "skipped": 1, "failed": 0}
    assert len(standin.posts_in("C1")) == 1


async def test_run_due_processes_at_the_same_time_send_once(standin: ReminderStandIn, tmp_path: Path) -> None:
    db = tmp_path / "socialtip.json"
    for channel in ("C1", "C2", "C3"):
        await subscribe(db, channel=channel)
    reports = await asyncio.gather(*(run_due_process(standin, db, "2026-03-30T07:30:00Z") for _ in range(3)))
    assert sum(r["sent"] for r in reports) == 3
    assert sum(r["skipped"] for r in reports) == 6
    assert all(len(standin.posts_in(c)) == 1 for c in ("C1", "C2", "C3"))


async def test_run_due_without_a_token_is_a_clean_error(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")} | {"PYTHONPATH": str(REPO)}
    proc = await asyncio.create_subprocess_exec(
        *SOCIALTIP, "reminders", "run-due", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    _, err = await proc.communicate()
    assert proc.returncode == 1
    assert b"SLACK_BOT_TOKEN" in err and b"Traceback" not in err


async def test_the_serve_loop_delivers_and_stops_cleanly_on_sigterm(
    standin: ReminderStandIn, tmp_path: Path
) -> None:
    db = tmp_path / "socialtip.json"
    # Due right now on the real clock: this weekday, one minute ago, in UTC.
    now = datetime.now(UTC) - timedelta(minutes=1)
    await subscribe(db, weekday=now.weekday(), hour=now.hour, minute=now.minute, tz="UTC")
    script = "import asyncio; from bot.config import load_settings; from bot.slack.server import serve_http; asyncio.run(serve_http(load_settings(), host='127.0.0.1'))"
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        script,
        cwd=tmp_path,
        env=env_for(standin, db),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await standin.wait_for(lambda: len(standin.posts_in("C1")) == 1, timeout=30)
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), 15)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()[-2000:]
    assert "stopped" in out.decode()
    store = TinyDBStore(db)
    assert await store.get_delivery_state("T0001", "C1", now.date().isoformat()) == "sent"
