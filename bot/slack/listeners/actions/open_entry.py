"""A related entry's button ("See also"): show that entry."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from ....render.blocks import entry_reply
from ...services import Services
from .common import BadButton, Click, apologise, click_lang, entry_and_ticks, post_new, refuse

logger = logging.getLogger(__name__)


async def open_entry(
    services: Services, click: Click, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Show the entry as a new message next to the answer (ephemeral or in the thread)."""
    try:
        value = click.value()
        entry, ticked = await entry_and_ticks(services, click, value.entry_id)
    except BadButton as exc:
        await refuse(respond, await click_lang(services, click, "fr"), click, client, exc)
        return
    lang = await click_lang(services, click, value.lang)
    try:
        reply = entry_reply(
            entry, services.kb, lang, question=value.question, ticked=ticked, ephemeral=click.ephemeral
        )
        await post_new(client, respond, click, reply)
    except Exception:
        logger.exception("opening a related entry failed")
        await apologise(respond, lang, click=click, client=client, what="See also")
