"""``socialtip serve`` as a person runs it: tokens checked with Slack at start, and SIGTERM or
Ctrl-C stopping it within 10 s in every state (starting, serving, replying, connecting).

Regression tests for issue #10: a wrong Socket Mode token printed a 40-line traceback every
10 s, forever, and ignored SIGTERM and Ctrl-C; credentials were never checked at start.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import time
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from bot.slack import simulate
from bot.slack.standin import SlackStandIn

from ..support.serve import finish, serve_env, serve_port, spawn_socialtip
from ..support.slack import BOT_TOKEN, SIGNING_SECRET

APP_TOKEN = "xapp-1-test"
STOP_SECONDS = 10.0


def env_for(standin: SlackStandIn, tmp_path: Path, **extra: str) -> dict[str, str]:
    settings = {
        "SLACK_API_URL": standin.api_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SOCIALTIP_DB": str(tmp_path / "db.json"),
        **extra,
    }
    return serve_env(**settings)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def stop_with(
    proc: asyncio.subprocess.Process, sig: int = signal.SIGTERM
) -> tuple[int, str, str, float]:
    """Send ``sig``; (exit code, stdout, stderr, seconds it took to end)."""
    started = time.monotonic()
    proc.send_signal(sig)
    code, out, err = await finish(proc, STOP_SECONDS + 5)
    return code, out, err, time.monotonic() - started


def assert_one_line(err: str, *names: str) -> None:
    assert err.count("\n") == 1, err
    assert err.startswith("socialtip: "), err
    for name in names:
        assert name in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize("mode", ["--http", "--socket"])
async def test_a_bot_token_slack_refuses_stops_serve_with_one_line_naming_it(
    tmp_path: Path, standin: SlackStandIn, mode: str
) -> None:
    standin.fail("auth.test", "invalid_auth")
    proc = await spawn_socialtip(
        "serve", mode, env=env_for(standin, tmp_path, SLACK_APP_TOKEN=APP_TOKEN), cwd=tmp_path
    )
    code, out, err = await finish(proc, 30)
    assert code == 2, err
    assert_one_line(err, "SLACK_BOT_TOKEN", "invalid_auth")
    assert BOT_TOKEN not in err + out
    assert standin.calls_to("apps.connections.open") == []


async def test_a_user_token_is_not_a_bot_token(tmp_path: Path, standin: SlackStandIn) -> None:
    standin.bot_id = ""  # auth.test of a user token (xoxp-) names no bot
    proc = await spawn_socialtip("serve", "--http", env=env_for(standin, tmp_path), cwd=tmp_path)
    code, _, err = await finish(proc, 30)
    assert code == 2
    assert_one_line(err, "SLACK_BOT_TOKEN", "not a bot token")


@pytest.mark.parametrize("mode", ["--http", "--socket"])
async def test_slack_out_of_reach_stops_serve_with_one_line_and_exit_1(tmp_path: Path, mode: str) -> None:
    api_url = f"http://127.0.0.1:{closed_port()}/api/"
    env = serve_env(
        SLACK_API_URL=api_url,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_APP_TOKEN=APP_TOKEN,
        SOCIALTIP_DB=str(tmp_path / "db.json"),
    )
    proc = await spawn_socialtip("serve", mode, env=env, cwd=tmp_path)
    code, _, err = await finish(proc, 30)
    assert code == 1, err
    assert_one_line(err, "cannot reach Slack", api_url)


async def test_slack_answering_too_slowly_stops_serve_after_10_s(
    tmp_path: Path, standin: SlackStandIn
) -> None:
    standin.delay("auth.test", 60)
    proc = await spawn_socialtip("serve", "--http", env=env_for(standin, tmp_path), cwd=tmp_path)
    started = time.monotonic()
    code, _, err = await finish(proc, 30)
    assert code == 1, err
    assert_one_line(err, "did not answer auth.test within 10 s")
    assert time.monotonic() - started < 20


async def test_an_app_token_slack_refuses_stops_socket_mode_with_one_line(
    tmp_path: Path, standin: SlackStandIn
) -> None:
    standin.fail("apps.connections.open", "invalid_auth", times=100)
    proc = await spawn_socialtip(
        "serve", "--socket", env=env_for(standin, tmp_path, SLACK_APP_TOKEN=APP_TOKEN), cwd=tmp_path
    )
    code, out, err = await finish(proc, 30)
    assert code == 2, err
    assert_one_line(err, "SLACK_APP_TOKEN", "invalid_auth")
    assert APP_TOKEN not in err + out
    assert len(standin.calls_to("apps.connections.open")) == 1  # asked once, not retried forever


async def socket_mode_serving(standin: SlackStandIn, tmp_path: Path) -> asyncio.subprocess.Process:
    proc = await spawn_socialtip(
        "serve", env=env_for(standin, tmp_path, SLACK_APP_TOKEN=APP_TOKEN), cwd=tmp_path
    )  # SLACK_APP_TOKEN set: Socket Mode without --socket
    assert proc.stdout is not None
    line = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode()
    assert "Socket Mode connected" in line, line
    return proc


async def test_socket_mode_answers_a_slash_command_over_the_websocket(
    tmp_path: Path, standin: SlackStandIn
) -> None:
    proc = await socket_mode_serving(standin, tmp_path)
    try:
        body = simulate.slash_command_body(
            "help", user="UEN", channel="C0001", response_url=standin.response_url("C0001")
        )
        envelope = await standin.send_envelope("slash_commands", dict(parse_qsl(body)))
        ack = await standin.wait_for_call("socket_mode_ack", timeout=10)
        assert ack.args["envelope_id"] == envelope
        shown = ack.args.get("payload") or (await standin.wait_for_call("response_url", timeout=10)).args
        assert "WHAT I CAN DO" in str(shown).upper()
    finally:
        code, _, err, took = await stop_with(proc)
    assert code == 0, err
    assert took < STOP_SECONDS


async def test_an_app_token_revoked_while_connected_stops_serve_with_one_line(
    tmp_path: Path, standin: SlackStandIn
) -> None:
    proc = await socket_mode_serving(standin, tmp_path)
    standin.fail("apps.connections.open", "token_revoked", times=100)
    await standin.close_sockets()  # Slack drops the connection; reconnecting is refused
    code, _, err = await finish(proc, STOP_SECONDS + 5)
    assert code == 2, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("socialtip: SLACK_APP_TOKEN was refused by Slack (token_revoked)"), err
    assert "Traceback" not in err
    assert len(standin.calls_to("apps.connections.open")) <= 3


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_a_signal_while_slack_is_being_asked_at_start_stops_serve(
    tmp_path: Path, standin: SlackStandIn, sig: int
) -> None:
    standin.delay("auth.test", 60)
    proc = await spawn_socialtip("serve", "--http", env=env_for(standin, tmp_path), cwd=tmp_path)
    await standin.wait_for(lambda: "auth.test" in standin.arrivals, timeout=30)
    code, out, err, took = await stop_with(proc, sig)
    assert code == 0, err
    assert took < STOP_SECONDS
    assert "stopped" in out
    assert "Traceback" not in err


async def test_sigterm_while_the_socket_mode_connection_opens_stops_serve(
    tmp_path: Path, standin: SlackStandIn
) -> None:
    standin.delay("socket_mode", 60)  # the WebSocket handshake hangs
    proc = await spawn_socialtip(
        "serve", "--socket", env=env_for(standin, tmp_path, SLACK_APP_TOKEN=APP_TOKEN), cwd=tmp_path
    )
    await standin.wait_for(lambda: "socket_mode" in standin.arrivals, timeout=30)
    code, _, err, took = await stop_with(proc)
    assert code == 0, err
    assert took < STOP_SECONDS
    assert "Traceback" not in err


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_a_signal_while_socket_mode_is_connected_stops_serve(
    tmp_path: Path, standin: SlackStandIn, sig: int
) -> None:
    proc = await socket_mode_serving(standin, tmp_path)
    code, out, err, took = await stop_with(proc, sig)
    assert code == 0, err
    assert took < STOP_SECONDS
    assert "stopped" in out
    assert "Traceback" not in err


async def test_sigterm_while_a_reply_hangs_stops_serve_within_10_s(
    tmp_path: Path, standin: SlackStandIn
) -> None:
    standin.delay("chat.postMessage", 60)  # Slack never answers the reply to a DM
    proc = await spawn_socialtip("serve", "--http", env=env_for(standin, tmp_path), cwd=tmp_path)
    port = await serve_port(proc)
    body = simulate.event_body(
        {
            "type": "message",
            "channel_type": "im",
            "user": "UEN",
            "text": "hello",
            "ts": "1.1",
            "channel": "D1",
        }
    )
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    headers = simulate.signed_headers(body, secret=SIGNING_SECRET)
    request = (
        f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body.encode())}\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        + "Connection: close\r\n\r\n"
        + body
    )
    writer.write(request.encode())
    await writer.drain()
    assert b" 200 " in await reader.readline()
    writer.close()
    await standin.wait_for(lambda: "chat.postMessage" in standin.arrivals, timeout=15)
    code, _, err, took = await stop_with(proc)
    assert code == 0, err
    assert took < STOP_SECONDS
    assert "Traceback" not in err


def test_the_watchdog_ends_a_process_stuck_after_the_signal(tmp_path: Path) -> None:
    """Whatever hangs (a C call, a thread, a library), the process ends within the budget."""
    import subprocess
    import sys

    script = (
        "import asyncio, time\n"
        "from bot.slack.lifecycle import Shutdown\n"
        "with Shutdown(budget=2) as shutdown:\n"
        "    loop = asyncio.new_event_loop()\n"
        "    shutdown.attach(loop, lambda: None)  # the loop never runs: the callback never comes\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        env={**serve_env(), "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 1
    assert "could not stop cleanly within 2 s" in err
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize(
    ("option", "env", "expect", "absent"),
    [
        ((), {}, " INFO ", " DEBUG "),
        (("--log-level", "warning"), {}, None, " INFO "),
        ((), {"SOCIALTIP_LOG_LEVEL": "debug"}, " DEBUG ", None),
        (("--log-level", "error"), {"SOCIALTIP_LOG_LEVEL": "debug"}, None, " INFO "),  # the option wins
    ],
)
async def test_serve_logs_at_the_level_asked_without_bolts_start_up_noise(
    tmp_path: Path,
    standin: SlackStandIn,
    option: tuple[str, ...],
    env: dict[str, str],
    expect: str | None,
    absent: str | None,
) -> None:
    proc = await spawn_socialtip(
        "serve", "--http", *option, env=env_for(standin, tmp_path, **env), cwd=tmp_path
    )
    await serve_port(proc)
    code, _, err, _ = await stop_with(proc)
    assert code == 0, err
    assert "`token` will be unused" not in err  # Bolt's warning at every start (regression)
    if expect:
        assert expect in err
    else:
        assert err == ""
    if absent:
        assert absent not in err
