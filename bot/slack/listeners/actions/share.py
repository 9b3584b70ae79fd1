""" "Share in channel": post the ephemeral answer publicly, saying who shared it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ....render.blocks import entry_reply
from ...services import Services
from .common import BadButton, Click, apologise, click_lang, entry_and_ticks, refuse

logger = logging.getLogger(__name__)


async def share(
    services: Services, click: Click, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Post the entry (with the channel's checklist ticks) publicly, then remove the ephemeral copy."""
    try:
        value = click.value()
        entry, ticked = await entry_and_ticks(services, click, value.entry_id)
    except BadButton as exc:
        await refuse(respond, await click_lang(services, click, "fr"), click, client, exc)
        return
    lang = value.lang
    try:
        reply = entry_reply(
            entry,
            services.kb,
            lang,
            question=value.question,
            ticked=ticked,
            ephemeral=False,
            shared_by=click.user_id,
        )
        try:
            await client.chat_postMessage(channel=click.channel_id, **reply.as_message())
        except SlackApiError as exc:  # e.g. a private channel or DM the bot is not in
            logger.info(
                "chat.postMessage failed (%s): sharing through response_url", exc.response.get("error")
            )
            await respond(response_type="in_channel", replace_original=False, **reply.as_message())
        await respond(delete_original=True)
    except Exception:
        logger.exception("share failed")
        await apologise(
            respond, await click_lang(services, click, lang), click=click, client=client, what="share"
        )
