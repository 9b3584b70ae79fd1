"""App Home: published on ``app_home_opened`` with this week's practice, the checklists and help."""

from __future__ import annotations

from bot.knowledge import KnowledgeBase
from bot.render.blocks import MAX_HOME_BLOCKS
from bot.slack import simulate
from bot.slack.listeners.views.home import weekly_practice
from bot.slack.standin import Message
from tests.support.slack import SlackTestApp

from .helpers import all_text


async def test_home_tab_is_published_in_the_persons_language(slack: SlackTestApp, kb: KnowledgeBase) -> None:
    await slack.event({"type": "app_home_opened", "user": "UEN", "channel": "D1", "tab": "home"})
    call = await slack.standin.wait_for_call("views.publish")
    view = slack.standin.views["UEN"]
    assert call.args["user_id"] == "UEN" and view["type"] == "home"
    text = all_text({"blocks": view["blocks"]})
    week = weekly_practice(kb)
    assert week is not None and week.en.practice.replace("&", "&amp;") in text
    assert "This week's practice" in text
    for checklist in kb.of_kind("checklist"):
        assert checklist.title("en").replace("&", "&amp;") in text
    assert "/socialtip help" in text
    assert len(view["blocks"]) <= MAX_HOME_BLOCKS


async def test_the_messages_tab_publishes_nothing(slack: SlackTestApp) -> None:
    await slack.event({"type": "app_home_opened", "user": "UEN", "channel": "D1", "tab": "messages"})
    await slack.settle()
    assert slack.standin.calls_to("views.publish") == []


async def test_a_checklist_opened_from_home_lands_in_the_dm(slack: SlackTestApp, kb: KnowledgeBase) -> None:
    await slack.event({"type": "app_home_opened", "user": "UFR", "channel": "D1", "tab": "home"})
    await slack.standin.wait_for_call("views.publish")
    view = slack.standin.views["UFR"]
    home = Message(ts="", channel="", text="", blocks=view["blocks"])
    payload = simulate.block_actions_payload(
        home, "socialtip_home_checklist_0", user="UFR", response_url="", view=view
    )
    status, _ = await slack.post(simulate.block_actions_body(payload), "application/x-www-form-urlencoded")
    assert status == 200
    post = await slack.standin.wait_for_call("chat.postMessage")
    assert post.args["channel"] == "DFR"
    first = sorted(kb.of_kind("checklist"), key=lambda e: e.title("fr"))[0]
    assert first.title("fr") in all_text(post.args)
