"""A checklist opened from the App Home tab: posted in the person's DM with the app."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from ....render.blocks import entry_reply
from ...services import Services
from .common import Click, apologise, find_entry, refuse

logger = logging.getLogger(__name__)


async def open_home_checklist(
    services: Services, click: Click, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Open the DM with the person and post the checklist there (its ticks belong to that DM).

    A Home tab click has no ``response_url``: a problem is told by DM."""
    user_id, team_id = click.user_id, click.team_id
    entry = find_entry(services, str(click.action.get("value") or "")[:64])
    if entry is None or entry.kind != "checklist":
        lang = await services.quick_lang(team_id, user_id) or "fr"
        await refuse(respond, lang, click, client, LookupError("App Home asked for an unknown checklist"))
        return
    lang = "fr"
    try:
        lang = await services.reply_lang(client, team_id, user_id)
        dm = (await client.conversations_open(users=user_id))["channel"]["id"]
        ticked = await services.store.get_checklist_ticks(team_id, dm, entry.id)
        reply = entry_reply(entry, services.kb, lang, ticked=ticked, ephemeral=False)
        await client.chat_postMessage(channel=dm, **reply.as_message())
    except Exception:
        logger.exception("opening a checklist from App Home failed")
        await apologise(respond, lang, click=click, client=client, what="opening a checklist from App Home")
