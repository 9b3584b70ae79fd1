"""Store behaviour every backend must share (run on TinyDB in memory and on a file)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.storage import TinyDBStore
from bot.storage import tinydb_store as tinydb_module

from ..support.factories import subscription as sub

NOW = datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
LEASE = timedelta(minutes=15)


async def test_preferences_are_per_person_and_per_workspace(store: TinyDBStore) -> None:
    assert await store.get_user_lang("T1", "U1") is None
    await store.set_user_lang("T1", "U1", "en")
    await store.set_last_tip("T1", "U1", "tip-a")
    await store.set_user_lang("T2", "U1", "fr")
    assert await store.get_user_lang("T1", "U1") == "en"
    assert await store.get_last_tip("T1", "U1") == "tip-a"
    assert await store.get_user_lang("T2", "U1") == "fr"
    assert await store.get_last_tip("T2", "U1") is None


async def test_ticking_steps_one_at_a_time_keeps_every_tick(store: TinyDBStore) -> None:
    ticks = await asyncio.gather(
        *(store.tick_checklist_step("T1", "C1", "launch", i, True) for i in range(8))
    )
    assert ticks[-1] <= set(range(8))
    assert await store.get_checklist_ticks("T1", "C1", "launch") == set(range(8))
    assert await store.tick_checklist_step("T1", "C1", "launch", 3, False) == set(range(8)) - {3}
    assert await store.tick_checklist_step("T1", "C1", "launch", 3, False) == set(range(8)) - {3}
    assert await store.tick_checklist_step("T1", "C2", "launch", 5, True) == {5}
    assert await store.get_checklist_ticks("T1", "C1", "launch") == set(range(8)) - {3}


async def test_checklist_ticks_belong_to_a_channel(store: TinyDBStore) -> None:
    await store.tick_checklist_step("T1", "C1", "launch", 0, True)
    await store.tick_checklist_step("T1", "C1", "launch", 2, True)
    assert await store.get_checklist_ticks("T1", "C1", "launch") == {0, 2}
    assert await store.get_checklist_ticks("T1", "C2", "launch") == set()
    await store.tick_checklist_step("T1", "C1", "launch", 0, False)
    assert await store.get_checklist_ticks("T1", "C1", "launch") == {2}


async def test_claim_event_once_then_forgets_after_an_hour(
    store: TinyDBStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr(tinydb_module.time, "time", lambda: clock[0])
    assert await store.claim_event("Ev1") is True
    assert await store.claim_event("Ev1") is False
    clock[0] += 3601
    assert await store.claim_event("Ev2") is True  # prunes Ev1 on the way
    assert await store.claim_event("Ev1") is True  # so Ev1 is new again: the table does not grow


async def test_concurrent_claims_of_one_event_grant_exactly_one(store: TinyDBStore) -> None:
    results = await asyncio.gather(*(store.claim_event("Ev-dup") for _ in range(50)))
    assert results.count(True) == 1


async def test_one_subscription_per_channel_new_replaces_old(store: TinyDBStore) -> None:
    await store.put_subscription(sub())
    await store.put_subscription(sub(weekday=1, hour=14, minute=30))
    got = await store.get_subscription("T1", "C1")
    assert got == sub(weekday=1, hour=14, minute=30)
    assert len(await store.list_subscriptions()) == 1


async def test_delete_and_list_subscriptions(store: TinyDBStore) -> None:
    await store.put_subscription(sub("C1"))
    await store.put_subscription(sub("C2"))
    await store.put_subscription(sub("C9", team="T2"))
    assert {s.channel_id for s in await store.list_subscriptions("T1")} == {"C1", "C2"}
    assert await store.delete_subscription("T1", "C1") is True
    assert await store.delete_subscription("T1", "C1") is False
    assert await store.get_subscription("T1", "C1") is None
    assert len(await store.list_subscriptions()) == 2


async def test_status_of_one_channel_or_a_whole_workspace(store: TinyDBStore) -> None:
    for channel in ("C1", "C2"):
        await store.put_subscription(sub(channel))
    await store.put_subscription(sub("C3", team="T2"))
    assert await store.set_subscription_status("T1", "paused", channel_id="C1", reason="not_in_channel") == 1
    got = await store.get_subscription("T1", "C1")
    assert got is not None and (got.status, got.reason) == ("paused", "not_in_channel")
    assert await store.set_subscription_status("T1", "disabled", reason="token_revoked") == 2
    assert {s.status for s in await store.list_subscriptions("T1")} == {"disabled"}
    other = await store.get_subscription("T2", "C3")
    assert other is not None and other.status == "active"
    assert await store.set_subscription_status("T3", "disabled") == 0


async def test_delivery_claim_sent_is_final(store: TinyDBStore) -> None:
    assert await store.claim_delivery("T1", "C1", "2026-03-30", owner="a", now=NOW, lease=LEASE)
    assert not await store.claim_delivery("T1", "C1", "2026-03-30", owner="b", now=NOW, lease=LEASE)
    await store.finish_delivery("T1", "C1", "2026-03-30", owner="a", sent=True)
    later = NOW + timedelta(hours=5)
    assert not await store.claim_delivery("T1", "C1", "2026-03-30", owner="b", now=later, lease=LEASE)
    assert await store.get_delivery_state("T1", "C1", "2026-03-30") == "sent"
    # Another channel, another week: independent claims.
    assert await store.claim_delivery("T1", "C2", "2026-03-30", owner="b", now=NOW, lease=LEASE)
    assert await store.claim_delivery("T1", "C1", "2026-04-06", owner="b", now=NOW, lease=LEASE)


async def test_released_claim_can_be_retried(store: TinyDBStore) -> None:
    assert await store.claim_delivery("T1", "C1", "2026-03-30", owner="a", now=NOW, lease=LEASE)
    await store.finish_delivery("T1", "C1", "2026-03-30", owner="a", sent=False)
    assert await store.get_delivery_state("T1", "C1", "2026-03-30") == "released"
    assert await store.claim_delivery("T1", "C1", "2026-03-30", owner="b", now=NOW, lease=LEASE)


async def test_stale_claim_is_taken_over_and_the_old_owner_cannot_finish_it(store: TinyDBStore) -> None:
    assert await store.claim_delivery("T1", "C1", "2026-03-30", owner="crashed", now=NOW, lease=LEASE)
    just_before = NOW + LEASE - timedelta(seconds=1)
    assert not await store.claim_delivery("T1", "C1", "2026-03-30", owner="b", now=just_before, lease=LEASE)
    assert await store.claim_delivery("T1", "C1", "2026-03-30", owner="b", now=NOW + LEASE, lease=LEASE)
    await store.finish_delivery("T1", "C1", "2026-03-30", owner="crashed", sent=False)
    assert await store.get_delivery_state("T1", "C1", "2026-03-30") == "claimed"
    await store.finish_delivery("T1", "C1", "2026-03-30", owner="b", sent=True)
    assert await store.get_delivery_state("T1", "C1", "2026-03-30") == "sent"


async def test_old_delivery_claims_are_pruned(store: TinyDBStore) -> None:
    await store.claim_delivery("T1", "C1", "2026-01-05", owner="a", now=NOW - timedelta(days=84), lease=LEASE)
    await store.claim_delivery("T1", "C1", "2026-03-30", owner="a", now=NOW, lease=LEASE)
    assert await store.get_delivery_state("T1", "C1", "2026-01-05") is None
    assert await store.get_delivery_state("T1", "C1", "2026-03-30") == "claimed"


async def test_rotation_seen_per_channel(store: TinyDBStore) -> None:
    assert await store.get_seen("T1", "C1") == []
    await store.set_seen("T1", "C1", ["a", "b"])
    assert await store.get_seen("T1", "C1") == ["a", "b"]
    assert await store.get_seen("T1", "C2") == []


async def test_delete_team_forgets_everything_of_that_workspace_only(store: TinyDBStore) -> None:
    for team in ("T1", "T2"):
        await store.set_user_lang(team, "U1", "en")
        await store.set_vote(team_id=team, user_id="U1", entry_id="e", question="q", vote="up")
        await store.tick_checklist_step(team, "C1", "launch", 1, True)
        await store.put_subscription(sub(team=team))
        await store.claim_delivery(team, "C1", "2026-03-30", owner="a", now=NOW, lease=LEASE)
        await store.set_seen(team, "C1", ["a"])
    await store.delete_team("T1")
    assert await store.get_user_lang("T1", "U1") is None
    assert await store.get_checklist_ticks("T1", "C1", "launch") == set()
    assert await store.get_subscription("T1", "C1") is None
    assert await store.get_delivery_state("T1", "C1", "2026-03-30") is None
    assert await store.get_seen("T1", "C1") == []
    assert await store.list_feedback("T1") == []
    assert [f.vote for f in await store.list_feedback("T2")] == ["up"]
    assert await store.get_user_lang("T2", "U1") == "en"
    assert await store.get_subscription("T2", "C1") is not None
    assert await store.get_delivery_state("T2", "C1", "2026-03-30") == "claimed"
    assert await store.get_seen("T2", "C1") == ["a"]


async def test_who_did_a_reminder_is_kept_in_click_order_once_each(store: TinyDBStore) -> None:
    clicks = await asyncio.gather(*(store.add_reminder_done("T1", "C1", "171.1", f"U{i}") for i in range(6)))
    assert all(set(c) <= {f"U{i}" for i in range(6)} for c in clicks)
    done = await store.add_reminder_done("T1", "C1", "171.1", "U0")
    assert sorted(done) == [f"U{i}" for i in range(6)]
    assert await store.add_reminder_done("T1", "C1", "171.2", "U9") == ["U9"]
    assert await store.add_reminder_done("T2", "C1", "171.1", "U9") == ["U9"]
    await store.delete_team("T1")
    assert await store.add_reminder_done("T1", "C1", "171.1", "U7") == ["U7"]
