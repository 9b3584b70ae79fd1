"""The command line's own options: help, ``--version`` and ``--log-level``."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALTIP_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env={**clean, "PYTHONPATH": str(REPO), **env},
    )


def test_socialtip_alone_prints_the_help() -> None:
    done = run()
    assert done.returncode == 0, done.stderr
    assert "usage: socialtip" in done.stdout
    for command in ("ask", "serve", "console", "reminders"):
        assert command in done.stdout


def test_version_is_the_packages() -> None:
    done = run("--version")
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert done.returncode == 0
    assert done.stdout.strip() == f"socialtip {version}"


@pytest.mark.parametrize("args", [("--log-level", "loud", "topics"), ("topics", "--log-level", "loud")])
def test_a_bad_log_level_option_is_bad_usage(args: tuple[str, ...]) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert "--log-level" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("command", [("topics",), ("serve", "--http"), ("console",)])
def test_a_bad_socialtip_log_level_is_one_line_naming_it(command: tuple[str, ...]) -> None:
    done = run(*command, SOCIALTIP_LOG_LEVEL="loud", SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "SOCIALTIP_LOG_LEVEL" in done.stderr
