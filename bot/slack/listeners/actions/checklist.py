"""A checklist step ticked or unticked: the channel's state is saved and every copy shows it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ....knowledge import Entry, Lang
from ....render.blocks import checklist_steps, entry_reply
from ...services import Services
from .common import BadButton, Click, apologise, click_lang, find_entry, refuse

logger = logging.getLogger(__name__)
_STEP_BLOCKS = ("steps_title", "steps_note")
_MAX_STEP_DIGITS = 3


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


def parse_step(services: Services, click: Click) -> tuple[Entry, int, Lang]:
    """The checklist, step and language a checkbox's block id names (``cl|<id>|<step>|<0/1>|<lang>``).

    Raises:
        BadButton: not a block id socialtip made, an unknown checklist or a step it does not have.
    """
    parts = str(click.action.get("block_id") or "").split("|")
    if len(parts) != 5 or parts[0] != "cl":
        raise BadButton("not a checklist step")
    _, entry_id, step, _, raw_lang = parts
    lang: Lang = "en" if raw_lang == "en" else "fr"
    entry = find_entry(services, entry_id)
    if entry is None or entry.kind != "checklist":
        raise BadButton(f"unknown checklist {entry_id[:64]!r}")
    if not step.isdigit() or len(step) > _MAX_STEP_DIGITS or int(step) >= len(entry.content(lang).steps):
        raise BadButton(f"checklist {entry.id} has no step {step[:10]!r}")
    return entry, int(step), lang


async def tick_step(
    services: Services, click: Click, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Save the tick for the channel, then redraw the message in place for everyone:
    ``chat.update`` for a public message, ``response_url`` for an ephemeral one.

    Redraws of one message never overlap and always show the channel's latest ticks (read
    after the last tick was saved): when a redraw waits on a rate limit, the clicks made
    meanwhile are drawn once it is done, so the message ends with the last state."""
    try:
        entry, index, lang = parse_step(services, click)
    except BadButton as exc:
        await refuse(respond, await click_lang(services, click, "fr"), click, client, exc)
        return
    key = (click.team_id, click.channel_id, entry.id)
    try:
        await services.store.tick_checklist_step(*key, index, bool(click.action.get("selected_options")))
    except Exception:
        logger.exception("ticking a checklist step failed")
        await apologise(respond, await click_lang(services, click, lang), click=click, client=client)
        return

    async def redraw() -> None:
        try:
            await _redraw(services, click, body, client, respond, entry, lang)
        except Exception:
            logger.exception("redrawing a checklist failed")
            await apologise(respond, await click_lang(services, click, lang), click=click, client=client)

    message = click.message_ts or f"ephemeral:{click.user_id}"
    await services.latest.submit(("checklist", click.team_id, click.channel_id, message), redraw)


async def _redraw(
    services: Services,
    click: Click,
    body: dict[str, Any],
    client: AsyncWebClient,
    respond: AsyncRespond,
    entry: Entry,
    lang: Lang,
) -> None:
    ticked = await services.store.get_checklist_ticks(click.team_id, click.channel_id, entry.id)
    message = body.get("message") or {}
    steps = [b.to_dict() for b in checklist_steps(entry, lang, ticked, kb=services.kb)]
    blocks = _splice(message.get("blocks") or [], steps)
    if blocks is None:
        fresh = entry_reply(entry, services.kb, lang, ticked=ticked, ephemeral=click.ephemeral).as_message()
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
