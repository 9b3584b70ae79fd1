"""The reminder's buttons: "Done ✅" (the message shows who did it) and "Another one"."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from ....knowledge import Entry, Lang
from ....reminders.message import ANOTHER, DONE, ReminderValue, reminder_message
from ....reminders.rotation import eligible_entries, next_entry
from ...services import Services
from .common import BadButton, Click, acked, apologise, refuse

logger = logging.getLogger(__name__)


def register(app: AsyncApp) -> None:
    """Wire the reminder's two buttons."""
    app.action(DONE)(acked(reminder_done))
    app.action(ANOTHER)(acked(reminder_another))


def reminder_value(services: Services, click: Click) -> tuple[ReminderValue, Entry]:
    """The reminder button's value and its entry (raises :class:`BadButton` for anything else)."""
    try:
        value = ReminderValue.decode(click.action.get("value") or "")
    except (ValueError, TypeError, AttributeError) as exc:
        raise BadButton(f"not a reminder button value ({exc})") from exc
    entry = services.kb.entries.get(value.entry_id)
    if entry is None:
        raise BadButton(f"unknown entry {value.entry_id[:64]!r}")
    return value, entry


async def reminder_done(
    services: Services, click: Click, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Add the clicker to "Done by …" on the reminder message itself."""
    lang: Lang = "fr"
    try:
        value, entry = reminder_value(services, click)
        lang = value.lang
        if not click.message_ts:
            raise BadButton("a Done click without its message")
    except BadButton as exc:
        await refuse(respond, lang, click, client, exc)
        return
    try:
        # The store keeps who did it, atomically: clicks on several processes at once all count,
        # and people listed by the message before (its button value) are kept too.
        done_by = await services.store.add_reminder_done(
            click.team_id, click.channel_id, click.message_ts, click.user_id
        )
    except Exception:
        logger.exception("reminder Done failed")
        await apologise(respond, lang, click=click, client=client, what="reminder Done")
        return

    async def redraw() -> None:
        try:
            everyone = await services.store.get_reminder_done(
                click.team_id, click.channel_id, click.message_ts or ""
            )
            merged = tuple(dict.fromkeys((*value.done_by, *done_by, *everyone)))
            await client.chat_update(
                channel=click.channel_id,
                ts=click.message_ts,
                **reminder_message(entry, services.kb, value.lang, merged),
            )
        except Exception:
            logger.exception("showing who did a reminder failed")
            await apologise(respond, lang, click=click, client=client, what="reminder Done")

    await services.latest.submit(("reminder", click.team_id, click.channel_id, click.message_ts), redraw)


async def reminder_another(
    services: Services, click: Click, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Post the channel's next practice in the reminder's thread (same rotation as the weekly one)."""
    lang: Lang = "fr"
    try:
        value, _ = reminder_value(services, click)
        lang = value.lang
    except BadButton as exc:
        await refuse(respond, lang, click, client, exc)
        return
    try:
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
        await apologise(respond, lang, click=click, client=client, what="reminder Another one")
