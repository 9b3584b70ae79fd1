"""The editors' insights on the Home tab: who sees them (workspace admins and owners, from
``users.info``, and SOCIALTIP_EDITORS), and the figures, kept a few minutes per workspace."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ..insights import Insights, load_insights
from .services import Services

logger = logging.getLogger(__name__)

ROLE_TTL_SECONDS = 600.0
"""A person's admin/owner status is asked of Slack at most every 10 minutes."""
HOME_INSIGHTS_DAYS = 30
"""The Home tab's insights cover the last 30 days (``socialtip insights --since`` for more)."""
INSIGHTS_TTL_SECONDS = 300.0
"""A workspace's Home insights are computed at most every 5 minutes (they read every question kept)."""
_MAX_CACHED = 10_000
_roles: dict[tuple[int, str, str], tuple[bool, float]] = {}
_insights: dict[tuple[int, str], tuple[Insights, float]] = {}


async def home_insights(services: Services, team_id: str) -> Insights:
    """The last 30 days of a workspace's insights, recomputed at most every 5 minutes."""
    key = (id(services), team_id)
    hit = _insights.get(key)
    if hit is not None and hit[1] > time.monotonic():
        return hit[0]
    since = datetime.now(UTC) - timedelta(days=HOME_INSIGHTS_DAYS)
    insights = await load_insights(services.store, team_id=team_id, since=since)
    if len(_insights) >= _MAX_CACHED:
        _insights.clear()
    _insights[key] = (insights, time.monotonic() + INSIGHTS_TTL_SECONDS)
    return insights


async def is_editor(services: Services, client: AsyncWebClient, team_id: str, user_id: str) -> bool:
    """True for the people listed in SOCIALTIP_EDITORS and for workspace admins and owners."""
    if user_id in services.editors:
        return True
    key = (id(services), team_id, user_id)
    hit = _roles.get(key)
    if hit is not None and hit[1] > time.monotonic():
        return hit[0]
    try:
        user = (await client.users_info(user=user_id)).get("user") or {}
        allowed = bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
    except SlackApiError as exc:
        logger.warning("users.info failed, insights hidden: %s", exc.response.get("error"))
        return False  # not cached: asked again next time
    if len(_roles) >= _MAX_CACHED:
        _roles.clear()
    _roles[key] = (allowed, time.monotonic() + ROLE_TTL_SECONDS)
    return allowed
