"""Direct messages to the app: answered in the DM. Other message events are ignored."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from .conversation import answer_event_in_background, from_a_bot


async def direct_message(
    ack: AsyncAck, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, context: Any
) -> None:
    """Ack at once; answer a person's DM (not edits, not bots, not the app itself) in the DM."""
    await ack()
    if event.get("channel_type") != "im" or from_a_bot(event) or event.get("user") == context.bot_user_id:
        return
    answer_event_in_background(body, event, client, context, thread_ts=event.get("thread_ts"), surface="dm")
