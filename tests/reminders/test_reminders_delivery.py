"""Delivering due reminders against the local Web API stand-in, with an injected clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.messages import t
from bot.reminders.commands import handle_remind
from bot.reminders.deliver import ClientFactory, run_due
from bot.reminders.message import ANOTHER, DONE
from bot.reminders.rotation import eligible_entries
from bot.storage import TinyDBStore

from ..support.factories import subscription
from .standin import ReminderStandIn

MONDAY_9_PARIS = datetime(2026, 3, 30, 7, 0, tzinfo=UTC)  # after the March change: UTC+2
SLOT = "2026-03-30"


def report(due: int = 0, sent: int = 0, skipped: int = 0, failed: int = 0) -> dict[str, int]:
    return {"due": due, "sent": sent, "skipped": skipped, "failed": failed}


def action_ids(blocks: list[dict]) -> list[str]:
    return [el["action_id"] for b in blocks if b["type"] == "actions" for el in b["elements"]]


async def test_not_due_then_due_then_never_twice(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn
) -> None:
    await store.put_subscription(subscription())
    assert await run_due(store, kb, factory, MONDAY_9_PARIS - timedelta(seconds=1)) == report()
    assert standin.posts_in("C1") == []

    assert await run_due(store, kb, factory, MONDAY_9_PARIS) == report(due=1, sent=1)
    [post] = standin.posts_in("C1")
    assert action_ids(post.blocks) == [DONE, ANOTHER]
    assert t("remind_title", "fr") in post.text
    assert "sources" in [b.get("block_id") for b in post.blocks]  # the entry's source is shown

    for later in (timedelta(minutes=1), timedelta(hours=11)):
        assert await run_due(store, kb, factory, MONDAY_9_PARIS + later) == report(due=1, skipped=1)
    assert len(standin.posts_in("C1")) == 1


async def test_concurrent_runs_send_once(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn, tmp_path: Path
) -> None:
    await store.put_subscription(subscription())
    other = TinyDBStore(tmp_path / "db.json")  # a second process's view of the same file
    results = await asyncio.gather(
        *(run_due(s, kb, factory, MONDAY_9_PARIS) for s in (store, other, store, other))
    )
    assert sum(r["sent"] for r in results) == 1
    assert sum(r["skipped"] for r in results) == 3
    assert len(standin.posts_in("C1")) == 1


async def test_restart_between_due_time_and_run_still_sends_late(
    tmp_path: Path, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn
) -> None:
    first = TinyDBStore(tmp_path / "db.json")
    await first.put_subscription(subscription())
    await first.close()  # the process stops before 09:00 ...
    restarted = TinyDBStore(tmp_path / "db.json")  # ... and comes back at 16:30
    assert await run_due(restarted, kb, factory, MONDAY_9_PARIS + timedelta(hours=7, minutes=30)) == report(
        due=1, sent=1
    )
    assert len(standin.posts_in("C1")) == 1


async def test_past_the_twelve_hour_window_it_waits_for_next_week(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn
) -> None:
    await store.put_subscription(subscription())
    assert await run_due(store, kb, factory, MONDAY_9_PARIS + timedelta(hours=12)) == report()
    assert standin.posts_in("C1") == []
    next_week = MONDAY_9_PARIS + timedelta(days=7)
    assert await run_due(store, kb, factory, next_week) == report(due=1, sent=1)


@pytest.mark.parametrize(
    ("due_utc", "not_yet_utc"),
    [
        # Last Sunday of March 2026 (29th): 09:00 Paris is 07:00 UTC on Monday 30.
        ("2026-03-30T07:00:00", "2026-03-30T06:59:59"),
        # Last Sunday of October 2026 (25th): 09:00 Paris is 08:00 UTC on Monday 26.
        ("2026-10-26T08:00:00", "2026-10-26T07:59:59"),
    ],
)
async def test_nine_oclock_across_daylight_saving_changes(
    store: TinyDBStore,
    kb: KnowledgeBase,
    factory: ClientFactory,
    standin: ReminderStandIn,
    due_utc: str,
    not_yet_utc: str,
) -> None:
    await store.put_subscription(subscription())
    week_before = datetime.fromisoformat(due_utc).replace(tzinfo=UTC) - timedelta(days=7)
    # The week before the change the same 09:00 was a different UTC hour: sent then too.
    before_hour = 8 if due_utc.startswith("2026-03") else 7
    assert await run_due(store, kb, factory, week_before.replace(hour=before_hour)) == report(due=1, sent=1)
    assert (
        await run_due(store, kb, factory, datetime.fromisoformat(not_yet_utc).replace(tzinfo=UTC)) == report()
    )
    assert await run_due(store, kb, factory, datetime.fromisoformat(due_utc).replace(tzinfo=UTC)) == report(
        due=1, sent=1
    )
    assert len(standin.posts_in("C1")) == 2


async def test_rotation_never_repeats_in_a_channel_until_all_seen(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn
) -> None:
    await store.put_subscription(subscription())
    weeks = min(6, len(eligible_entries(kb, "fr")))
    for week in range(weeks):
        await run_due(store, kb, factory, MONDAY_9_PARIS + timedelta(days=7 * week))
    seen = await store.get_seen("T1", "C1")
    assert len(seen) == weeks == len(set(seen))
    titles = [p.text for p in standin.posts_in("C1")]
    assert len(set(titles)) == weeks


async def test_channel_language(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn
) -> None:
    await store.put_subscription(subscription("C1", lang="fr"))
    await store.put_subscription(subscription("C2", lang="en"))
    await run_due(store, kb, factory, MONDAY_9_PARIS)
    assert t("remind_title", "fr") in standin.posts_in("C1")[0].text
    assert t("remind_title", "en") in standin.posts_in("C2")[0].text


# Failures.


async def test_not_in_public_channel_joins_and_posts(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn
) -> None:
    standin.outside.add("C1")
    await store.put_subscription(subscription())
    assert await run_due(store, kb, factory, MONDAY_9_PARIS) == report(due=1, sent=1)
    assert [c.args["channel"] for c in standin.calls_to("conversations.join")] == ["C1"]
    assert len(standin.posts_in("C1")) == 1


async def test_not_in_private_channel_pauses_and_tells_the_subscriber(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn
) -> None:
    standin.outside.add("G1")
    standin.private.add("G1")
    await store.put_subscription(subscription("G1", subscriber_id="U7"))
    assert await run_due(store, kb, factory, MONDAY_9_PARIS) == report(due=1, failed=1)
    sub = await store.get_subscription("T1", "G1")
    assert sub is not None and (sub.status, sub.reason) == ("paused", "not_in_channel")
    [dm] = standin.posts_in("U7")
    assert "G1" in dm.text and "/invite" in dm.text
    assert await store.get_delivery_state("T1", "G1", SLOT) == "released"
    # Paused: no longer due, no more DMs.
    assert await run_due(store, kb, factory, MONDAY_9_PARIS + timedelta(minutes=5)) == report()
    assert len(standin.posts_in("U7")) == 1


@pytest.mark.parametrize("error", ["channel_not_found", "is_archived"])
async def test_gone_or_archived_channel_is_disabled(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn, error: str
) -> None:
    (standin.gone if error == "channel_not_found" else standin.archived).add("C1")
    await store.put_subscription(subscription())
    await store.put_subscription(subscription("C2"))
    assert await run_due(store, kb, factory, MONDAY_9_PARIS) == report(due=2, sent=1, failed=1)
    sub = await store.get_subscription("T1", "C1")
    assert sub is not None and (sub.status, sub.reason) == ("disabled", error)
    assert await run_due(store, kb, factory, MONDAY_9_PARIS + timedelta(days=7)) == report(due=1, sent=1)


@pytest.mark.parametrize("error", ["invalid_auth", "token_revoked", "account_inactive"])
async def test_dead_token_disables_the_workspace_only(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn, error: str
) -> None:
    for channel in ("C1", "C2", "C3"):
        await store.put_subscription(subscription(channel))
    await store.put_subscription(subscription("C9", team="T2"))
    standin.fail("chat.postMessage", error)  # the first call: C1's
    assert await run_due(store, kb, factory, MONDAY_9_PARIS) == report(due=4, sent=1, failed=3)
    subs = {s.channel_id: s for s in await store.list_subscriptions()}
    assert {(subs[c].status, subs[c].reason) for c in ("C1", "C2", "C3")} == {("disabled", error)}
    assert subs["C9"].status == "active"
    # Once the token is known dead, C2 and C3 are not even tried; the other workspace is served.
    assert [c.args["channel"] for c in standin.calls_to("chat.postMessage")] == ["C1", "C9"]


async def test_server_errors_are_retried_then_failed_then_sent_on_the_next_run(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn
) -> None:
    await store.put_subscription(subscription())
    standin.server_errors["chat.postMessage"] = 10
    assert await run_due(store, kb, factory, MONDAY_9_PARIS) == report(due=1, failed=1)
    assert len(standin.calls_to("chat.postMessage")) == 4  # first try + 3 retries with backoff
    assert await store.get_delivery_state("T1", "C1", SLOT) == "released"
    standin.server_errors.clear()
    assert await run_due(store, kb, factory, MONDAY_9_PARIS + timedelta(minutes=1)) == report(due=1, sent=1)
    assert len(standin.posts_in("C1")) == 1  # the 5xx answers posted nothing


async def test_a_short_server_outage_is_absorbed_by_the_retries(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn
) -> None:
    await store.put_subscription(subscription())
    standin.server_errors["chat.postMessage"] = 2
    assert await run_due(store, kb, factory, MONDAY_9_PARIS) == report(due=1, sent=1)


async def test_rate_limit_honours_retry_after(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn
) -> None:
    await store.put_subscription(subscription())
    standin.fail("chat.postMessage", "ratelimited", status=429)
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await run_due(store, kb, factory, MONDAY_9_PARIS) == report(due=1, sent=1)
    assert loop.time() - started >= 1.0  # the stand-in said Retry-After: 1


async def test_a_crashed_claim_is_taken_over_after_the_lease(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn
) -> None:
    await store.put_subscription(subscription())
    assert await store.claim_delivery(
        "T1", "C1", SLOT, owner="crashed", now=MONDAY_9_PARIS, lease=timedelta(minutes=15)
    )
    assert await run_due(store, kb, factory, MONDAY_9_PARIS + timedelta(minutes=5)) == report(
        due=1, skipped=1
    )
    assert await run_due(store, kb, factory, MONDAY_9_PARIS + timedelta(minutes=15)) == report(due=1, sent=1)
    assert len(standin.posts_in("C1")) == 1


async def test_workspace_deleted_means_no_more_reminders(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn
) -> None:
    await store.put_subscription(subscription())
    await store.delete_team("T1")  # what app_uninstalled / tokens_revoked do
    assert await run_due(store, kb, factory, MONDAY_9_PARIS) == report()


async def test_a_slot_already_passed_today_waits_for_next_week_as_the_confirmation_says(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn
) -> None:
    """Regression (issue #10): ``rappel lundi 9h`` at 10:00 on a Monday confirmed "next week",
    then posted at once (today's slot was still inside its 12-hour window)."""
    ten = MONDAY_9_PARIS + timedelta(hours=1)
    out = await handle_remind(
        store, team_id="T1", channel_id="C1", user_id="U1", text="lundi 9h Europe/Paris", lang="fr", now=ten
    )
    assert "lundi 6 avril à 9h00" in out.private  # next week, as promised
    assert await run_due(store, kb, factory, ten + timedelta(minutes=1)) == report()
    assert standin.posts_in("C1") == []
    assert await run_due(store, kb, factory, MONDAY_9_PARIS + timedelta(days=7)) == report(due=1, sent=1)


async def test_a_slot_later_today_goes_out_today_as_the_confirmation_says(
    store: TinyDBStore, kb: KnowledgeBase, factory: ClientFactory, standin: ReminderStandIn
) -> None:
    eight = MONDAY_9_PARIS - timedelta(hours=1)
    out = await handle_remind(
        store, team_id="T1", channel_id="C1", user_id="U1", text="lundi 9h Europe/Paris", lang="fr", now=eight
    )
    assert "lundi 30 mars à 9h00" in out.private
    assert await run_due(store, kb, factory, MONDAY_9_PARIS) == report(due=1, sent=1)
