"""The ``/socialtip`` slash command: ack with the answer when it is ready at once, else ack first."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from ....messages import t
from ...delivery import checked, tell_failure
from ...services import Services, get_services
from ...text import slack_to_plain
from .request import CommandRequest
from .run import prepare

logger = logging.getLogger(__name__)


async def socialtip_command(
    ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient, context: Any, respond: AsyncRespond
) -> None:
    """Answer ``/socialtip [text]`` ephemerally. The answer travels in the ack itself when no
    Slack call is needed (the usual case); otherwise the ack goes first and the answer follows
    through ``response_url``. Writes that can wait run after the ack."""
    services = get_services(context)
    where = {
        "team_id": command["team_id"],
        "user_id": command["user_id"],
        "channel_id": command["channel_id"],
        "raw": command.get("text") or "",
    }
    text = slack_to_plain(command.get("text") or "")
    try:
        prepared = await prepare(services, client, text=text, surface="command", ask_slack=False, **where)
        if prepared is None:
            await ack()
            services.tasks.spawn(_answer_later(services, client, respond, text, where), name="slash-later")
            return
        route, req = prepared
        reply = await route.handler(req)
    except Exception:
        logger.exception("/socialtip failed")
        await ack(response_type="ephemeral", text=t("apology", "fr"))
        return
    await ack(response_type="ephemeral", **reply.as_message())
    _after(services, req)


async def _answer_later(
    services: Services, client: AsyncWebClient, respond: AsyncRespond, text: str, where: dict[str, str]
) -> None:
    """The answer through ``response_url``; if that fails, an apology by any way that works."""
    lang = "fr"
    respond = checked(respond)
    try:
        prepared = await prepare(services, client, text=text, surface="command", **where)
        assert prepared is not None
        route, req = prepared
        lang = req.lang
        reply = await route.handler(req)
        await respond(response_type="ephemeral", **reply.as_message())
    except Exception:
        logger.exception("/socialtip failed after the ack")
        await tell_failure(
            t("apology", lang),
            respond=respond,
            client=client,
            channel_id=where["channel_id"],
            user_id=where["user_id"],
            what="/socialtip",
        )
        return
    await req.run_after()


def _after(services: Services, req: CommandRequest) -> None:
    if req.after:
        services.tasks.spawn(req.run_after(), name="slash-after")
