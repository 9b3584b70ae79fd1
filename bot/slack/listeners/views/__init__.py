"""Views: the App Home tab (published on ``app_home_opened``) and the expert's answer modal."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from ....render.expert import ANSWER_MODAL
from .expert_answer import expert_answer_submitted
from .home import app_home_opened


def register(app: AsyncApp) -> None:
    """Wire the App Home and the answer modal."""
    app.event("app_home_opened")(app_home_opened)
    app.view(ANSWER_MODAL)(expert_answer_submitted)
