"""Uninstalls and revoked tokens: forget everything about the workspace."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck

from ...services import Services, get_services

logger = logging.getLogger(__name__)


async def _forget(services: Services, team_id: str) -> None:
    await services.store.delete_team(team_id)
    services.forget_team(team_id)
    logger.info("workspace %s uninstalled or revoked: its data was deleted", team_id)


async def app_uninstalled(ack: AsyncAck, body: dict[str, Any], context: Any) -> None:
    """The app was removed from a workspace."""
    await ack()
    services = get_services(context)
    services.tasks.spawn(_forget(services, body["team_id"]), name="uninstall")


async def tokens_revoked(ack: AsyncAck, body: dict[str, Any], event: dict[str, Any], context: Any) -> None:
    """Tokens were revoked; when the bot token is among them the app can no longer act there."""
    await ack()
    if (event.get("tokens") or {}).get("bot"):
        services = get_services(context)
        services.tasks.spawn(_forget(services, body["team_id"]), name="tokens-revoked")
