"""Events API listeners: mentions, direct messages, the Messages tab, uninstalls and revoked tokens."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from .direct_message import direct_message
from .mention import app_mention
from .messages_tab import is_messages_tab, messages_tab_opened
from .uninstall import app_uninstalled, tokens_revoked


def register(app: AsyncApp) -> None:
    """Wire the event listeners (the Home tab is in ``listeners.views``, registered after these)."""
    app.event("app_home_opened", matchers=[is_messages_tab])(messages_tab_opened)  # before the Home tab's
    app.event("app_mention")(app_mention)
    app.event("message")(direct_message)
    app.event("app_uninstalled")(app_uninstalled)
    app.event("tokens_revoked")(tokens_revoked)
