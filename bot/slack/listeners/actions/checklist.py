"""A checklist step ticked or unticked: the channel's state is saved and every copy shows it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ....knowledge import Lang
from ....render.blocks import checklist_steps, entry_reply
from ...services import Services
from .common import Click, apologise, click_lang, find_entry

logger = logging.getLogger(__name__)
_STEP_BLOCKS = ("steps_title", "steps_note")


def _splice(blocks: list[dict[str, Any]], steps: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """``blocks`` with its checklist steps replaced by ``steps`` (None if it has none)."""
    where = [
        i
        for i, b in enumerate(blocks)
        if b.get("block_id", "").startswith("cl|") or b.get("block_id") in _STEP_BLOCKS
    ]
    if not where:
        return None
    return blocks[: where[0]] + steps + blocks[where[-1] + 1 :]


async def tick_step(
    services: Services, click: Click, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Save the tick for the channel, then redraw the message in place for everyone:
    ``chat.update`` for a public message, ``response_url`` for an ephemeral one."""
    _, entry_id, step, _, raw_lang = click.action["block_id"].split("|")
    lang: Lang = "en" if raw_lang == "en" else "fr"
    try:
        entry = find_entry(services, entry_id)
        if entry is None:
            raise LookupError(f"unknown checklist {entry_id!r}")
        index = int(step)
        key = (click.team_id, click.channel_id, entry.id)
        done = bool(click.action.get("selected_options"))
        ticked = await services.store.tick_checklist_step(*key, index, done)
        message = body.get("message") or {}
        steps = [b.to_dict() for b in checklist_steps(entry, lang, ticked, kb=services.kb)]
        blocks = _splice(message.get("blocks") or [], steps)
        if blocks is None:
            fresh = entry_reply(
                entry, services.kb, lang, ticked=ticked, ephemeral=click.ephemeral
            ).as_message()
            blocks, text = fresh["blocks"], fresh["text"]
        else:
            text = message.get("text") or entry.title(lang)
        if click.ephemeral or not click.message_ts:
            await respond(replace_original=True, text=text, blocks=blocks)
            return
        try:
            await client.chat_update(channel=click.channel_id, ts=click.message_ts, text=text, blocks=blocks)
        except SlackApiError as exc:  # e.g. a message posted through response_url
            logger.info("chat.update failed (%s): updating through response_url", exc.response.get("error"))
            await respond(replace_original=True, text=text, blocks=blocks)
    except Exception:
        logger.exception("ticking a checklist step failed")
        await apologise(respond, await click_lang(services, click, lang))
