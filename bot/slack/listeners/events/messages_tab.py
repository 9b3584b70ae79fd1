"""The app's Messages tab (Slack's agent messaging experience): suggested prompts when it opens.

Under ``agent_view`` Slack sends ``app_home_opened`` with ``tab == "messages"`` when someone opens
the app's DM. socialtip then sets up to four suggested prompts in that person's language, with
Bolt's ``set_suggested_prompts`` (no ``thread_ts``: Slack ignores calls that pass one for agent
apps). Messages typed or picked there arrive as ordinary DMs and are answered as DMs.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.set_suggested_prompts.async_set_suggested_prompts import AsyncSetSuggestedPrompts
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ....knowledge import Lang
from ....messages import t
from ...services import Services, get_services

logger = logging.getLogger(__name__)

PROMPTS = ("week", "bad_buzz", "own_account", "followers")
"""The suggested prompts, in order: each a question whose first answer is right (tests pin them)."""


def suggested_prompts(lang: Lang) -> list[dict[str, str]]:
    """The Messages tab's prompts in ``lang``: ``[{"title": ..., "message": ...}]``."""
    return [
        {"title": t(f"prompt_{name}_title", lang), "message": t(f"prompt_{name}", lang)} for name in PROMPTS
    ]


async def is_messages_tab(event: dict[str, Any]) -> bool:
    """Bolt matcher: ``app_home_opened`` for the Messages tab (the Home tab has its own listener)."""
    return event.get("tab") == "messages"


async def _set_prompts(
    services: Services,
    client: AsyncWebClient,
    set_suggested_prompts: AsyncSetSuggestedPrompts,
    team_id: str,
    user_id: str,
) -> None:
    lang = await services.reply_lang(client, team_id, user_id)
    try:
        await set_suggested_prompts(prompts=suggested_prompts(lang), title=t("prompts_title", lang))
    except SlackApiError as exc:
        logger.warning("could not set the Messages tab's prompts: %s", exc.response.get("error"))


async def messages_tab_opened(
    ack: AsyncAck,
    body: dict[str, Any],
    event: dict[str, Any],
    client: AsyncWebClient,
    context: Any,
    set_suggested_prompts: AsyncSetSuggestedPrompts | None = None,
) -> None:
    """Ack, then set the suggested prompts in the person's language."""
    await ack()
    if set_suggested_prompts is None:  # Bolt gives it only when the event names the DM channel
        logger.warning("app_home_opened (messages) without a channel: no prompts set")
        return
    services = get_services(context)
    work = _set_prompts(services, client, set_suggested_prompts, body.get("team_id", ""), event["user"])
    services.tasks.spawn(work, name="messages-tab")
