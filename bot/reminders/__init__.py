"""Weekly practice reminders: parse settings, compute due slots, deliver exactly once.

Pure logic (:mod:`.parse`, :mod:`.schedule`, :mod:`.rotation`, :mod:`.commands`) knows nothing
of Slack; :mod:`.deliver` posts with slack_sdk's ``AsyncWebClient`` and :mod:`.loop` runs it
periodically inside ``socialtip serve``.
"""

from __future__ import annotations

from .commands import RemindOutcome, handle_remind
from .deliver import LEASE, RunReport, run_due
from .parse import ReminderSyntaxError, Status, Subscribe, Unsubscribe, parse_reminder
from .schedule import WINDOW, Slot, due_slot, next_slot

__all__ = [
    "LEASE",
    "WINDOW",
    "RemindOutcome",
    "ReminderSyntaxError",
    "RunReport",
    "Slot",
    "Status",
    "Subscribe",
    "Unsubscribe",
    "due_slot",
    "handle_remind",
    "next_slot",
    "parse_reminder",
    "run_due",
]
