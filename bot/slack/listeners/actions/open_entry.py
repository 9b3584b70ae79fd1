"""A related entry's button ("See also"): show that entry."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from ....render.blocks import entry_reply
from ...services import Services
from .common import Click, apologise, click_lang, entry_and_ticks, post_new

logger = logging.getLogger(__name__)


async def open_entry(
    services: Services, click: Click, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Show the entry as a new message next to the answer (ephemeral or in the thread)."""
    value = click.value()
    lang = await click_lang(services, click, value.lang)
    try:
        entry, ticked = await entry_and_ticks(services, click, value.entry_id)
        reply = entry_reply(
            entry, services.kb, lang, question=value.question, ticked=ticked, ephemeral=click.ephemeral
        )
        await post_new(client, respond, click, reply)
    except Exception:
        logger.exception("opening a related entry failed")
        await apologise(respond, lang)
