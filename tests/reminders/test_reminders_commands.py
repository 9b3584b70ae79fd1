"""``remind``/``rappel`` subscribe, unsubscribe and status, with an in-memory store."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.reminders.commands import handle_remind
from bot.storage import TinyDBStore

NOW = datetime(2026, 3, 26, 10, 0, tzinfo=UTC)  # a Thursday


async def remind(store: TinyDBStore, text: str, lang: str, tz: str | None = None, channel: str = "C1"):
    async def user_tz() -> str | None:
        return tz

    return await handle_remind(
        store, team_id="T1", channel_id=channel, user_id="U1", text=text, lang=lang, now=NOW, user_tz=user_tz
    )


async def test_french_subscribe_status_unsubscribe() -> None:
    store = TinyDBStore()
    out = await remind(store, "lundi 9h", "fr")
    assert out.public is not None
    assert "<@U1>" in out.public and "chaque lundi à 9h00 (Europe/Paris)" in out.public
    assert "lundi 30 mars à 9h00" in out.public  # the first one, after the clock change
    sub = await store.get_subscription("T1", "C1")
    assert sub is not None and (sub.weekday, sub.hour, sub.minute, sub.lang) == (0, 9, 0, "fr")

    status = await remind(store, "", "fr")
    assert status.public is None
    assert "chaque lundi à 9h00" in status.private and "lundi 30 mars" in status.private

    off = await remind(store, "stop", "fr")
    assert off.public is not None and "arrêté" in off.public
    assert await store.get_subscription("T1", "C1") is None
    assert "ne reçoit pas" in (await remind(store, "", "fr")).private
    assert "ne reçoit pas" in (await remind(store, "stop", "fr")).private


async def test_english_subscribe_status_unsubscribe() -> None:
    store = TinyDBStore()
    out = await remind(store, "tuesday 2:30pm America/New_York", "en")
    assert out.public is not None
    assert "every Tuesday at 14:30 (America/New_York)" in out.public
    assert "Tuesday, March 31 at 14:30" in out.public
    status = await remind(store, "", "en")
    assert "Next one: Tuesday, March 31 at 14:30" in status.private
    off = await remind(store, "off", "en")
    assert off.public is not None and "stopped" in off.public
    assert await store.list_subscriptions() == []


async def test_zone_given_else_slack_profile_else_paris() -> None:
    store = TinyDBStore()
    await remind(store, "monday 9:00 Asia/Tokyo", "en", tz="America/Chicago", channel="C1")
    await remind(store, "monday 9:00", "en", tz="America/Chicago", channel="C2")
    await remind(store, "monday 9:00", "en", tz=None, channel="C3")
    await remind(store, "monday 9:00", "en", tz="Not/AZone", channel="C4")
    zones = {s.channel_id: s.tz for s in await store.list_subscriptions()}
    assert zones == {"C1": "Asia/Tokyo", "C2": "America/Chicago", "C3": "Europe/Paris", "C4": "Europe/Paris"}


async def test_profile_lookup_failure_falls_back_to_paris() -> None:
    async def broken() -> str | None:
        raise RuntimeError("users.info failed")

    store = TinyDBStore()
    await handle_remind(
        store,
        team_id="T1",
        channel_id="C1",
        user_id="U1",
        text="lundi 9h",
        lang="fr",
        now=NOW,
        user_tz=broken,
    )
    sub = await store.get_subscription("T1", "C1")
    assert sub is not None and sub.tz == "Europe/Paris"


async def test_one_subscription_per_channel_and_resubscribing_reactivates() -> None:
    store = TinyDBStore()
    await remind(store, "lundi 9h", "fr")
    await store.set_subscription_status("T1", "paused", channel_id="C1", reason="not_in_channel")
    assert "en pause" in (await remind(store, "", "fr")).private
    await remind(store, "vendredi 16h", "fr")
    subs = await store.list_subscriptions()
    assert len(subs) == 1 and (subs[0].weekday, subs[0].hour, subs[0].status) == (4, 16, "active")


async def test_invalid_setting_changes_nothing_and_explains() -> None:
    store = TinyDBStore()
    out = await remind(store, "lundi 9h Mars/Olympus", "fr")
    assert out.public is None
    assert "Mars/Olympus" in out.private and "Exemples" in out.private
    assert await store.list_subscriptions() == []


async def test_disabled_status_says_why() -> None:
    store = TinyDBStore()
    await remind(store, "monday 9:00", "en")
    await store.set_subscription_status("T1", "disabled", reason="is_archived")
    assert "disabled (is_archived)" in (await remind(store, "", "en")).private
