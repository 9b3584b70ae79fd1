"""The Messages tab (Slack's agent messaging experience): suggested prompts, answered as DMs."""

from __future__ import annotations

import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.browse import weekly_tip
from bot.knowledge.search import SearchIndex
from bot.messages import t
from bot.slack.listeners.events.messages_tab import suggested_prompts
from tests.support.slack import SlackTestApp

from .helpers import assert_valid, header


def opened(user: str, tab: str = "messages", channel: str = "D0001") -> dict:
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": channel,
        "tab": tab,
        "event_ts": "1700000000.1",
    }


async def test_opening_the_messages_tab_sets_four_prompts_in_the_persons_language(
    slack: SlackTestApp,
) -> None:
    assert await slack.event(opened("UEN", channel="DEN")) == 200
    call = await slack.standin.wait_for_call("assistant.threads.setSuggestedPrompts")
    assert call.token == "xoxb-test-token"
    assert "thread_ts" not in call.args  # agent_view: a call with thread_ts silently does nothing
    shown = slack.standin.suggested_prompts["DEN"]
    titles = [p["title"] for p in shown["prompts"]]
    assert titles == [
        "This week's practice",
        "Handling a bad buzz",
        "A separate support account?",
        "Few followers?",
    ]
    assert shown["title"] == "For example:"

    await slack.event(opened("UFR", channel="DFR"))
    await slack.standin.wait_for_call("assistant.threads.setSuggestedPrompts", 2)
    messages = [p["message"] for p in slack.standin.suggested_prompts["DFR"]["prompts"]]
    assert messages[0] == "La pratique de la semaine"
    assert "Comment gérer un bad buzz ?" in messages


async def test_the_home_tab_still_gets_its_view_and_no_prompts(slack: SlackTestApp) -> None:
    await slack.event(opened("UEN", tab="home"))
    await slack.standin.wait_for_call("views.publish")
    await slack.settle()
    assert slack.standin.calls_to("assistant.threads.setSuggestedPrompts") == []


async def test_a_prompt_slack_refuses_is_logged_not_raised(
    slack: SlackTestApp, caplog: pytest.LogCaptureFixture
) -> None:
    slack.standin.fail("assistant.threads.setSuggestedPrompts", "missing_scope")
    await slack.event(opened("UEN"))
    await slack.standin.wait_for_call("assistant.threads.setSuggestedPrompts")
    await slack.settle()
    assert "missing_scope" in caplog.text
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_question_prompt_is_answered_by_the_right_entry(index: SearchIndex, lang: str) -> None:
    """Each suggested question's first answer is one that answers it (re-check with `socialtip ask`
    when search changes; pick another question rather than loosening this)."""
    right = {
        "bad_buzz": {"solid-community-managers-for-criticism", "checklist-bad-buzz"},
        "own_account": {"separate-customer-service-account", "sncf-separate-customer-service-accounts"},
        "followers": {"forget-follower-count"},
    }
    for name, entries in right.items():
        hits = index.search(t(f"prompt_{name}", lang), lang=lang, limit=1).hits  # type: ignore[arg-type]
        assert hits and hits[0].entry.id in entries, (name, [h.entry.id for h in hits])


@pytest.mark.parametrize(("user", "lang"), [("UFR", "fr"), ("UEN", "en")])
async def test_this_weeks_practice_prompt_answers_with_the_homes_practice(
    slack: SlackTestApp, kb: KnowledgeBase, user: str, lang: str
) -> None:
    """Regression: "La pratique de la semaine" used to be searched, and gave a random SAV entry."""
    prompt = next(p for p in suggested_prompts(lang) if p["title"] == t("prompt_week_title", lang))  # type: ignore[arg-type]
    await slack.event(
        {
            "type": "message",
            "channel_type": "im",
            "channel": "D0001",
            "user": user,
            "text": prompt["message"],
            "ts": "1700000300.000100",
            "event_ts": "1700000300.000100",
        }
    )
    post = await slack.standin.wait_for_call("chat.postMessage")
    week = weekly_tip(kb)
    assert week is not None
    assert header(post.args) == week.title(lang)  # type: ignore[arg-type]
    assert post.args["channel"] == "D0001"
    assert_valid(post.args)


async def test_the_weekly_practice_works_from_the_slash_command_too(
    slack: SlackTestApp, kb: KnowledgeBase
) -> None:
    reply = await slack.reply_to("this week's practice", user="UFR")
    week = weekly_tip(kb)
    assert week is not None and header(reply) == week.title("en")
