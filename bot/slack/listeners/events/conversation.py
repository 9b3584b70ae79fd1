"""Answer a line of text in a conversation (a mention's thread or a DM), once per event."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ....knowledge import Lang
from ....messages import t
from ...services import Services, get_services
from ...text import slack_to_plain, strip_mention
from ..commands.request import Surface
from ..commands.run import prepare

logger = logging.getLogger(__name__)


def from_a_bot(event: dict) -> bool:
    """True for messages written by a bot (this app included) and for edits, joins and the like."""
    return bool(
        event.get("bot_id") or event.get("subtype") or event.get("bot_profile") or not event.get("user")
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
) -> None:
    """Post the answer to ``text`` in ``channel_id`` (in ``thread_ts`` if given).

    A retried event (same ``event_id``, Slack's ``X-Slack-Retry-Num``) is answered only once.
    """
    if event_id and not await services.store.claim_event(event_id):
        logger.info("event %s already answered (a Slack retry)", event_id)
        return
    lang: Lang = "fr"
    try:
        prepared = await prepare(
            services,
            client,
            team_id=team_id,
            user_id=user_id,
            channel_id=channel_id,
            text=text,
            surface=surface,
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
    try:
        await client.chat_postMessage(channel=channel_id, thread_ts=thread_ts, text=t("apology", lang))
    except SlackApiError:
        logger.exception("could not post the apology either")
