"""The App Home tab, published when someone opens it: this week's practice, the checklists, help,
and for workspace admins and editors a short "what is missing" section (the insights)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from ....knowledge import Entry, KnowledgeBase
from ....knowledge.browse import weekly_tip
from ....render.blocks import MAX_HOME_BLOCKS, home_view
from ....render.insights import insights_home_blocks
from ...editors import home_insights, is_editor
from ...services import Services, get_services
from ..commands.table import help_lines

logger = logging.getLogger(__name__)


def weekly_practice(kb: KnowledgeBase, today: dt.date | None = None) -> Entry | None:
    """The tip of the week: the same for everyone during an ISO week, a different one each week."""
    return weekly_tip(kb, today)


async def _publish(services: Services, client: AsyncWebClient, team_id: str, user_id: str) -> None:
    lang = await services.reply_lang(client, team_id, user_id)
    view = home_view(services.kb, lang, weekly_practice(services.kb), help_lines(lang))
    try:
        if await is_editor(services, client, team_id, user_id):
            insights = await home_insights(services, team_id)
            extra = insights_home_blocks(insights, services.kb, lang)
            view = View(type="home", blocks=[*view.blocks[: MAX_HOME_BLOCKS - len(extra)], *extra])
    except Exception:  # the Home tab still shows everything else
        logger.exception("could not build the insights for the Home tab")
    await client.views_publish(user_id=user_id, view=view)


async def app_home_opened(
    ack: AsyncAck, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, context: Any
) -> None:
    """Ack, then publish the Home tab in the person's language (the Messages tab is left alone)."""
    await ack()
    if event.get("tab", "home") != "home":
        return
    services = get_services(context)
    work = _publish(services, client, body.get("team_id", ""), event["user"])
    services.tasks.spawn(work, name="app-home")
