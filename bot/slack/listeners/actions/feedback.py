"""👍 / 👎 on an answer (Slack's feedback buttons): one vote per person and answer, then a thank-you."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from ....messages import t
from ....render.blocks import FEEDBACK_UP
from ...services import Services
from .common import Click, apologise, click_lang

logger = logging.getLogger(__name__)


async def feedback(
    services: Services, click: Click, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Record the vote, then thank the person (only they see it)."""
    value = click.value()
    lang = await click_lang(services, click, value.lang)
    # Slack's feedback_buttons carry the vote in their value; the older hand-made buttons in their id.
    vote = value.vote or ("up" if click.action["action_id"] == FEEDBACK_UP else "down")
    try:
        await services.store.set_vote(
            team_id=click.team_id,
            user_id=click.user_id,
            entry_id=value.entry_id,
            question=value.question,
            vote=vote,
        )
        await respond(response_type="ephemeral", replace_original=False, text=t("feedback_thanks", lang))
    except Exception:
        logger.exception("storing feedback failed")
        await apologise(respond, lang)
