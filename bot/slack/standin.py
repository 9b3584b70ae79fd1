"""A local stand-in for Slack's Web API: records every call and keeps what Slack would display.

It serves ``/api/<method>`` (point ``SLACK_API_URL`` at :attr:`SlackStandIn.api_url`),
``/respond/<key>`` (the ``response_url`` of commands and clicks) and ``/socket-mode`` (the
WebSocket ``apps.connections.open`` hands out: :meth:`SlackStandIn.send_envelope` sends a
Socket Mode request down it, the app's acknowledgements are recorded as ``socket_mode_ack`` calls). The console uses it to show
what Slack would display; the tests use it to see what the app sent. Only 127.0.0.1.

Example::

    standin = SlackStandIn(locales={"U1": "en-US"})
    await standin.start()
    ...  # run the app with api_url=standin.api_url
    post = await standin.wait_for_call("chat.postMessage")
    await standin.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

logger = logging.getLogger(__name__)


@dataclass
class Call:
    """One Web API call (``method`` like ``chat.postMessage``) or one ``response_url`` post
    (``method == "response_url"``), with its arguments."""

    method: str
    args: dict[str, Any]
    token: str | None = None
    key: str | None = None


@dataclass
class Message:
    """A message as Slack would display it."""

    ts: str
    channel: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None = None
    ephemeral: bool = False
    deleted: bool = False
    version: int = 0


@dataclass
class _ResponseTarget:
    channel: str
    message_ts: str | None


@dataclass
class SlackStandIn:
    """The stand-in server. ``locales`` maps user ids to Slack locales (users.info)."""

    team_id: str = "T0001"
    bot_user_id: str = "UBOT"
    bot_id: str = "B0001"
    locales: dict[str, str] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    arrivals: list[str] = field(default_factory=list)
    """Every Web API method (``response_url``, ``socket_mode``) as it arrives, before any delay."""
    messages: dict[str, Message] = field(default_factory=dict)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    on_change: Callable[[], None] | None = None
    token_teams: dict[str, str] = field(default_factory=dict)
    """Bot tokens handed out by ``oauth.v2.access`` -> their workspace (``auth.test`` answers with it)."""
    suggested_prompts: dict[str, dict[str, Any]] = field(default_factory=dict)
    """DM channel id -> ``{"title", "prompts"}`` last set on it (the Messages tab's suggested prompts)."""
    function_results: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Function execution id -> ``{"outputs": {...}}`` or ``{"error": "..."}`` (workflow steps completed)."""
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Channels the workspace has (id -> ``{"name", "is_private", "is_member", "is_archived"}``), for
    ``conversations.info``/``conversations.list``; posting in an archived one, or a private one the
    bot is not in, fails as in Slack. Channels not listed here accept every post."""
    admins: set[str] = field(default_factory=set)
    """Users ``users.info`` says are workspace admins."""
    owners: set[str] = field(default_factory=set)
    """Users ``users.info`` says are workspace owners."""
    modals: list[dict[str, Any]] = field(default_factory=list)
    """Views opened with ``views.open`` (modals), in order."""

    def __post_init__(self) -> None:
        self._ts = itertools.count(1)
        self._keys = itertools.count(1)
        self._codes: dict[str, tuple[str, str, str | None]] = {}
        self._token: str | None = None
        self._targets: dict[str, _ResponseTarget] = {}
        self._failures: dict[str, list[tuple[str, int]]] = {}
        self._delays: dict[str, float] = {}
        self._stopping = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._changed = asyncio.Condition()
        self._sockets: list[web.WebSocketResponse] = []
        self.port = 0

    # Lifecycle.
    async def start(self, port: int = 0) -> None:
        """Listen on 127.0.0.1 (a free port unless ``port`` is given)."""
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/respond/{key}", self._respond)
        app.router.add_get("/socket-mode", self._socket_mode)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        self._stopping.set()  # delayed answers go out now
        await self.close_sockets()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    # Test and console helpers.
    def response_url(self, channel: str, message_ts: str | None = None) -> str:
        """A fresh ``response_url`` for a command or a click on ``message_ts`` in ``channel``."""
        key = f"r{next(self._keys)}"
        self._targets[key] = _ResponseTarget(channel, message_ts)
        return f"http://127.0.0.1:{self.port}/respond/{key}"

    def add_message(
        self, channel: str, message: dict[str, Any], *, ephemeral: bool = False, thread_ts: str | None = None
    ) -> Message:
        """Record a message shown without a Web API call (e.g. an ephemeral reply carried by the ack)."""
        shown = Message(
            ts=self._next_ts(),
            channel=channel,
            text=message.get("text", ""),
            blocks=list(message.get("blocks") or []),
            thread_ts=thread_ts,
            ephemeral=ephemeral,
        )
        self.messages[shown.ts] = shown
        return shown

    def install_code(
        self, team_id: str, *, user_id: str = "UINSTALLER", enterprise_id: str | None = None
    ) -> str:
        """A one-time ``code`` as Slack sends to the redirect URL once someone approves the install:
        ``oauth.v2.access`` exchanges it for a bot token of ``team_id``'s own."""
        code = f"code-{team_id}-{next(self._keys)}"
        self._codes[code] = (team_id, user_id, enterprise_id)
        return code

    def link_response_url(self, url: str, message_ts: str) -> None:
        """Make ``replace_original`` on ``url`` replace ``message_ts``."""
        self._targets[url.rsplit("/", 1)[1]].message_ts = message_ts

    def fail(self, method: str, error: str, *, times: int = 1, status: int = 200) -> None:
        """Make the next ``times`` calls of ``method`` fail with ``error``: HTTP 429 (with
        ``Retry-After: 1``) or a 4xx/5xx when ``status`` says so, else HTTP 200 with ``ok: false``.
        ``method`` may be ``response_url`` (every response_url then answers ``status`` and ``error``)."""
        self._failures.setdefault(method, []).extend([(error, status)] * times)

    async def send_envelope(self, kind: str, payload: dict[str, Any]) -> str:
        """Send a Socket Mode request (``kind``: ``slash_commands``, ``events_api``, ``interactive``)
        down the latest connection; returns its envelope id (the app acks it with that id)."""
        envelope_id = f"env-{next(self._keys)}"
        message = {"envelope_id": envelope_id, "type": kind, "payload": payload}
        message["accepts_response_payload"] = kind != "events_api"
        await self._sockets[-1].send_json(message)
        return envelope_id

    async def close_sockets(self) -> None:
        """Close every Socket Mode connection (as Slack does when it revokes or refreshes one)."""
        for ws in list(self._sockets):
            await ws.close()

    @property
    def socket_connections(self) -> int:
        return len(self._sockets)

    def delay(self, method: str, seconds: float) -> None:
        """Answer ``method`` (a Web API method, ``response_url`` or ``socket_mode`` for the
        WebSocket handshake) only after ``seconds``: Slack being slow, or out of reach."""
        self._delays[method] = seconds

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``predicate()`` is true (checked after every call), or raise TimeoutError."""

        async def until() -> None:
            async with self._changed:
                await self._changed.wait_for(predicate)

        await asyncio.wait_for(until(), timeout)

    async def wait_for_call(self, method: str, count: int = 1, timeout: float = 5.0) -> Call:
        """The ``count``-th call to ``method`` once it has arrived."""
        await self.wait_for(lambda: len(self.calls_to(method)) >= count, timeout)
        return self.calls_to(method)[count - 1]

    # Handlers.
    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    async def _arrived(self, method: str) -> None:
        self.arrivals.append(method)
        async with self._changed:
            self._changed.notify_all()
        delay = self._delays.get(method, 0)
        if delay:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        async with self._changed:
            self._changed.notify_all()
        if self.on_change is not None:
            self.on_change()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        await self._arrived(method)
        args: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                args.update(await request.json())
            else:
                args.update(await request.post())
        auth = request.headers.get("Authorization", "")
        call = Call(method, args, token=auth.removeprefix("Bearer ") or None)
        failures = self._failures.get(method)
        if failures:
            error, status = failures.pop(0)
            await self._record(call)
            if status == 429:
                return web.json_response(
                    {"ok": False, "error": error}, status=429, headers={"Retry-After": "1"}
                )
            if status >= 400:
                return web.json_response({"ok": False, "error": error}, status=status)
            return web.json_response({"ok": False, "error": error})
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        self._token = call.token
        result = handler(args) if handler else {"ok": False, "error": "unknown_method"}
        await self._record(call)
        return web.json_response(result)

    async def _respond(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        await self._arrived("response_url")
        body = await request.json()
        failures = self._failures.get("response_url")
        if failures:
            error, status = failures.pop(0)
            await self._record(Call("response_url_failed", body, key=key))
            return web.Response(status=status, text=error)
        target = self._targets.get(key)
        if target is None:
            return web.Response(status=404, text="no_such_response_url")
        original = self.messages.get(target.message_ts or "")
        if body.get("delete_original") and original:
            original.deleted = True
        elif body.get("replace_original") and original:
            original.text = body.get("text", original.text)
            original.blocks = list(body.get("blocks") or [])
            original.version += 1
        elif body.get("text") or body.get("blocks"):
            thread = original.thread_ts if original else None
            self.add_message(
                target.channel, body, ephemeral=body.get("response_type") != "in_channel", thread_ts=thread
            )
        await self._record(Call("response_url", body, key=key))
        return web.Response(text="ok")

    async def _socket_mode(self, request: web.Request) -> web.WebSocketResponse:
        await self._arrived("socket_mode")
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        try:
            await ws.send_json({"type": "hello", "num_connections": len(self._sockets)})
            async for message in ws:
                if message.type == aiohttp.WSMsgType.TEXT:
                    await self._record(Call("socket_mode_ack", json.loads(message.data)))
        finally:
            self._sockets.remove(ws)
        return ws

    # Web API methods.
    def _api_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "args": args}

    def _apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket-mode"}

    def _auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://standin.slack.test/",
            "team": "Stand-in",
            "user": "socialtip",
            "team_id": self.token_teams.get(self._token or "", self.team_id),
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
        }

    def _oauth_v2_access(self, args: dict[str, Any]) -> dict[str, Any]:
        install = self._codes.pop(str(args.get("code", "")), None)  # a code works once
        if install is None:
            return {"ok": False, "error": "invalid_code"}
        team_id, user_id, enterprise_id = install
        token = f"xoxb-{team_id}-{next(self._keys)}"
        self.token_teams[token] = team_id
        return {
            "ok": True,
            "app_id": "A0001",
            "authed_user": {"id": user_id},
            "scope": "app_mentions:read,chat:write,commands",
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": self.bot_user_id,
            "team": {"id": team_id, "name": f"Workspace {team_id}"},
            "enterprise": {"id": enterprise_id, "name": f"Org {enterprise_id}"} if enterprise_id else None,
            "is_enterprise_install": False,
        }

    def _channel(self, channel: str) -> str:
        return "D" + channel[1:] if channel.startswith(("U", "W")) else channel

    def _chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        known = self.channels.get(args["channel"])
        if known is not None and known.get("is_archived"):
            return {"ok": False, "error": "is_archived"}
        if known is not None and known.get("is_private") and not known.get("is_member"):
            return {"ok": False, "error": "channel_not_found"}
        blocks = args.get("blocks")
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        channel = self._channel(args["channel"])
        shown = self.add_message(channel, {**args, "blocks": blocks}, thread_ts=args.get("thread_ts") or None)
        return {
            "ok": True,
            "channel": channel,
            "ts": shown.ts,
            "message": {"text": shown.text, "ts": shown.ts},
        }

    def _chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        shown = self.add_message(
            args.get("channel", ""), args, ephemeral=True, thread_ts=args.get("thread_ts")
        )
        return {"ok": True, "message_ts": shown.ts}

    def _chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        shown = self.messages.get(args.get("ts", ""))
        if shown is None or shown.ephemeral or shown.channel != args.get("channel"):
            return {"ok": False, "error": "message_not_found"}
        shown.text = args.get("text", shown.text)
        blocks = args.get("blocks")
        shown.blocks = json.loads(blocks) if isinstance(blocks, str) else list(blocks or [])
        shown.version += 1
        return {"ok": True, "channel": shown.channel, "ts": shown.ts}

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        view = args.get("view")
        view = json.loads(view) if isinstance(view, str) else view
        self.views[args.get("user_id", "")] = view
        return {"ok": True, "view": {"id": "V0001", **(view or {})}}

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = args.get("user", "")
        info: dict[str, Any] = {
            "id": user,
            "team_id": self.team_id,
            "name": user.lower(),
            "is_admin": user in self.admins or user in self.owners,
            "is_owner": user in self.owners,
        }
        if user in self.locales:
            info["locale"] = self.locales[user]
        return {"ok": True, "user": info}

    def _assistant_threads_setSuggestedPrompts(self, args: dict[str, Any]) -> dict[str, Any]:
        prompts = args.get("prompts")
        prompts = json.loads(prompts) if isinstance(prompts, str) else prompts
        channel = str(args.get("channel_id") or "")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if not isinstance(prompts, list) or not 1 <= len(prompts) <= 4:
            return {"ok": False, "error": "invalid_arguments"}
        if any(not isinstance(p, dict) or not p.get("title") or not p.get("message") for p in prompts):
            return {"ok": False, "error": "invalid_arguments"}
        if args.get("thread_ts"):
            # Slack's agent messaging experience (agent_view): a call with thread_ts "silently fails".
            return {"ok": True}
        self.suggested_prompts[channel] = {"title": args.get("title"), "prompts": prompts}
        return {"ok": True}

    def _complete_function(self, args: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
        execution = str(args.get("function_execution_id") or "")
        if not execution:
            return {"ok": False, "error": "invalid_arguments"}
        if execution in self.function_results:
            return {"ok": False, "error": "function_execution_already_completed"}
        self.function_results[execution] = result
        return {"ok": True}

    def _functions_completeSuccess(self, args: dict[str, Any]) -> dict[str, Any]:
        outputs = args.get("outputs")
        outputs = json.loads(outputs) if isinstance(outputs, str) else outputs
        if not isinstance(outputs, dict):
            return {"ok": False, "error": "invalid_arguments"}
        return self._complete_function(args, {"outputs": outputs})

    def _functions_completeError(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("error"):
            return {"ok": False, "error": "invalid_arguments"}
        return self._complete_function(args, {"error": str(args["error"])})

    def _conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel", ""))
        known = self.channels.get(channel)
        if known is None or (known.get("is_private") and not known.get("is_member")):
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": {"id": channel, **known}}

    def _conversations_list(self, args: dict[str, Any]) -> dict[str, Any]:
        """Public channels, and private ones the bot is in; ``limit``/``cursor`` paginate."""
        visible = [
            {"id": cid, **info}
            for cid, info in self.channels.items()
            if not (info.get("is_private") and not info.get("is_member"))
            and not (str(args.get("exclude_archived")).lower() in ("1", "true") and info.get("is_archived"))
        ]
        start = int(args.get("cursor") or 0)
        limit = max(1, min(int(args.get("limit") or 100), 1000))
        page = visible[start : start + limit]
        cursor = str(start + limit) if start + limit < len(visible) else ""
        return {"ok": True, "channels": page, "response_metadata": {"next_cursor": cursor}}

    def _chat_getPermalink(self, args: dict[str, Any]) -> dict[str, Any]:
        shown = self.messages.get(str(args.get("message_ts", "")))
        if shown is None or shown.ephemeral or shown.channel != args.get("channel"):
            return {"ok": False, "error": "message_not_found"}
        link = f"https://standin.slack.test/archives/{shown.channel}/p{shown.ts.replace('.', '')}"
        return {"ok": True, "channel": shown.channel, "permalink": link}

    def _views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        view = args.get("view")
        view = json.loads(view) if isinstance(view, str) else view
        if not isinstance(view, dict) or view.get("type") != "modal":
            return {"ok": False, "error": "invalid_arguments"}
        self.modals.append(view)
        return {"ok": True, "view": {"id": f"V{len(self.modals):04d}", **view}}

    def _conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = str(args.get("users", ""))
        return {"ok": True, "channel": {"id": self._channel(users.split(",")[0])}}
