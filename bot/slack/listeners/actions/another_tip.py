""" "Another tip": a new tip for the person who clicked, never the one they just saw."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from ....knowledge.browse import pick_tip
from ....render.blocks import entry_reply
from ...services import Services
from .common import BadButton, Click, apologise, click_lang, post_new, refuse

logger = logging.getLogger(__name__)


async def another_tip(
    services: Services, click: Click, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Replace an ephemeral tip in place; under a public tip, post the new one in the thread."""
    try:
        value = click.value()
    except BadButton as exc:
        await refuse(respond, await click_lang(services, click, "fr"), click, client, exc)
        return
    lang = await click_lang(services, click, value.lang)
    try:
        entry = pick_tip(services.kb, exclude=value.entry_id)
        reply = entry_reply(entry, services.kb, lang, ephemeral=click.ephemeral)
        if click.ephemeral:
            await respond(replace_original=True, **reply.as_message())
        else:
            await post_new(client, respond, click, reply)
        await services.store.set_last_tip(click.team_id, click.user_id, entry.id)
    except Exception:
        logger.exception("another tip failed")
        await apologise(respond, lang, click=click, client=client, what="Another tip")
