"""Drive a Slack app over real HTTP like Slack does: signed requests, and a local Web API stand-in.

Reusable by any Slack-facing test (commands, events, buttons, reminders)::

    async with SlackTestApp.running(tmp_path / "db.json") as slack:
        ack = await slack.reply_to("aide")
        post = await slack.standin.wait_for_call("chat.postMessage")

``SlackStandIn`` (``bot/slack/standin.py``) records every Web API and ``response_url`` call;
``bot/slack/simulate.py`` builds the requests (the console uses both too).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp.abc import AbstractCookieJar

from bot.slack import simulate
from bot.slack.standin import Call, Message, SlackStandIn

__all__ = [
    "BOT_TOKEN",
    "SIGNING_SECRET",
    "TEAM",
    "Call",
    "Message",
    "SlackStandIn",
    "SlackTestApp",
    "serve_app",
    "signed_headers",
]

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
TEAM = simulate.TEAM


def signed_headers(
    body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    """Slack's signature headers for ``body``, signed with the tests' secret by default."""
    return simulate.signed_headers(body, secret=secret, timestamp=timestamp)


@dataclass
class SlackTestApp:
    """The real Bolt app served over HTTP on a free localhost port, talking to a stand-in."""

    base_url: str
    standin: SlackStandIn
    session: aiohttp.ClientSession
    tasks: Any
    store: Any

    @classmethod
    @contextlib.asynccontextmanager
    async def running(
        cls, db_path: Path | None, *, standin: SlackStandIn | None = None, kb: Any = None, index: Any = None
    ) -> AsyncIterator[SlackTestApp]:
        """Start the stand-in (unless given), a TinyDB store at ``db_path`` (in memory if None),
        the app and its HTTP server; stop and close everything on exit."""
        from bot.storage.tinydb_store import TinyDBStore

        own_standin = standin is None
        standin = standin or SlackStandIn()
        if own_standin:
            await standin.start()
        store = TinyDBStore(db_path) if db_path is not None else TinyDBStore()
        try:
            async with serve_app(store, standin, token=BOT_TOKEN, kb=kb, index=index) as slack:
                yield slack
        finally:
            if own_standin:
                await standin.stop()

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        path: str = "/slack/events",
    ) -> tuple[int, str]:
        """POST ``body`` signed now (unless ``headers`` are given); returns (status, response text)."""
        sent = {"Content-Type": content_type, **(headers if headers is not None else signed_headers(body))}
        async with self.session.post(self.base_url + path, data=body.encode(), headers=sent) as resp:
            return resp.status, await resp.text()

    async def command(
        self, text: str, *, user: str = "U0001", channel: str = "C0001"
    ) -> tuple[int, str, str]:
        """Send ``/socialtip <text>``; returns (status, response text, response_url)."""
        url = self.standin.response_url(channel)
        body = simulate.slash_command_body(text, user=user, channel=channel, response_url=url)
        status, raw = await self.post(body, "application/x-www-form-urlencoded")
        return status, raw, url

    async def reply_to(self, text: str, *, user: str = "U0001", channel: str = "C0001") -> Message:
        """What ``/socialtip <text>`` shows the asker: the ack's message, or what came through
        response_url when the ack came first. Recorded in the stand-in as an ephemeral message."""
        before = len(self.standin.calls_to("response_url"))
        status, raw, url = await self.command(text, user=user, channel=channel)
        assert status == 200, (status, raw)
        ack = json.loads(raw) if raw.startswith("{") else {}
        if ack.get("text") or ack.get("blocks"):
            assert ack.get("response_type") == "ephemeral"
            shown = self.standin.add_message(channel, ack, ephemeral=True)
            self.standin.link_response_url(url, shown.ts)
            return shown
        call = await self.standin.wait_for_call("response_url", before + 1)
        assert call.args.get("response_type") == "ephemeral"
        return [m for m in self.standin.messages.values() if m.ephemeral][-1]

    async def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> int:
        """Send an Events API callback (with ``X-Slack-Retry-Num`` when ``retry_num`` is given)."""
        body = simulate.event_body(event, event_id=event_id, bot_user=self.standin.bot_user_id)
        headers = signed_headers(body)
        if retry_num is not None:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        status, _ = await self.post(body, "application/json", headers=headers)
        return status

    async def click(
        self,
        message: Message,
        action_id: str,
        *,
        user: str = "U0001",
        checked: bool | None = None,
        vote: str = "up",
    ) -> int:
        """Press ``action_id`` in ``message`` as ``user`` (for a checkbox, ``checked`` is the new
        state; for Slack's 👍/👎 feedback buttons, ``vote`` is ``up`` or ``down``)."""
        url = self.standin.response_url(message.channel, message.ts)
        payload = simulate.block_actions_payload(
            message, action_id, user=user, response_url=url, checked=checked, vote=vote
        )
        status, _ = await self.post(simulate.block_actions_body(payload), "application/x-www-form-urlencoded")
        return status

    async def submit_view(
        self, view: dict[str, Any], values: dict[str, dict[str, dict[str, Any]]], *, user: str = "U0001"
    ) -> tuple[int, str]:
        """Submit the modal ``view`` (one ``views.open`` sent) as ``user``; returns (status, the ack's body)."""
        payload = simulate.view_submission_payload(view, values, user=user)
        return await self.post(simulate.block_actions_body(payload), "application/x-www-form-urlencoded")

    async def settle(self) -> None:
        """Wait until the app has finished every reply it started."""
        await self.tasks.wait_idle()


@contextlib.asynccontextmanager
async def serve_app(
    store: Any,
    standin: SlackStandIn,
    *,
    cookie_jar: AbstractCookieJar | None = None,
    **app_options: Any,
) -> AsyncIterator[SlackTestApp]:
    """Serve the app on ``store`` over HTTP on a free localhost port, its Web API at ``standin``;
    ``app_options`` go to ``create_app`` (``token=`` or ``oauth=``, ``kb=``, ``index=``). On exit
    the server stops, background replies finish and the store is closed (the stand-in is the
    caller's)."""
    from bot.slack import BackgroundTasks, create_app
    from bot.slack.server import start_http

    tasks = BackgroundTasks()
    app = create_app(
        store=store, signing_secret=SIGNING_SECRET, api_url=standin.api_url, tasks=tasks, **app_options
    )
    runner, port = await start_http(app, host="127.0.0.1", port=0, signing_secret=SIGNING_SECRET)
    try:
        async with aiohttp.ClientSession(cookie_jar=cookie_jar) as session:
            yield SlackTestApp(f"http://127.0.0.1:{port}", standin, session, tasks, store)
    finally:
        await runner.cleanup()
        await tasks.drain(5)
        await store.close()
