"""Every Slack listener, grouped by surface; each surface has one ``register(app)``."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from . import actions, commands, events, functions, views


def register_listeners(app: AsyncApp) -> None:
    """Wire commands, events, Workflow Builder steps, actions and views into ``app``."""
    commands.register(app)
    events.register(app)
    functions.register(app)
    actions.register(app)
    views.register(app)
