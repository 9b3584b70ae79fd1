"""``/socialtip remind|rappel …``: subscribe, unsubscribe, show: the domain side, no Slack.

:func:`handle_remind` changes the store and returns what to say: a private answer for the
person and, for a change, a message for the whole channel. The Slack listener only posts them.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..messages import t
from ..storage import Store, Subscription
from .parse import ReminderSyntaxError, Status, Subscribe, Unsubscribe, parse_reminder
from .schedule import next_slot
from .wording import describe_date, describe_schedule, syntax_error_text

logger = logging.getLogger(__name__)

DEFAULT_TZ = "Europe/Paris"


@dataclass(frozen=True, slots=True)
class RemindOutcome:
    """What to say: ``private`` to the person, ``public`` (when not None) to the channel."""

    private: str
    public: str | None = None
    subscription: Subscription | None = None


def valid_zone(name: str | None) -> str | None:
    """``name`` when it is a zone zoneinfo knows, else None (Slack may send odd values)."""
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


async def handle_remind(
    store: Store,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    text: str,
    lang: str,
    now: datetime,
    user_tz: Callable[[], Awaitable[str | None]] | None = None,
) -> RemindOutcome:
    """Apply ``remind``/``rappel`` with arguments ``text`` for ``user_id`` in ``channel_id``.

    Args:
        store: where subscriptions live; a change is durable before this returns.
        text: the words after ``remind``/``rappel`` (``lundi 9h``, ``off``, nothing…).
        lang: the language of the answers and of the channel's reminders.
        now: the current instant (aware), for the next date.
        user_tz: looks up the person's Slack time zone (``users.info``); called only when
            subscribing without a zone. Falls back to Europe/Paris.
    """
    try:
        command = parse_reminder(text)
    except ReminderSyntaxError as exc:
        return RemindOutcome(private=syntax_error_text(exc, lang))

    if isinstance(command, Unsubscribe):
        if await store.delete_subscription(team_id, channel_id):
            message = t("remind_unsubscribed", lang, user=user_id)
            return RemindOutcome(private=message, public=message)
        return RemindOutcome(private=t("remind_none", lang))

    if isinstance(command, Status):
        return RemindOutcome(private=await status_text(store, team_id, channel_id, lang, now))

    assert isinstance(command, Subscribe)
    tz = command.tz
    if tz is None and user_tz is not None:
        try:
            tz = valid_zone(await user_tz())
        except Exception:
            logger.exception("could not read the subscriber's time zone; using %s", DEFAULT_TZ)
    sub = Subscription(
        team_id=team_id,
        channel_id=channel_id,
        weekday=command.weekday,
        hour=command.hour,
        minute=command.minute,
        tz=tz or DEFAULT_TZ,
        lang=lang,
        subscriber_id=user_id,
        since=now.timestamp(),  # today's slot, if already past, is not due: the next one is
    )
    await store.put_subscription(sub)
    message = t(
        "remind_subscribed",
        lang,
        user=user_id,
        schedule=describe_schedule(sub, lang),
        next=describe_date(next_slot(sub, now).at, lang),
    )
    return RemindOutcome(private=message, public=message, subscription=sub)


async def status_text(store: Store, team_id: str, channel_id: str, lang: str, now: datetime) -> str:
    """The channel's setting and next date, or why there is none."""
    sub = await store.get_subscription(team_id, channel_id)
    if sub is None:
        return f"{t('remind_none', lang)}\n{t('remind_examples', lang)}"
    schedule = describe_schedule(sub, lang)
    if sub.status == "paused":
        return t("remind_status_paused", lang, schedule=schedule)
    if sub.status == "disabled":
        return t("remind_status_disabled", lang, schedule=schedule, reason=sub.reason or "?")
    return t("remind_status", lang, schedule=schedule, next=describe_date(next_slot(sub, now).at, lang))
