"""When a weekly reminder is due: wall-clock slots in the subscription's time zone.

A subscription says "Monday 09:00 Europe/Paris"; each week that gives one *slot*: the local
date and the instant it falls on. 09:00 stays 09:00 on the wall clock across daylight-saving
changes (the UTC instant moves, not the local time).

Two local times need a deliberate choice, on the days the clocks change:

- a time that does not exist (02:30 on the last Sunday of March in Paris, skipped when clocks
  jump from 02:00 to 03:00) is moved forward by the gap: the reminder goes at 03:30, so it is
  not lost and not sent early;
- a time that happens twice (02:30 on the last Sunday of October) means its first occurrence;
  the slot's key is its local date, so it is never sent twice.

A slot is *due* at ``now`` when ``slot <= now < slot + 12 h``: a process that was down at the
due time still sends it late, up to 12 hours after; past that the week is skipped. A slot
at or before the moment the subscription was set (``Subscription.since``) is never due: a
channel that subscribes to "Monday 9:00" at 10:00 on a Monday is told "next Monday", and gets
its first reminder then, not at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..storage import Subscription

WINDOW = timedelta(hours=12)
"""How late a reminder may still go out."""


@dataclass(frozen=True, slots=True)
class Slot:
    """One week's occurrence of a subscription: its local date (the claim key) and its instant."""

    day: date
    at: datetime  # aware, in the subscription's zone

    @property
    def key(self) -> str:
        """The delivery-claim key: the slot's local date, ``YYYY-MM-DD``."""
        return self.day.isoformat()


def local_instant(day: date, hour: int, minute: int, tz: str) -> datetime:
    """The instant of ``hour:minute`` wall-clock time on ``day`` in ``tz``.

    A nonexistent time is moved forward by the daylight-saving gap; an ambiguous one is its
    first occurrence (see the module docstring).
    """
    zone = ZoneInfo(tz)
    naive = datetime.combine(day, time(hour, minute))
    first = naive.replace(tzinfo=zone, fold=0)
    round_trip = first.astimezone(UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != naive:
        # Nonexistent: fold=0 used the offset before the gap, i.e. ``naive + gap`` after it.
        return round_trip
    return first


def slot_on(sub: Subscription, day: date) -> Slot:
    """The slot of ``sub`` on ``day`` (which must be the subscription's weekday)."""
    return Slot(day=day, at=local_instant(day, sub.hour, sub.minute, sub.tz))


def _latest_slot_day(sub: Subscription, now: datetime) -> date:
    """The most recent local date, on or before today in the subscription's zone, of its weekday."""
    today = now.astimezone(ZoneInfo(sub.tz)).date()
    return today - timedelta(days=(today.weekday() - sub.weekday) % 7)


def due_slot(sub: Subscription, now: datetime, window: timedelta = WINDOW) -> Slot | None:
    """The slot due at ``now`` (aware), or None.

    Example: Monday 09:00 Europe/Paris is due from Monday 09:00 to 20:59:59 Paris time.
    """
    day = _latest_slot_day(sub, now)
    for candidate in (day, day - timedelta(days=7)):
        slot = slot_on(sub, candidate)
        if slot.at <= now < slot.at + window and slot.at.timestamp() > sub.since:
            return slot
    return None


def next_slot(sub: Subscription, now: datetime) -> Slot:
    """The first slot strictly after ``now`` (for "next reminder: …")."""
    day = _latest_slot_day(sub, now)
    slot = slot_on(sub, day)
    return slot if slot.at > now else slot_on(sub, day + timedelta(days=7))
