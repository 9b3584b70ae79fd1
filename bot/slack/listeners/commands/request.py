"""A sub-command's input: who asked, where, what, in which language, and work to do afterwards."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from slack_sdk.web.async_client import AsyncWebClient

from ....knowledge import Lang
from ....render.blocks import Reply
from ...services import Services

Surface = Literal["command", "mention", "dm"]
"""Where the text came from: ``/socialtip`` (ephemeral reply), an @mention (thread) or a DM."""


@dataclass
class CommandRequest:
    """Everything a sub-command handler gets. Handlers return a :class:`Reply`; slow writes that
    need not happen before the reply go through :meth:`later`."""

    services: Services
    client: AsyncWebClient
    team_id: str
    user_id: str
    channel_id: str
    args: str
    lang: Lang
    surface: Surface
    after: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    raw: str = ""
    """The whole text as Slack sent it, markup kept (``<#C123|experts>``); ``args`` is plain text."""
    message_ts: str = ""
    """The person's own message, when it is one in a channel (a mention); else empty."""

    @property
    def ephemeral(self) -> bool:
        """True when only the asker sees the reply (a slash command), so it offers "Share"."""
        return self.surface == "command"

    def later(self, work: Callable[[], Awaitable[None]]) -> None:
        """Run ``work`` once the reply has been sent (it never delays Slack's acknowledgement)."""
        self.after.append(work)

    async def run_after(self) -> None:
        for work in self.after:
            await work()


Handler = Callable[[CommandRequest], Awaitable[Reply]]
"""A sub-command: ``async def handler(req: CommandRequest) -> Reply``."""
