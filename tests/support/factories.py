"""Test data builders shared by test packages."""

from __future__ import annotations

from bot.storage import Subscription


def subscription(channel: str = "C1", team: str = "T1", **kw: object) -> Subscription:
    """A weekly reminder, Mondays 09:00 Paris in French by ``U1``; ``kw`` overrides any field."""
    fields: dict[str, object] = {
        "team_id": team,
        "channel_id": channel,
        "weekday": 0,
        "hour": 9,
        "minute": 0,
        "tz": "Europe/Paris",
        "lang": "fr",
        "subscriber_id": "U1",
    }
    fields.update(kw)
    return Subscription(**fields)  # type: ignore[arg-type]
