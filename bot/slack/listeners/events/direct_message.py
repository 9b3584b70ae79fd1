"""Direct messages to the app: answered in the DM. Other message events are ignored."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from ...services import get_services
from ...text import slack_to_plain, strip_mention
from .conversation import answer_in_conversation, from_a_bot


async def direct_message(
    ack: AsyncAck, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, context: Any
) -> None:
    """Ack at once; answer a person's DM (not edits, not bots, not the app itself) in the DM."""
    await ack()
    if event.get("channel_type") != "im" or from_a_bot(event) or event.get("user") == context.bot_user_id:
        return
    services = get_services(context)
    work = answer_in_conversation(
        services,
        client,
        event_id=body.get("event_id"),
        team_id=body.get("team_id") or event.get("team", ""),
        user_id=event["user"],
        channel_id=event["channel"],
        thread_ts=event.get("thread_ts"),
        text=slack_to_plain(strip_mention(event.get("text") or "", context.bot_user_id)),
        surface="dm",
    )
    services.tasks.spawn(work, name="dm")
