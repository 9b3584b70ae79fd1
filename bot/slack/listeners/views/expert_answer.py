"""The expert's answer modal, submitted: the answer goes to the asker by DM and into the question's thread."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ....messages import t
from ....render.expert import ANSWER_BLOCK, ANSWER_INPUT, ExpertValue, answer_for_asker, answer_in_thread
from ...services import get_services

logger = logging.getLogger(__name__)


def _answer_text(view: dict[str, Any]) -> str:
    values = ((view.get("state") or {}).get("values") or {}).get(ANSWER_BLOCK) or {}
    return str((values.get(ANSWER_INPUT) or {}).get("value") or "").strip()


async def _deliver(client: AsyncWebClient, expert: str, value: ExpertValue, answer: str) -> None:
    """DM the asker, then add the answer to the question's thread (each logged if it fails)."""
    try:
        await client.chat_postMessage(
            channel=value.asker, **answer_for_asker(expert, value, answer).as_message()
        )
    except SlackApiError as exc:
        logger.warning("could not send the expert's answer by DM: %s", exc.response.get("error"))
    if value.channel and value.ts:
        try:
            reply = answer_in_thread(expert, value, answer)
            await client.chat_postMessage(channel=value.channel, thread_ts=value.ts, **reply.as_message())
        except SlackApiError as exc:
            logger.warning("could not add the expert's answer to the thread: %s", exc.response.get("error"))


async def expert_answer_submitted(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient, context: Any
) -> None:
    """Close the modal (or show what is missing), then deliver the answer in the background."""
    try:
        value = ExpertValue.decode(view.get("private_metadata") or "")
    except ValueError:
        logger.warning("an answer modal came back without our metadata")
        await ack()
        return
    answer = _answer_text(view)
    if not answer:
        await ack(response_action="errors", errors={ANSWER_BLOCK: t("modal_answer_empty", value.lang)})
        return
    await ack()
    services = get_services(context)
    expert = (body.get("user") or {}).get("id", "")
    services.tasks.spawn(_deliver(client, expert, value, answer), name="expert-answer")
