"""Due slots: the 12-hour window, wall-clock time across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.reminders.schedule import WINDOW, due_slot, local_instant, next_slot
from bot.storage import Subscription


def sub(weekday: int = 0, hour: int = 9, minute: int = 0, tz: str = "Europe/Paris") -> Subscription:
    return Subscription("T1", "C1", weekday, hour, minute, tz, "fr", "U1")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_not_due_before_the_time_due_at_it() -> None:
    monday_9_paris = utc("2026-03-30T07:00:00")  # CEST, UTC+2
    assert due_slot(sub(), monday_9_paris - timedelta(seconds=1)) is None
    slot = due_slot(sub(), monday_9_paris)
    assert slot is not None and slot.key == "2026-03-30"


def test_twelve_hour_window() -> None:
    start = utc("2026-03-30T07:00:00")
    slot = due_slot(sub(), start + WINDOW - timedelta(seconds=1))
    assert slot is not None and slot.key == "2026-03-30"  # late but still inside
    assert due_slot(sub(), start + WINDOW) is None  # past: wait for next week
    assert due_slot(sub(), start + timedelta(days=3)) is None


def test_window_crossing_midnight_keeps_the_slot_date() -> None:
    late = sub(weekday=6, hour=23, minute=30)  # Sunday 23:30 Paris
    slot = due_slot(late, utc("2026-04-06T03:00:00"))  # Monday 05:00 Paris
    assert slot is not None and slot.key == "2026-04-05"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # Last Sunday of March 2026 is the 29th: Monday 23 March is CET, Monday 30 March is CEST.
        ("2026-03-23", "2026-03-30"),
        # Last Sunday of October 2026 is the 25th: Monday 19 is CEST, Monday 26 is CET.
        ("2026-10-19", "2026-10-26"),
    ],
)
def test_nine_oclock_paris_stays_nine_across_dst(before: str, after: str) -> None:
    for day in (before, after):
        slot = due_slot(sub(), datetime.fromisoformat(f"{day}T09:00:00+00:00"))
        assert slot is not None and slot.key == day
        assert (slot.at.hour, slot.at.minute) == (9, 0)
    utc_hours = {
        day: next_slot(sub(), datetime.fromisoformat(f"{day}T00:00:00+00:00")).at.astimezone(UTC).hour
        for day in (before, after)
    }
    assert utc_hours[before] != utc_hours[after]  # the instant moved by an hour, not the wall clock


def test_due_on_the_dst_sundays_themselves() -> None:
    sunday_nine = sub(weekday=6)
    march = due_slot(sunday_nine, utc("2026-03-29T07:00:00"))  # 09:00 CEST
    october = due_slot(sunday_nine, utc("2026-10-25T08:00:00"))  # 09:00 CET
    assert march is not None and march.at.hour == 9
    assert october is not None and october.at.hour == 9
    assert due_slot(sunday_nine, utc("2026-03-29T06:59:59")) is None
    assert due_slot(sunday_nine, utc("2026-10-25T07:59:59")) is None


def test_nonexistent_time_moves_forward_by_the_gap() -> None:
    # 02:30 on 29 March 2026 does not exist in Paris (02:00 -> 03:00).
    instant = local_instant(date(2026, 3, 29), 2, 30, "Europe/Paris")
    assert instant.astimezone(UTC) == utc("2026-03-29T01:30:00")  # 03:30 CEST
    slot = due_slot(sub(weekday=6, hour=2, minute=30), utc("2026-03-29T01:30:00"))
    assert slot is not None and slot.key == "2026-03-29"
    assert due_slot(sub(weekday=6, hour=2, minute=30), utc("2026-03-29T01:29:59")) is None


def test_ambiguous_time_is_its_first_occurrence_and_one_slot() -> None:
    # 02:30 on 25 October 2026 happens twice in Paris: 00:30 UTC (CEST) and 01:30 UTC (CET).
    instant = local_instant(date(2026, 10, 25), 2, 30, "Europe/Paris")
    assert instant.astimezone(UTC) == utc("2026-10-25T00:30:00")
    s = sub(weekday=6, hour=2, minute=30)
    first = due_slot(s, utc("2026-10-25T00:30:00"))
    second = due_slot(s, utc("2026-10-25T01:30:00"))
    assert first is not None and second is not None and first.key == second.key  # one claim key


def test_other_zone() -> None:
    ny = sub(hour=9, tz="America/New_York")
    assert due_slot(ny, utc("2026-03-30T12:59:00")) is None
    assert due_slot(ny, utc("2026-03-30T13:00:00")) is not None


def test_next_slot() -> None:
    s = sub()
    assert next_slot(s, utc("2026-03-30T06:00:00")).key == "2026-03-30"
    assert next_slot(s, utc("2026-03-30T07:00:00")).key == "2026-04-06"
    assert next_slot(s, utc("2026-04-01T12:00:00")).key == "2026-04-06"
