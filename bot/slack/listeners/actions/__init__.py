"""Button and checkbox listeners (``block_actions``); action ids come from ``bot.render.blocks``."""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp

from ....render.blocks import (
    ANOTHER_TIP,
    CHECK_STEP,
    FEEDBACK,
    FEEDBACK_DOWN,
    FEEDBACK_UP,
    HOME_CHECKLIST,
    OPEN_ENTRY,
    SHARE,
)
from ....render.expert import ASK_TEAM, EXPERT_ANSWER
from .another_tip import another_tip
from .ask_team import ask_team, expert_answer
from .checklist import tick_step
from .common import acked
from .feedback import feedback
from .home_checklist import open_home_checklist
from .open_entry import open_entry
from .reminder import register as register_reminder_buttons
from .share import share


def register(app: AsyncApp) -> None:
    """Wire every button of socialtip's messages and App Home."""
    app.action(SHARE)(acked(share))
    app.action(ANOTHER_TIP)(acked(another_tip))
    app.action(re.compile(rf"^{OPEN_ENTRY}_\d+$"))(acked(open_entry))
    app.action(FEEDBACK)(acked(feedback))
    app.action(FEEDBACK_UP)(acked(feedback))  # answers posted before the feedback buttons
    app.action(FEEDBACK_DOWN)(acked(feedback))
    app.action(re.compile(rf"^{CHECK_STEP}_\d+$"))(acked(tick_step))
    app.action(re.compile(rf"^{HOME_CHECKLIST}_\d+$"))(acked(open_home_checklist))
    app.action(ASK_TEAM)(acked(ask_team))
    app.action(EXPERT_ANSWER)(acked(expert_answer))
    register_reminder_buttons(app)
