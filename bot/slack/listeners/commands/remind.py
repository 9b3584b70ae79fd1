"""``/socialtip remind|rappel [day time [zone] | off | stop]``: the channel's weekly practice.

The subscription is on disk before the person is told; the confirmation for the whole channel
is posted right after the reply (joining the channel first when it is public and the bot is
not in it yet).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from ....reminders.commands import handle_remind
from ....render.blocks import Reply
from .request import CommandRequest

logger = logging.getLogger(__name__)

USERS_INFO_SECONDS = 1.5
"""At most this long for users.info (the time zone) so the command's ack stays within 3 s."""


async def remind(req: CommandRequest) -> Reply:
    """Subscribe, unsubscribe or show the channel's reminder."""

    async def user_tz() -> str | None:
        resp = await asyncio.wait_for(req.client.users_info(user=req.user_id), USERS_INFO_SECONDS)
        return (resp.get("user") or {}).get("tz")

    outcome = await handle_remind(
        req.services.store,
        team_id=req.team_id,
        channel_id=req.channel_id,
        user_id=req.user_id,
        text=req.args,
        lang=req.lang,
        now=datetime.now(UTC),
        user_tz=user_tz,
    )
    if outcome.public is not None:
        public = outcome.public
        req.later(lambda: _announce(req, public))
    # Our own text (parsed values, the person's id; echoed words are escaped): mentions stay live.
    return Reply(
        text=outcome.private,
        blocks=[SectionBlock(block_id="remind", text=MarkdownTextObject(text=outcome.private))],
    )


async def _announce(req: CommandRequest, text: str) -> None:
    """Tell the channel; the person already has the private confirmation if this fails."""
    try:
        try:
            await req.client.chat_postMessage(channel=req.channel_id, text=text)
        except SlackApiError as exc:
            if exc.response.get("error") != "not_in_channel":
                raise
            await req.client.conversations_join(channel=req.channel_id)
            await req.client.chat_postMessage(channel=req.channel_id, text=text)
    except SlackApiError as exc:
        logger.warning("could not announce the reminder in %s: %s", req.channel_id, exc.response.get("error"))
