"""The Slack Web API stand-in (``bot.slack.standin``) with what reminders run into.

Adds channel membership (``outside``: channels the bot is not in; ``private``: those it cannot
join by itself), gone and archived channels, ``conversations.info``/``conversations.join``,
people's time zones in ``users.info``, and HTTP 5xx answers (``server_errors``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.slack.standin import Call, Message, SlackStandIn


@dataclass
class ReminderStandIn(SlackStandIn):
    outside: set[str] = field(default_factory=set)
    private: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)
    archived: set[str] = field(default_factory=set)
    timezones: dict[str, str] = field(default_factory=dict)
    server_errors: dict[str, int] = field(default_factory=dict)

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if self.server_errors.get(method):
            self.server_errors[method] -= 1
            await self._record(Call(method, {}, key="5xx"))
            return web.Response(status=503, text="<html>Service Unavailable</html>", content_type="text/html")
        return await super()._api(request)

    def posts_in(self, channel: str) -> list[Message]:
        """The messages the stand-in shows in ``channel`` (a user id means the DM with them)."""
        where = self._channel(channel)
        return [m for m in self.messages.values() if m.channel == where and not m.ephemeral]

    def _chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = args.get("channel", "")
        if channel in self.gone:
            return {"ok": False, "error": "channel_not_found"}
        if channel in self.archived:
            return {"ok": False, "error": "is_archived"}
        if channel in self.outside:
            return {"ok": False, "error": "not_in_channel"}
        return super()._chat_postMessage(args)

    def _conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = args.get("channel", "")
        if channel in self.gone:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": {"id": channel, "is_private": channel in self.private}}

    def _conversations_join(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = args.get("channel", "")
        if channel in self.private:
            return {"ok": False, "error": "method_not_supported_for_channel_type"}
        self.outside.discard(channel)
        return {"ok": True, "channel": {"id": channel}}

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        result = super()._users_info(args)
        tz = self.timezones.get(args.get("user", ""))
        if tz:
            result["user"]["tz"] = tz
        return result
