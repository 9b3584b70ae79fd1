"""Who sees the editors' insights: workspace admins and owners (``users.info``), and SOCIALTIP_EDITORS."""

from __future__ import annotations

import logging
import time

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from .services import Services

logger = logging.getLogger(__name__)

ROLE_TTL_SECONDS = 600.0
"""A person's admin/owner status is asked of Slack at most every 10 minutes."""
_MAX_CACHED = 10_000
_roles: dict[tuple[int, str, str], tuple[bool, float]] = {}


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
