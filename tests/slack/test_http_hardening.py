"""HTTP hardening (issue #10, red-team run): malformed or unsigned requests get 400/401 and one
short log line; stalled connections are closed and cannot shut real requests out.

Regression tests: unsigned malformed bodies got HTTP 500 with a traceback (the body was parsed
before the signature was checked); failed-signature requests were logged whole (up to 1 MB,
with the person's text and response_url); stalled connections were never closed (no header
timeout, keep-alive 3,630 s) and ~1,150 of them stopped all service at a 1,024 file limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.search import SearchIndex
from bot.slack import BackgroundTasks, create_app, gate, server, simulate
from bot.slack.guard import ConnectionGuard
from bot.storage.tinydb_store import TinyDBStore

from ..support.serve import finish, serve_env, serve_port, spawn_socialtip
from ..support.slack import BOT_TOKEN, SIGNING_SECRET, SlackStandIn, SlackTestApp, signed_headers

SECRET_TEXT = "my-private-question-xyz"  # must never reach a log
FORM = "application/x-www-form-urlencoded"


def slash(text: str = SECRET_TEXT) -> str:
    return simulate.slash_command_body(
        text, user="U1", channel="C1", response_url="https://hooks.slack.test/commands/T1/secret-url"
    )


def malformed_requests() -> list[tuple[str, bytes, str, dict[str, str]]]:
    """(name, body, content type, headers): what the red-team run sent, and more."""
    body = slash().encode()
    unsigned: dict[str, str] = {}
    bad_sig = signed_headers(slash(), secret="not-the-secret")
    old = signed_headers(slash(), timestamp=int(time.time()) - 3600)

    def signed(raw: bytes) -> dict[str, str]:
        ts = str(int(time.time()))
        import hashlib
        import hmac

        digest = hmac.new(
            SIGNING_SECRET.encode(), b"v0:" + ts.encode() + b":" + raw, hashlib.sha256
        ).hexdigest()
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=" + digest}

    broken_json = b'{"type": "event_callback", "event": {' + SECRET_TEXT.encode()
    not_utf8 = b"\xff\xfe\xfa" + SECRET_TEXT.encode()
    return [
        ("unsigned form", body, FORM, unsigned),
        ("unsigned broken JSON", broken_json, "application/json", unsigned),
        ("unsigned payload that is not JSON", b"payload=" + SECRET_TEXT.encode(), FORM, unsigned),
        ("unsigned not UTF-8", not_utf8, "application/json", unsigned),
        ("bad signature", body, FORM, bad_sig),
        ("signature an hour old", body, FORM, old),
        (
            "garbage signature headers",
            body,
            FORM,
            {"X-Slack-Request-Timestamp": "１２３", "X-Slack-Signature": "é"},
        ),
        ("signed broken JSON", broken_json, "application/json", signed(broken_json)),
        ("signed payload that is not JSON", b"payload=%7Bnope", FORM, signed(b"payload=%7Bnope")),
        ("signed JSON that is a list", b"[1, 2]", "application/json", signed(b"[1, 2]")),
        (
            "signed odd shape",
            b'{"authorizations": [5]}',
            "application/json",
            signed(b'{"authorizations": [5]}'),
        ),
        ("signed not UTF-8", not_utf8, "application/json", signed(not_utf8)),
        ("unsigned 2 MB", b"x" * (2 * 1024 * 1024), FORM, unsigned),
    ]


@pytest.mark.parametrize("case", malformed_requests(), ids=lambda case: case[0])
async def test_a_malformed_or_unsigned_request_gets_4xx_and_one_short_log_line(
    slack: SlackTestApp, caplog: pytest.LogCaptureFixture, case: tuple[str, bytes, str, dict[str, str]]
) -> None:
    name, body, content_type, headers = case
    caplog.set_level(logging.INFO)
    async with slack.session.post(
        slack.base_url + "/slack/events", data=body, headers={"Content-Type": content_type, **headers}
    ) as resp:
        status = resp.status
    assert status in (400, 401, 413), (name, status)
    lines = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    message = lines[0].getMessage()
    assert len(message) < 300 and "\n" not in message
    assert SECRET_TEXT not in message and "secret-url" not in message
    assert lines[0].exc_info is None
    assert slack.standin.calls == []  # nothing reached the app


async def test_a_signed_request_still_works(slack: SlackTestApp) -> None:
    shown = await slack.reply_to("help")
    assert shown.blocks


async def test_url_verification_is_signed_too(slack: SlackTestApp) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc", "token": "legacy"})
    status, _ = await slack.post(body, "application/json", headers={})
    assert status == 401


async def test_a_body_that_never_finishes_is_cut_after_the_body_timeout(
    slack: SlackTestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gate, "BODY_SECONDS", 0.3)
    reader, writer = await asyncio.open_connection("127.0.0.1", int(slack.base_url.rsplit(":", 1)[1]))
    writer.write(
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"
    )
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), 5)
    assert b" 408 " in status_line
    writer.close()


# Connections: served with a small guard so the test is quick.


@contextlib.asynccontextmanager
async def guarded_app(
    tmp_path: Path, kb: KnowledgeBase, index: SearchIndex, standin: SlackStandIn, guard: ConnectionGuard
) -> AsyncIterator[SlackTestApp]:
    tasks = BackgroundTasks()
    store = TinyDBStore(tmp_path / "db.json")
    app = create_app(
        store=store, token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=standin.api_url, kb=kb, index=index,
        tasks=tasks,
    )  # fmt: skip
    runner, port = await server.start_http(
        app, host="127.0.0.1", port=0, signing_secret=SIGNING_SECRET, guard=guard
    )
    try:
        async with aiohttp.ClientSession() as session:
            yield SlackTestApp(f"http://127.0.0.1:{port}", standin, session, tasks, store)
    finally:
        await runner.cleanup()
        await tasks.drain(5)
        await store.close()


async def stalled(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A connection that sends half a request head and then nothing (slowloris)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    await writer.drain()
    return reader, writer


async def closed_by_server(reader: asyncio.StreamReader, timeout: float) -> bool:
    try:
        return await asyncio.wait_for(reader.read(), timeout) == b""
    except (TimeoutError, ConnectionError):
        return False


async def test_stalled_connections_cannot_shut_signed_requests_out(
    tmp_path: Path, kb: KnowledgeBase, index: SearchIndex, standin: SlackStandIn
) -> None:
    guard = ConnectionGuard(limit=8, header_seconds=60)
    async with guarded_app(tmp_path, kb, index, standin, guard) as slack:
        port = int(slack.base_url.rsplit(":", 1)[1])
        connections = [await stalled(port) for _ in range(20)]  # more than the cap
        shown = await slack.reply_to("help")  # a new connection makes room
        assert shown.blocks
        assert guard.stats.evicted >= 12
        assert guard.stats.open <= guard.limit
        assert await closed_by_server(connections[0][0], 2)  # the oldest stalled ones went first
        for _, writer in connections:
            writer.close()


async def test_a_connection_without_a_request_head_is_closed_after_the_header_timeout(
    tmp_path: Path, kb: KnowledgeBase, index: SearchIndex, standin: SlackStandIn
) -> None:
    guard = ConnectionGuard(limit=100, header_seconds=0.5)
    async with guarded_app(tmp_path, kb, index, standin, guard) as slack:
        port = int(slack.base_url.rsplit(":", 1)[1])
        reader, writer = await stalled(port)
        silent_reader, silent_writer = await asyncio.open_connection("127.0.0.1", port)
        assert await closed_by_server(reader, 5)
        assert await closed_by_server(silent_reader, 5)
        assert guard.stats.timed_out == 2
        assert (await slack.reply_to("help")).blocks  # served as usual meanwhile
        writer.close()
        silent_writer.close()


async def test_a_kept_alive_connection_is_closed_after_the_keep_alive(
    tmp_path: Path,
    kb: KnowledgeBase,
    index: SearchIndex,
    standin: SlackStandIn,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert server.KEEPALIVE_SECONDS <= 75
    monkeypatch.setattr(server, "KEEPALIVE_SECONDS", 0.5)
    async with guarded_app(tmp_path, kb, index, standin, ConnectionGuard(limit=100)) as slack:
        port = int(slack.base_url.rsplit(":", 1)[1])
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")  # HTTP/1.1: kept alive
        await writer.drain()
        assert b" 200 " in await reader.readline()
        started = time.monotonic()
        await asyncio.wait_for(reader.read(), 10)  # the rest of the response, then EOF
        assert time.monotonic() - started < 5
        writer.close()


async def test_serve_answers_garbage_without_5xx_or_traceback(tmp_path: Path, standin: SlackStandIn) -> None:
    """The real process, its real logging: non-HTTP bytes, broken request lines and headers,
    unsigned bodies. At most 300 bytes of log per request, and no traceback."""
    env = serve_env(
        SLACK_API_URL=standin.api_url,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SOCIALTIP_DB=str(tmp_path / "db.json"),
    )
    proc = await spawn_socialtip("serve", "--http", env=env, cwd=tmp_path)
    port = await serve_port(proc)
    raw = [
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(200)),  # TLS to an HTTP port
        b"GARBAGE\r\n\r\n",
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
        + SECRET_TEXT.encode(),
        b"POST /slack/events HTTP/1.1\r\n" + b"X-Long: " + b"a" * 20000 + b"\r\n\r\n",
        unsigned_json(b'{"token": "' + SECRET_TEXT.encode()),
    ]
    statuses: list[int] = []
    for _ in range(5):
        for request in raw:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            await writer.drain()
            with contextlib.suppress(TimeoutError, ConnectionError):
                line = await asyncio.wait_for(reader.readline(), 5)
                if line.startswith(b"HTTP/"):
                    statuses.append(int(line.split()[1]))
            writer.close()
    code, _, err = await finish_after_sigterm(proc)
    assert code == 0, err
    assert len(statuses) >= 5 * (len(raw) - 2), statuses  # the TLS bytes and GARBAGE may get no answer
    assert all(400 <= status < 500 for status in statuses), statuses
    assert statuses.count(401) == 5  # the unsigned JSON
    assert "Traceback" not in err and SECRET_TEXT not in err
    assert len(err.encode()) / (5 * len(raw)) <= 300, err


def unsigned_json(body: bytes) -> bytes:
    head = f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


async def finish_after_sigterm(proc: asyncio.subprocess.Process) -> tuple[int, str, str]:
    import signal

    proc.send_signal(signal.SIGTERM)
    return await finish(proc, 15)


async def test_a_slow_body_cannot_pin_a_connection_either(
    tmp_path: Path, kb: KnowledgeBase, index: SearchIndex, standin: SlackStandIn
) -> None:
    """A whole head, then a body that never comes (R.U.D.Y.): at the cap such a connection is
    closed to make room, like a stalled head."""
    guard = ConnectionGuard(limit=4, header_seconds=60)
    async with guarded_app(tmp_path, kb, index, standin, guard) as slack:
        port = int(slack.base_url.rsplit(":", 1)[1])
        slow = []
        for _ in range(4):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 9000\r\n\r\npayload=")
            await writer.drain()
            slow.append((reader, writer))
        await asyncio.sleep(0.2)  # their heads are read: each is now reading a body
        assert (await slack.reply_to("help")).blocks
        assert guard.stats.evicted >= 1
        for _, writer in slow:
            writer.close()
