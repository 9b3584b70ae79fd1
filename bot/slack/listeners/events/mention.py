"""``@socialtip <question>`` in a channel: the answer in a thread (the mention's own, if any)."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from ...services import get_services
from ...text import slack_to_plain, strip_mention
from .conversation import answer_in_conversation, from_a_bot


async def app_mention(
    ack: AsyncAck, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, context: Any
) -> None:
    """Ack at once; answer in the background. A bare mention gets a tip and how to ask."""
    await ack()
    if from_a_bot(event):
        return
    services = get_services(context)
    work = answer_in_conversation(
        services,
        client,
        event_id=body.get("event_id"),
        team_id=body.get("team_id") or event.get("team", ""),
        user_id=event["user"],
        channel_id=event["channel"],
        thread_ts=event.get("thread_ts") or event["ts"],
        text=slack_to_plain(strip_mention(event.get("text") or "", context.bot_user_id)),
        surface="mention",
    )
    services.tasks.spawn(work, name="mention")
