"""Every Slack listener, grouped by surface; each surface has one ``register(app)``."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from . import actions, commands, events, views


def register_listeners(app: AsyncApp) -> None:
    """Wire commands, events, actions and views into ``app``."""
    commands.register(app)
    events.register(app)
    actions.register(app)
    views.register(app)
