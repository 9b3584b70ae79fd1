"""Answer a line of text in a conversation (a mention's thread or a DM), once per event."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from ....knowledge import Lang
from ....messages import t
from ...delivery import SEND_ERRORS
from ...services import Services, get_services
from ...text import slack_to_plain, strip_mention
from ..commands.request import Surface
from ..commands.run import prepare

logger = logging.getLogger(__name__)


PERSON_SUBTYPES = frozenset({"file_share", "thread_broadcast"})
"""Message subtypes a person writes (a message with files, a reply also sent to the channel)."""


def from_a_bot(event: dict) -> bool:
    """True for messages written by a bot (this app included) and for edits, joins and the like;
    False for a person's message, files attached or not."""
    subtype = event.get("subtype")
    return bool(
        event.get("bot_id")
        or (subtype and subtype not in PERSON_SUBTYPES)
        or event.get("bot_profile")
        or not event.get("user")
    )


def answer_event_in_background(
    body: dict[str, Any],
    event: dict[str, Any],
    client: AsyncWebClient,
    context: Any,
    *,
    thread_ts: str | None,
    surface: Surface,
) -> None:
    """Start answering the text of ``event`` (the app's mention stripped) where it was written."""
    services = get_services(context)
    work = answer_in_conversation(
        services,
        client,
        event_id=body.get("event_id"),
        team_id=body.get("team_id") or event.get("team", ""),
        user_id=event["user"],
        channel_id=event["channel"],
        thread_ts=thread_ts,
        text=slack_to_plain(strip_mention(event.get("text") or "", context.bot_user_id)),
        surface=surface,
        has_files=bool(event.get("files")),
        message_ts=event.get("ts", "") if surface == "mention" else "",
    )
    services.tasks.spawn(work, name=surface)


async def answer_in_conversation(
    services: Services,
    client: AsyncWebClient,
    *,
    event_id: str | None,
    team_id: str,
    user_id: str,
    channel_id: str,
    thread_ts: str | None,
    text: str,
    surface: Surface,
    has_files: bool = False,
    message_ts: str = "",
) -> None:
    """Post the answer to ``text`` in ``channel_id`` (in ``thread_ts`` if given). ``message_ts`` is
    the person's own message in a channel ("Ask the team" links the experts to it).

    A retried event (same ``event_id``, Slack's ``X-Slack-Retry-Num``) is answered only once.
    When the store cannot record that (it is failing), the person is still answered: a possible
    second answer to a retry is better than none. Files are not read: a message that is only a
    file gets a line saying so; its text, if any, is answered. Whatever fails, the person gets an
    apology where the answer should have been.
    """
    lang: Lang = "fr"
    try:
        if event_id and not await services.store.claim_event(event_id):
            logger.info("event %s already answered (a Slack retry)", event_id)
            return
    except Exception:
        logger.exception("could not record event %s; answering anyway", event_id)
    if has_files and not text.strip():
        lang = await _lang_or_french(services, team_id, user_id)
        await _post(client, channel_id, thread_ts, t("files_not_read", lang), what=f"answering a {surface}")
        return
    try:
        prepared = await prepare(
            services,
            client,
            team_id=team_id,
            user_id=user_id,
            channel_id=channel_id,
            text=text,
            surface=surface,
            message_ts=message_ts,
        )
        assert prepared is not None
        route, req = prepared
        lang = req.lang
        reply = await route.handler(req)
        await client.chat_postMessage(channel=channel_id, thread_ts=thread_ts, **reply.as_message())
    except Exception:
        logger.exception("answering a %s failed", surface)
        await apologise(client, channel_id, thread_ts, lang)
        return
    await req.run_after()


async def apologise(client: AsyncWebClient, channel_id: str, thread_ts: str | None, lang: Lang) -> None:
    """A short apology where the answer should have been (logged if even that fails)."""
    await _post(client, channel_id, thread_ts, t("apology", lang), what="posting an apology")


async def _post(
    client: AsyncWebClient, channel_id: str, thread_ts: str | None, text: str, *, what: str
) -> None:
    try:
        await client.chat_postMessage(channel=channel_id, thread_ts=thread_ts, text=text)
    except SEND_ERRORS:
        logger.exception("%s failed: the person got nothing", what)


async def _lang_or_french(services: Services, team_id: str, user_id: str) -> Lang:
    try:
        return await services.quick_lang(team_id, user_id) or "fr"
    except Exception:
        logger.exception("could not read the person's language")
        return "fr"
