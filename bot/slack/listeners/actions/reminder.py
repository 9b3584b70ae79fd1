"""The reminder's buttons: "Done ✅" (the message shows who did it) and "Another one"."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from ....reminders.message import ANOTHER, DONE, ReminderValue, reminder_message
from ....reminders.rotation import eligible_entries, next_entry
from ...services import Services
from .common import Click, acked, apologise

logger = logging.getLogger(__name__)


def register(app: AsyncApp) -> None:
    """Wire the reminder's two buttons."""
    app.action(DONE)(acked(reminder_done))
    app.action(ANOTHER)(acked(reminder_another))


async def reminder_done(
    services: Services, click: Click, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Add the clicker to "Done by …" on the reminder message itself."""
    try:
        value = ReminderValue.decode(click.action.get("value") or "")
        entry = services.kb.entries.get(value.entry_id)
        if entry is None or not click.message_ts:
            logger.warning("Done clicked on a reminder whose entry or message is gone")
            return
        # The store keeps who did it, atomically: clicks on several processes at once all count,
        # and people listed by the message before (its button value) are kept too.
        done_by = await services.store.add_reminder_done(
            click.team_id, click.channel_id, click.message_ts, click.user_id
        )
        merged = tuple(dict.fromkeys((*value.done_by, *done_by)))
        await client.chat_update(
            channel=click.channel_id,
            ts=click.message_ts,
            **reminder_message(entry, services.kb, value.lang, merged),
        )
    except Exception:
        logger.exception("reminder Done failed")
        await apologise(respond, "fr")


async def reminder_another(
    services: Services, click: Click, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Post the channel's next practice in the reminder's thread (same rotation as the weekly one)."""
    lang = "fr"
    try:
        value = ReminderValue.decode(click.action.get("value") or "")
        lang = value.lang
        store = services.store
        async with services.lock("remind-rotation", click.team_id, click.channel_id):
            candidates = [entry.id for entry in eligible_entries(services.kb, lang)]
            seen = await store.get_seen(click.team_id, click.channel_id)
            entry_id, seen = next_entry(candidates, seen, exclude=value.entry_id)
            await client.chat_postMessage(
                channel=click.channel_id,
                thread_ts=click.thread_ts or click.message_ts,
                **reminder_message(services.kb.entries[entry_id], services.kb, lang),
            )
            await store.set_seen(click.team_id, click.channel_id, seen)
    except Exception:
        logger.exception("reminder Another one failed")
        await apologise(respond, lang)
