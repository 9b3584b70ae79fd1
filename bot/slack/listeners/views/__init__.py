"""Views: the App Home tab (published on ``app_home_opened``)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from .home import app_home_opened


def register(app: AsyncApp) -> None:
    """Wire the App Home."""
    app.event("app_home_opened")(app_home_opened)
