"""Drive a Slack app over real HTTP like Slack does: signed requests, and a local Web API stand-in.

Reusable by any Slack-facing test (commands, events, buttons, reminders)::

    async with SlackTestApp.running(tmp_path) as slack:
        reply = await slack.command("/socialtip aide")
        post = await slack.standin.wait_for_call("chat.postMessage")

``SlackStandIn`` (``bot/slack/standin.py``) records every Web API and ``response_url`` call.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from bot.slack.standin import Call, Message, SlackStandIn

__all__ = [
    "SIGNING_SECRET",
    "Call",
    "Message",
    "SlackStandIn",
    "SlackTestApp",
    "block_actions_body",
    "event_body",
    "signed_headers",
    "slash_command_body",
]

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
TEAM = "T0001"
_ids = itertools.count(1)


def signed_headers(
    body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    """Slack's signature headers for ``body`` (``timestamp`` defaults to now)."""
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


def slash_command_body(
    text: str, *, user: str, channel: str, response_url: str, team: str = TEAM, command: str = "/socialtip"
) -> str:
    """A slash command as Slack posts it (form-encoded)."""
    return urlencode(
        {
            "token": "legacy",
            "team_id": team,
            "team_domain": "standin",
            "channel_id": channel,
            "channel_name": "general" if channel.startswith("C") else "directmessage",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0001",
            "response_url": response_url,
            "trigger_id": f"trigger.{next(_ids)}",
        }
    )


def event_body(event: dict[str, Any], *, event_id: str | None = None, team: str = TEAM) -> str:
    """An Events API ``event_callback`` envelope (JSON)."""
    return json.dumps(
        {
            "token": "legacy",
            "team_id": team,
            "api_app_id": "A0001",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}],
        }
    )


def block_actions_body(payload: dict[str, Any]) -> str:
    """An interactivity request (form-encoded ``payload=<json>``)."""
    return urlencode({"payload": json.dumps(payload)})


