"""Mentions and DMs over signed HTTP: threads, retries, bots ignored, uninstall."""

from __future__ import annotations

import asyncio

from bot.knowledge import KnowledgeBase
from tests.support.slack import SlackTestApp

from .helpers import all_text, assert_valid, header


def mention(
    text: str, *, ts: str = "1700000100.000100", thread_ts: str | None = None, user: str = "U0001"
) -> dict:
    event = {"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": "C0001", "event_ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def dm(text: str, **extra: str) -> dict:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": "D0001",
        "user": "U0001",
        "text": text,
        "ts": "1700000200.000100",
        "event_ts": "1700000200.000100",
        **extra,
    }


async def test_a_mention_is_answered_in_a_thread_under_it(slack: SlackTestApp) -> None:
    assert await slack.event(mention("<@UBOT> comment réagir aux critiques sur Twitter ?")) == 200
    post = await slack.standin.wait_for_call("chat.postMessage")
    assert post.args["channel"] == "C0001"
    assert post.args["thread_ts"] == "1700000100.000100"
    assert "Partager" not in all_text(post.args)  # already public
    assert "Utile" in all_text(post.args)
    assert_valid(post.args)


async def test_a_mention_inside_a_thread_is_answered_in_that_thread(slack: SlackTestApp) -> None:
    await slack.event(mention("<@UBOT> how do we handle criticism?", thread_ts="1700000000.000001"))
    post = await slack.standin.wait_for_call("chat.postMessage")
    assert post.args["thread_ts"] == "1700000000.000001"
    assert "Helpful" in all_text(post.args)


async def test_a_bare_mention_gets_a_tip_and_how_to_ask(slack: SlackTestApp, kb: KnowledgeBase) -> None:
    await slack.event(mention("<@UBOT>", user="UFR"))
    post = await slack.standin.wait_for_call("chat.postMessage")
    assert header(post.args) in {e.title("fr") for e in kb.of_kind("tip")}
    assert "@socialtip" in all_text(post.args)


async def test_a_direct_message_is_answered_in_the_dm(slack: SlackTestApp) -> None:
    await slack.event(dm("how should a brand handle criticism on Twitter?"))
    post = await slack.standin.wait_for_call("chat.postMessage")
    assert post.args["channel"] == "D0001"
    assert "thread_ts" not in post.args
    assert "Share" not in all_text(post.args)


async def test_subcommands_work_in_a_dm(slack: SlackTestApp) -> None:
    await slack.event(dm("aide"))
    post = await slack.standin.wait_for_call("chat.postMessage")
    assert "/socialtip liste" in all_text(post.args)


async def test_bots_edits_and_the_app_itself_are_ignored(slack: SlackTestApp) -> None:
    await slack.event(dm("hello from a bot", bot_id="B0999", subtype="bot_message"))
    await slack.event(dm("I am a bot too", bot_id="B0999"))
    await slack.event(dm("edited", subtype="message_changed"))
    await slack.event(dm("my own words", user="UBOT"))
    await slack.event({**mention("<@UBOT> hi"), "bot_id": "B0999"})
    await asyncio.sleep(0.3)
    await slack.settle()
    assert slack.standin.calls_to("chat.postMessage") == []


async def test_a_retried_event_is_answered_once(slack: SlackTestApp) -> None:
    event = mention("<@UBOT> comment gérer les critiques ?")
    assert await slack.event(event, event_id="Ev0RETRY") == 200
    assert await slack.event(event, event_id="Ev0RETRY", retry_num=1) == 200
    assert await slack.event(event, event_id="Ev0RETRY", retry_num=2) == 200
    await slack.standin.wait_for_call("chat.postMessage")
    await asyncio.sleep(0.3)
    await slack.settle()
    assert len(slack.standin.calls_to("chat.postMessage")) == 1


async def test_uninstall_forgets_the_workspace(slack: SlackTestApp) -> None:
    await slack.reply_to("lang en", user="U0002")
    assert await slack.store.get_user_lang("T0001", "U0002") == "en"
    await slack.event({"type": "app_uninstalled"})
    await slack.settle()
    assert await slack.store.get_user_lang("T0001", "U0002") is None


async def test_revoked_bot_token_forgets_the_workspace(slack: SlackTestApp) -> None:
    await slack.reply_to("lang en", user="U0002")
    await slack.event({"type": "tokens_revoked", "tokens": {"oauth": ["U0002"], "bot": []}})
    await slack.settle()
    assert await slack.store.get_user_lang("T0001", "U0002") == "en"  # only a user token: kept
    await slack.event({"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}})
    await slack.settle()
    assert await slack.store.get_user_lang("T0001", "U0002") is None


async def test_rate_limited_posts_are_retried(slack: SlackTestApp) -> None:
    slack.standin.fail("chat.postMessage", "ratelimited", status=429)
    await slack.event(mention("<@UBOT> how do we handle criticism?"))
    await slack.standin.wait_for_call("chat.postMessage", 2, timeout=8)
    await slack.settle()
    assert "Helpful" in all_text(slack.standin.calls_to("chat.postMessage")[1].args)


async def test_a_slack_error_gets_a_short_apology(slack: SlackTestApp) -> None:
    slack.standin.fail("chat.postMessage", "invalid_blocks")
    await slack.event(mention("<@UBOT> how do we handle criticism?"))
    apology = await slack.standin.wait_for_call("chat.postMessage", 2)
    assert apology.args["text"].startswith("Sorry")
    assert apology.args["thread_ts"] == "1700000100.000100"
    assert "Traceback" not in apology.args["text"]


async def test_thanks_in_a_dm_get_a_friendly_word_not_a_refusal(slack: SlackTestApp) -> None:
    await slack.event(dm("merci beaucoup ! :pray:"))
    post = await slack.standin.wait_for_call("chat.postMessage")
    text = all_text(post.args)
    assert "Avec plaisir" in text and "pas de bonne réponse" not in text
