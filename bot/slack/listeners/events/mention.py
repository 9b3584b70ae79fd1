"""``@socialtip <question>`` in a channel: the answer in a thread (the mention's own, if any)."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from .conversation import answer_event_in_background, from_a_bot


async def app_mention(
    ack: AsyncAck, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, context: Any
) -> None:
    """Ack at once; answer in the background. A bare mention gets a tip and how to ask."""
    await ack()
    if from_a_bot(event):
        return
    answer_event_in_background(
        body, event, client, context, thread_ts=event.get("thread_ts") or event["ts"], surface="mention"
    )
