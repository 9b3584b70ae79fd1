"""Uninstalls and revoked tokens: forget everything about the workspace.

In multi-workspace mode the installation goes too, as Bolt's own token-revocation listeners
would do (``app.enable_token_revocation_listeners()``); those cannot run beside these ones,
since Bolt hands an event to the first listener that matches, so these do both.
"""

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


async def _forget_installation(services: Services, context: Any, user_ids: list[str] | None = None) -> None:
    """Delete the workspace's installations (only those of ``user_ids`` when given)."""
    if services.installations is None:
        return
    enterprise_id = context.enterprise_id
    team_id = None if context.is_enterprise_install else context.team_id  # org-wide: keyed by the org
    if user_ids is None:
        await services.installations.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)
        return
    for user_id in user_ids:
        await services.installations.async_delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )


async def app_uninstalled(ack: AsyncAck, body: dict[str, Any], context: Any) -> None:
    """The app was removed from a workspace."""
    await ack()
    services = get_services(context)
    services.tasks.spawn(_forget(services, body["team_id"]), name="uninstall")
    services.tasks.spawn(_forget_installation(services, context), name="uninstall-installation")


async def tokens_revoked(ack: AsyncAck, body: dict[str, Any], event: dict[str, Any], context: Any) -> None:
    """Tokens were revoked; when the bot token is among them the app can no longer act there."""
    await ack()
    services = get_services(context)
    tokens = event.get("tokens") or {}
    if tokens.get("bot"):
        services.tasks.spawn(_forget(services, body["team_id"]), name="tokens-revoked")
        services.tasks.spawn(_forget_installation(services, context), name="tokens-revoked-installation")
    elif tokens.get("oauth"):
        users = list(tokens["oauth"])
        services.tasks.spawn(_forget_installation(services, context, users), name="tokens-revoked-users")
