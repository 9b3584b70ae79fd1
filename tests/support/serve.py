"""``socialtip serve --http`` as a child process, for the tests that run several of them."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def serve_env(**settings: str) -> dict[str, str]:
    """This process's environment without its ``SLACK_``, ``SOCIALTIP_`` and ``DATABASE_``
    variables, plus ``settings``, ``PORT=0`` (any free port) and the repository on ``PYTHONPATH``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALTIP_", "DATABASE_"))}
    return {**env, **settings, "PORT": "0", "PYTHONPATH": str(REPO)}


async def spawn_serve(
    env: dict[str, str], cwd: Path, *, stderr: int | None = None
) -> asyncio.subprocess.Process:
    """Start ``socialtip serve --http`` in ``cwd`` with ``env``; its stdout is piped (see ``serve_port``)."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "serve",
        "--http",
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=stderr,
    )


async def serve_port(proc: asyncio.subprocess.Process) -> int:
    """The port a spawned ``serve`` says it listens on (its first line, within 30 s)."""
    assert proc.stdout is not None
    line = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode()
    assert "HTTP mode on port" in line, line
    return int(line.split("port ")[1].split()[0])


async def spawn_socialtip(*args: str, env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    """Start ``socialtip <args>`` (as ``python -m bot``) with its stdout and stderr piped."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def finish(proc: asyncio.subprocess.Process, timeout: float) -> tuple[int, str, str]:
    """Wait at most ``timeout`` seconds for ``proc`` to end (killing it if not, which fails the
    caller's exit-code assertion); returns (exit code, stdout, stderr)."""
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        out, err = await proc.communicate()
        return -999, out.decode(), err.decode() + f"\n(still running after {timeout} s: killed)"
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()
