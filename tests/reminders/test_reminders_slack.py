"""``/socialtip remind|rappel`` and the reminder's buttons, over signed HTTP against the stand-in."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.reminders.client import make_client
from bot.reminders.deliver import run_due
from bot.reminders.message import ANOTHER, DONE, done_by_text, reminder_message
from bot.reminders.schedule import next_slot
from bot.storage import Subscription
from tests.slack.helpers import all_text, assert_valid, header
from tests.support.slack import BOT_TOKEN, TEAM, SlackTestApp

from .standin import ReminderStandIn

MONDAY_9_PARIS = datetime(2026, 3, 30, 7, 0, tzinfo=UTC)


@pytest.fixture
async def slack(tmp_path: Path, kb: KnowledgeBase) -> AsyncIterator[SlackTestApp]:
    standin = ReminderStandIn(timezones={"UMTL": "America/Montreal"})
    await standin.start()
    try:
        async with SlackTestApp.running(tmp_path / "socialtip.json", standin=standin, kb=kb) as app:
            yield app
    finally:
        await standin.stop()


def channel_posts(slack: SlackTestApp, channel: str) -> list[str]:
    return [m.text for m in slack.standin.messages.values() if m.channel == channel and not m.ephemeral]


async def test_rappel_in_french_subscribes_with_the_slack_time_zone_and_tells_the_channel(
    slack: SlackTestApp,
) -> None:
    shown = await slack.reply_to("rappel lundi 9h", user="UMTL", channel="C1")
    assert "chaque lundi à 9h00 (America/Montreal)" in all_text(shown)
    assert "<@UMTL>" in all_text(shown)  # a real mention, not escaped text
    sub = await slack.store.get_subscription(TEAM, "C1")  # on disk before the reply
    assert sub is not None and sub.since == pytest.approx(time.time(), abs=60)
    assert replace(sub, since=0.0) == Subscription(TEAM, "C1", 0, 9, 0, "America/Montreal", "fr", "UMTL")
    await slack.settle()
    [public] = channel_posts(slack, "C1")
    assert "<@UMTL>" in public and "chaque lundi à 9h00" in public

    status = await slack.reply_to("rappel", user="UMTL", channel="C1")
    assert "Prochain rappel" in all_text(status)

    off = await slack.reply_to("rappel stop", user="UMTL", channel="C1")
    assert "arrêté" in all_text(off)
    assert await slack.store.get_subscription(TEAM, "C1") is None
    await slack.settle()
    assert len(channel_posts(slack, "C1")) == 2


async def test_remind_in_english_zone_given_status_and_off(slack: SlackTestApp) -> None:
    shown = await slack.reply_to("remind tuesday 2:30pm Asia/Tokyo", user="UMTL", channel="C2")
    assert "every Tuesday at 14:30 (Asia/Tokyo)" in all_text(shown)
    status = await slack.reply_to("remind", user="UMTL", channel="C2")
    assert "Next one: Tuesday" in all_text(status)
    off = await slack.reply_to("remind off", user="UMTL", channel="C2")
    assert "stopped" in all_text(off)
    assert await slack.store.list_subscriptions() == []
    empty = await slack.reply_to("remind", user="UMTL", channel="C2")
    assert "no practice of the week" in all_text(empty)


async def test_no_zone_anywhere_means_paris(slack: SlackTestApp) -> None:
    await slack.reply_to("remind friday 5pm", user="UNOTZ", channel="C3")
    sub = await slack.store.get_subscription(TEAM, "C3")
    assert sub is not None and sub.tz == "Europe/Paris"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("rappel lundy 9h", "lundy"),
        ("remind monday 25:00", "25:00"),
        ("remind mon 9am Moon/Base", "Moon/Base"),
        ("rappel lundi 9h <!channel>", "@channel"),  # echoed, but never as a mention
    ],
)
async def test_invalid_setting_is_explained_with_examples(slack: SlackTestApp, text: str, word: str) -> None:
    shown = await slack.reply_to(text, user="UMTL", channel="C4")
    assert word in all_text(shown)
    assert "<!" not in all_text(shown)
    assert_valid(shown)
    assert "/socialtip" in all_text(shown) and (
        "Exemples" in all_text(shown) or "Examples" in all_text(shown)
    )
    assert await slack.store.list_subscriptions() == []
    await slack.settle()
    assert channel_posts(slack, "C4") == []


async def test_subscribing_in_a_public_channel_the_bot_is_not_in_joins_it(slack: SlackTestApp) -> None:
    standin = slack.standin
    assert isinstance(standin, ReminderStandIn)
    standin.outside.add("C5")
    await slack.reply_to("rappel mercredi 10h", user="UMTL", channel="C5")
    await slack.settle()
    assert [c.args["channel"] for c in standin.calls_to("conversations.join")] == ["C5"]
    assert len(channel_posts(slack, "C5")) == 1


async def test_done_shows_who_did_it_and_another_one_posts_the_next_in_the_thread(
    slack: SlackTestApp, kb: KnowledgeBase
) -> None:
    await slack.reply_to("rappel lundi 9h Europe/Paris", user="UMTL", channel="C6")
    await slack.settle()
    sub = await slack.store.get_subscription(TEAM, "C6")
    assert sub is not None
    monday = next_slot(sub, datetime.now(UTC)).at  # the first Monday 9:00 after subscribing
    client = make_client(BOT_TOKEN, base_url=slack.standin.api_url)
    assert (await run_due(slack.store, kb, lambda team: client, monday))["sent"] == 1
    reminder = next(
        m for m in slack.standin.messages.values() if m.channel == "C6" and m.blocks and not m.ephemeral
    )
    assert_valid(reminder)
    first_title = header(reminder)

    for user in ("UA", "UB", "UA"):
        assert await slack.click(reminder, DONE, user=user) == 200
        await slack.settle()
    assert "Fait par <@UA>, <@UB>" in all_text(reminder)  # updated in place, each person once
    assert header(reminder) == first_title
    assert_valid(reminder)

    assert await slack.click(reminder, ANOTHER, user="UB") == 200
    await slack.settle()
    [another] = [m for m in slack.standin.messages.values() if m.thread_ts == reminder.ts]
    assert header(another) != first_title
    assert len(await slack.store.get_seen(TEAM, "C6")) == 2  # both count in the channel's rotation


@pytest.mark.parametrize(
    "event",
    [{"type": "app_uninstalled"}, {"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}}],
)
async def test_uninstall_or_revoked_tokens_delete_the_workspace_reminders(
    slack: SlackTestApp, kb: KnowledgeBase, event: dict[str, object]
) -> None:
    await slack.reply_to("rappel lundi 9h", user="UMTL", channel="C7")
    assert await slack.store.get_subscription(TEAM, "C7") is not None
    assert await slack.event(event) == 200
    await slack.settle()
    assert await slack.store.list_subscriptions() == []
    client = make_client(BOT_TOKEN, base_url=slack.standin.api_url)
    assert (await run_due(slack.store, kb, lambda team: client, MONDAY_9_PARIS))["due"] == 0


@pytest.mark.parametrize(("people", "lang", "shown"), [(30, "fr", "Fait par"), (187, "en", "and 157 others")])
def test_done_by_names_the_first_ones_and_counts_the_rest(
    kb: KnowledgeBase, people: int, lang: str, shown: str
) -> None:
    """Regression (issue #10): "Done by" passed Slack's 3,000-character limit at the 187th person."""
    entry = next(iter(kb.entries.values()))
    done_by = tuple(f"U{n:010d}" for n in range(people))
    message = reminder_message(entry, kb, lang, done_by)  # type: ignore[arg-type]
    [done] = [b for b in message["blocks"] if b.get("block_id") == "remind_done_by"]
    text = done["elements"][0]["text"]
    assert shown in text and len(text) <= 3000
    assert text.count("<@U") == min(people, 30)
    assert_valid(message)
    assert done_by_text(tuple(f"U{n}" for n in range(1870)), "fr").endswith("et 1840 autres")


async def test_a_forged_done_value_is_refused_and_pings_nobody(
    slack: SlackTestApp, kb: KnowledgeBase
) -> None:
    """Regression (issue #10): ``<!channel>`` in a reminder value was put in the message."""
    await slack.reply_to("rappel lundi 9h Europe/Paris", user="UMTL", channel="C6")
    sub = await slack.store.get_subscription(TEAM, "C6")
    assert sub is not None
    client = make_client(BOT_TOKEN, base_url=slack.standin.api_url)
    await slack.settle()
    sent = await run_due(slack.store, kb, lambda team: client, next_slot(sub, datetime.now(UTC)).at)
    assert sent["sent"] == 1, sent
    reminder = next(
        m for m in slack.standin.messages.values() if m.channel == "C6" and m.blocks and not m.ephemeral
    )
    buttons = next(b for b in reminder.blocks if b.get("block_id") == "remind_buttons")
    value = json.loads(buttons["elements"][0]["value"])
    buttons["elements"][0]["value"] = json.dumps({**value, "d": ["U1> <!channel"]})
    before = len(slack.standin.calls)
    assert await slack.click(reminder, DONE, user="UA") == 200
    await slack.settle()
    assert slack.standin.calls_to("chat.update") == []
    assert "<!channel" not in json.dumps([c.args for c in slack.standin.calls[before:]])
    assert [c for c in slack.standin.calls_to("response_url") if "bouton" in c.args.get("text", "")]
    assert await slack.store.get_reminder_done(TEAM, "C6", reminder.ts) == []