def find_action(message: dict[str, Any] | Message, action_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The (block, element) of ``action_id`` in a message's blocks (buttons, checkbox accessories)."""
    blocks = message.blocks if isinstance(message, Message) else message.get("blocks") or []
    for block in blocks:
        elements = list(block.get("elements") or [])
        if block.get("accessory"):
            elements.append(block["accessory"])
        for element in elements:
            if element.get("action_id") == action_id:
                return block, element
    raise LookupError(f"no action {action_id!r} in the message")


@dataclass
class SlackTestApp:
    """The real Bolt app served over HTTP on a free localhost port, talking to a stand-in."""

    base_url: str
    standin: SlackStandIn
    secret: str = SIGNING_SECRET
    session: aiohttp.ClientSession = field(default=None)  # type: ignore[assignment]
    tasks: Any = None
    store: Any = None

    @classmethod
    @contextlib.asynccontextmanager
    async def running(
        cls, db_path: Path | None, *, standin: SlackStandIn | None = None, kb: Any = None, index: Any = None
    ) -> AsyncIterator[SlackTestApp]:
        """Start the stand-in (unless given), a TinyDB store at ``db_path`` (memory if None), the app
        and its HTTP server; stop and close everything on exit."""
        from bot.slack import BackgroundTasks, create_app
        from bot.slack.server import start_http
        from bot.storage.tinydb_store import TinyDBStore

        own_standin = standin is None
        standin = standin or SlackStandIn()
        if own_standin:
            await standin.start()
        store = TinyDBStore(db_path) if db_path is not None else TinyDBStore()
        tasks = BackgroundTasks()
        app = create_app(
            store=store,
            token=BOT_TOKEN,
            signing_secret=SIGNING_SECRET,
            api_url=standin.api_url,
            kb=kb,
            index=index,
            tasks=tasks,
        )
        runner, port = await start_http(app, host="127.0.0.1", port=0)
        async with aiohttp.ClientSession() as session:
            harness = cls(f"http://127.0.0.1:{port}", standin, session=session, tasks=tasks, store=store)
            try:
                yield harness
            finally:
                await runner.cleanup()
                await tasks.drain(5)
                await store.close()
                if own_standin:
                    await standin.stop()

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        path: str = "/slack/events",
    ) -> aiohttp.ClientResponse:
        """POST a body signed now (unless ``headers`` are given); the response is read."""
        sent = {"Content-Type": content_type, **(headers if headers is not None else signed_headers(body))}
        async with self.session.post(self.base_url + path, data=body.encode(), headers=sent) as resp:
            await resp.read()
            return resp

    async def command(
        self, text: str, *, user: str = "U0001", channel: str = "C0001"
    ) -> tuple[int, dict[str, Any] | None, str]:
        """Send ``/socialtip <text>``; returns (status, JSON body of the ack or None, response_url)."""
        url = self.standin.response_url(channel)
        body = slash_command_body(text, user=user, channel=channel, response_url=url)
        sent = {"Content-Type": "application/x-www-form-urlencoded", **signed_headers(body)}
        async with self.session.post(
            self.base_url + "/slack/events", data=body.encode(), headers=sent
        ) as resp:
            raw = await resp.text()
            status = resp.status
        ack = json.loads(raw) if raw.startswith("{") else None
        return status, ack, url

    async def reply_to(self, text: str, **where: str) -> dict[str, Any]:
        """The message ``/socialtip <text>`` shows: the ack's body, or what came by response_url."""
        before = len(self.standin.calls_to("response_url"))
        status, ack, url = await self.command(text, **where)
        assert status == 200, status
        if ack and (ack.get("text") or ack.get("blocks")):
            return ack
        call = await self.standin.wait_for_call("response_url", before + 1)
        return call.args

    async def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> aiohttp.ClientResponse:
        """Send an Events API callback (with ``X-Slack-Retry-Num`` when ``retry_num`` is given)."""
        body = event_body(event, event_id=event_id)
        headers = signed_headers(body)
        if retry_num is not None:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return await self.post(body, "application/json", headers=headers)

    async def click(
        self,
        message: dict[str, Any] | Message,
        action_id: str,
        *,
        user: str = "U0001",
        channel: str = "C0001",
        ephemeral: bool | None = None,
        checked: bool | None = None,
    ) -> aiohttp.ClientResponse:
        """Press ``action_id`` in ``message`` as ``user`` would (for a checkbox, ``checked`` is
        the new state). A stand-in message is clicked in place; a dict is an ephemeral reply."""
        block, element = find_action(message, action_id)
        if isinstance(message, Message):
            msg_ts, is_ephemeral = message.ts, message.ephemeral
        else:
            shown = self.standin.add_message(channel, message, ephemeral=True)
            msg_ts, is_ephemeral = shown.ts, True
        if ephemeral is not None:
            is_ephemeral = ephemeral
        action: dict[str, Any] = {
            "type": element["type"],
            "action_id": action_id,
            "block_id": block.get("block_id"),
            "action_ts": str(time.time()),
        }
        if element["type"] == "button":
            action["value"] = element.get("value")
            action["text"] = element.get("text")
        else:
            action["selected_options"] = element["options"][:1] if checked else []
        stored = self.standin.messages.get(msg_ts)
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": TEAM, "domain": "standin"},
            "user": {"id": user, "username": user.lower(), "team_id": TEAM},
            "api_app_id": "A0001",
            "token": "legacy",
            "container": {
                "type": "message",
                "message_ts": msg_ts,
                "channel_id": channel,
                "is_ephemeral": is_ephemeral,
            },
            "trigger_id": f"trigger.{next(_ids)}",
            "channel": {"id": channel, "name": "general"},
            "response_url": self.standin.response_url(channel, msg_ts),
            "actions": [action],
        }
        if not is_ephemeral and stored is not None:
            payload["message"] = {
                "type": "message",
                "ts": stored.ts,
                "text": stored.text,
                "blocks": stored.blocks,
                **({"thread_ts": stored.thread_ts} if stored.thread_ts else {}),
            }
        return await self.post(block_actions_body(payload), "application/x-www-form-urlencoded")

    async def settle(self) -> None:
        """Wait until the app has finished every reply it started."""
        await self.tasks.wait_idle()
