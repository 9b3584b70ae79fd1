"""The real commands as subprocesses: ``serve`` (health, SIGTERM, missing settings) and ``console``."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from bot.knowledge import KnowledgeBase
from bot.slack.standin import SlackStandIn

from ..support.serve import finish, serve_env, serve_port, spawn_socialtip

SOCIALTIP = [sys.executable, "-m", "bot"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALTIP_", "PORT"))}
    return {**env, "SOCIALTIP_DB": str(tmp_path / "db.json"), **extra}


@pytest.mark.parametrize(
    ("args", "extra", "missing"),
    [
        (["serve", "--http"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        (["serve", "--http"], {"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
        (["serve", "--socket"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
    ],
)
def test_a_missing_setting_is_one_line_naming_it_and_exit_2(
    tmp_path: Path, args: list[str], extra: dict[str, str], missing: str
) -> None:
    done = subprocess.run(
        SOCIALTIP + args,
        env=clean_env(tmp_path, **extra),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and missing in done.stderr


async def test_serve_answers_health_and_stops_cleanly_on_sigterm(
    tmp_path: Path, standin: SlackStandIn
) -> None:
    env = serve_env(
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_SIGNING_SECRET="s",
        SLACK_API_URL=standin.api_url,
        SOCIALTIP_DB=str(tmp_path / "db.json"),
    )
    proc = await spawn_socialtip("serve", "--http", env=env, cwd=tmp_path)
    try:
        port = await serve_port(proc)
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/healthz") as resp,
        ):
            assert resp.status == 200
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        code, out, err = await finish(proc, 15)
        assert code == 0, err
        assert time.monotonic() - started < 10
        assert "stopped" in out
        assert "Traceback" not in err
    finally:
        if proc.returncode is None:
            proc.kill()


def test_console_plays_lines_through_the_app(tmp_path: Path, kb: KnowledgeBase) -> None:
    checklist = kb.of_kind("checklist")[0]
    lines = [
        "/socialtip help",
        f"/socialtip liste {checklist.id}",
        "@socialtip how should a brand handle criticism on Twitter?",
        "quit",
    ]
    done = subprocess.run(
        [*SOCIALTIP, "console"],
        input="\n".join(lines) + "\n",
        env=clean_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "WHAT I CAN DO" in out
    assert checklist.title("fr").upper() in out
    assert "☐" in out and "(in the thread)" in out and "Helpful" in out
    # press the first checkbox of the checklist: the step shows ticked
    number = next(
        line.split("]")[0].split("[")[-1]
        for line in out.splitlines()
        if "☐" in line and line.strip().startswith("│ [")
    )
    again = subprocess.run(
        [*SOCIALTIP, "console"],
        input="\n".join([f"/socialtip liste {checklist.id}", number, "quit"]) + "\n",
        env=clean_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "☑" in again.stdout and "updated" in again.stdout


def test_run_starts_the_console_without_credentials(tmp_path: Path) -> None:
    done = subprocess.run(
        [*SOCIALTIP, "run"],
        input="quit\n",
        env=clean_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "console" in done.stdout


def test_ask_does_not_import_slack_bolt() -> None:
    code = "import sys, bot.cli; bot.cli.build_parser(); print('slack_bolt' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert done.stdout.strip() == "False"
