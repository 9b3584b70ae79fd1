"""Reminder settings and dates as people read them, in French or English."""

from __future__ import annotations

from datetime import datetime

from ..messages import t
from ..render.blocks import escape
from ..storage import Subscription
from .parse import ReminderSyntaxError


def weekday_name(weekday: int, lang: str) -> str:
    """``0`` -> ``lundi`` / ``Monday``."""
    return t("remind_weekdays", lang).split()[weekday]


def clock(hour: int, minute: int, lang: str) -> str:
    """``9h00`` in French, ``09:00`` in English."""
    return f"{hour}h{minute:02d}" if lang == "fr" else f"{hour:02d}:{minute:02d}"


def describe_schedule(sub: Subscription, lang: str) -> str:
    """``chaque lundi à 9h00 (Europe/Paris)`` / ``every Monday at 09:00 (Europe/Paris)``."""
    return t(
        "remind_every",
        lang,
        weekday=weekday_name(sub.weekday, lang),
        time=clock(sub.hour, sub.minute, lang),
        tz=sub.tz,
    )


def describe_date(at: datetime, lang: str) -> str:
    """``lundi 30 mars à 9h00`` / ``Monday, March 30 at 09:00`` (``at`` in the wanted zone)."""
    return t(
        "remind_date",
        lang,
        weekday=weekday_name(at.weekday(), lang),
        day=at.day,
        month=t("remind_months", lang).split()[at.month - 1],
        time=clock(at.hour, at.minute, lang),
    )


def syntax_error_text(error: ReminderSyntaxError, lang: str) -> str:
    """What was wrong (the word quoted back, escaped for Slack), then examples of what works."""
    return f"{t(error.key, lang, value=escape(error.value))}\n{t('remind_examples', lang)}"
