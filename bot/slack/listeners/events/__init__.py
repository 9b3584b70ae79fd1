"""Events API listeners: mentions, direct messages, uninstalls and revoked tokens."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from .direct_message import direct_message
from .mention import app_mention
from .uninstall import app_uninstalled, tokens_revoked


def register(app: AsyncApp) -> None:
    """Wire the event listeners (App Home is in ``listeners.views``)."""
    app.event("app_mention")(app_mention)
    app.event("message")(direct_message)
    app.event("app_uninstalled")(app_uninstalled)
    app.event("tokens_revoked")(tokens_revoked)
