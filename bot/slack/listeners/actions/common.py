"""What every button handler needs: where the click happened and how to answer there."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from ....knowledge import Entry, Lang
from ....messages import t
from ....render.blocks import ActionValue, Reply
from ....storage.limits import MAX_QUESTION_CHARS, check_id, check_question
from ...delivery import checked, tell_failure
from ...services import Services, get_services

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Click:
    """A ``block_actions`` click on one of our messages."""

    team_id: str
    user_id: str
    channel_id: str
    ephemeral: bool
    message_ts: str | None
    thread_ts: str | None
    action: dict[str, Any]

    @classmethod
    def of(cls, body: dict[str, Any]) -> Click:
        container = body.get("container") or {}
        message = body.get("message") or {}
        return cls(
            team_id=(body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id", ""),
            user_id=body["user"]["id"],
            channel_id=(body.get("channel") or {}).get("id") or container.get("channel_id", ""),
            ephemeral=bool(container.get("is_ephemeral")),
            message_ts=container.get("message_ts") or message.get("ts"),
            thread_ts=message.get("thread_ts"),
            action=body["actions"][0],
        )

    @property
    def in_dm(self) -> bool:
        return self.channel_id.startswith("D")

    def value(self) -> ActionValue:
        """The answer button's value, checked (raises :class:`BadButton`)."""
        raw = self.action.get("value") or ""
        if not isinstance(raw, str) or len(raw) > MAX_BUTTON_VALUE:
            raise BadButton("button value missing or longer than Slack allows")
        try:
            value = ActionValue.decode(raw)
            check_id(value.entry_id, "entry id")
            check_question(value.question)
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            raise BadButton(f"not one of our button values ({exc})") from exc
        return value


MAX_BUTTON_VALUE = MAX_QUESTION_CHARS
"""Slack's limit on a button's value: anything longer was forged."""


class BadButton(ValueError):
    """A click whose value or block id is not one socialtip made (forged, or from a stale message)."""


async def click_lang(services: Services, click: Click, fallback: Lang) -> Lang:
    """The clicker's stored preference, else the language of the message clicked."""
    return await services.stored_lang(click.team_id, click.user_id) or fallback


def find_entry(services: Services, entry_id: str) -> Entry | None:
    return services.kb.entries.get(entry_id)


async def entry_and_ticks(services: Services, click: Click, entry_id: str) -> tuple[Entry, set[int]]:
    """The entry a button names and the clicked channel's ticks on it (BadButton if unknown)."""
    entry = find_entry(services, entry_id)
    if entry is None:
        raise BadButton(f"unknown entry {entry_id[:64]!r}")
    return entry, await services.store.get_checklist_ticks(click.team_id, click.channel_id, entry.id)


async def post_new(client: AsyncWebClient, respond: AsyncRespond, click: Click, reply: Reply) -> None:
    """Show ``reply`` as a new message beside the one clicked: ephemeral for an ephemeral message,
    else in the message's thread (or the DM)."""
    if click.ephemeral or not click.channel_id:
        await respond(response_type="ephemeral", replace_original=False, **reply.as_message())
        return
    thread = None if click.in_dm and not click.thread_ts else (click.thread_ts or click.message_ts)
    await client.chat_postMessage(channel=click.channel_id, thread_ts=thread, **reply.as_message())


async def apologise(
    respond: AsyncRespond,
    lang: Lang,
    *,
    click: Click | None = None,
    client: AsyncWebClient | None = None,
    key: str = "apology",
    what: str = "a button",
) -> None:
    """A short apology to the person who clicked: through ``respond``, else (with ``click``
    and ``client``) ephemerally in the channel or by DM; logged whatever happens."""
    await tell_failure(
        t(key, lang),
        respond=respond,
        client=client,
        channel_id=click.channel_id if click else None,
        user_id=click.user_id if click else "",
        what=what,
    )


async def refuse(
    respond: AsyncRespond, lang: Lang, click: Click, client: AsyncWebClient, exc: Exception
) -> None:
    """A forged or stale button: nothing was stored; tell the person so."""
    logger.warning("refused a click on %s: %s", click.action.get("action_id"), exc)
    await apologise(respond, lang, click=click, client=client, key="bad_button", what="a refused click")


ClickHandler = Callable[[Services, "Click", dict[str, Any], AsyncWebClient, AsyncRespond], Awaitable[None]]
"""``async def handler(services, click, body, client, respond) -> None``."""


def acked(handler: ClickHandler) -> Callable[..., Awaitable[None]]:
    """A Bolt listener that acks at once and runs ``handler`` in the background, so Web API
    calls never delay the acknowledgement (the app runs with ``process_before_response``).
    The handler's ``respond`` raises when Slack refuses the message (:mod:`bot.slack.delivery`)."""

    async def listener(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond, context: Any
    ) -> None:
        await ack()
        services = get_services(context)
        work = handler(services, Click.of(body), body, client, checked(respond))
        services.tasks.spawn(work, name=handler.__name__)

    listener.__name__ = handler.__name__
    listener.__doc__ = handler.__doc__
    return listener
