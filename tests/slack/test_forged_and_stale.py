"""Forged button values get an apology and store nothing; stale redraws never win (issue #10).

A click's value and block id come back from Slack as the app wrote them, but a forged request
(or a very old message) can carry anything: each red-team case of the issue is pinned here.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.search import SearchIndex
from bot.render.blocks import FEEDBACK
from bot.slack.services import Services
from bot.slack.standin import Message
from bot.storage import TinyDBStore
from tests.support.slack import TEAM, SlackTestApp

from .helpers import assert_valid, ticked_steps

QUESTION = "comment réagir aux critiques sur Twitter ?"


def refusals(slack: SlackTestApp) -> list[str]:
    return [
        c.args["text"] for c in slack.standin.calls_to("response_url") if "bouton" in c.args.get("text", "")
    ]


def set_feedback_value(message: Message, value: str) -> None:
    block = next(b for b in message.blocks if b.get("block_id") == "feedback")
    element = block["elements"][0]
    element["positive_button"]["value"] = value


def forged(entry: str, question: str, vote: str = "up") -> str:
    return json.dumps({"e": entry, "l": "fr", "q": question, "v": vote})


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("q" * 3000, "longer than Slack allows a button value"),
        ("{not json", "not JSON"),
        ('["a list"]', "JSON but not ours"),
        (forged("tip-that-does-not-exist", QUESTION), "an entry that does not exist"),
        (forged("<!channel>", QUESTION), "markup for an entry id"),
        (forged("{entry}", "x" * 2100), "a question over 2,000 characters"),
    ],
)
async def test_a_forged_feedback_value_gets_an_apology_and_stores_nothing(
    slack: SlackTestApp, value: str, why: str
) -> None:
    """Regression (issue #10): forged values were stored unchecked and got no apology."""
    shown = await slack.reply_to(QUESTION)
    block = next(b for b in shown.blocks if b.get("block_id") == "feedback")
    entry = json.loads(block["elements"][0]["positive_button"]["value"])["e"]
    set_feedback_value(shown, value.replace("{entry}", entry))
    assert await slack.click(shown, FEEDBACK, vote="up") == 200
    await slack.settle()
    assert len(refusals(slack)) == 1, why
    assert await slack.store.list_feedback(TEAM) == []


@pytest.mark.parametrize("step", ["-1", "9" * 4000, "999", "1.5", ""])
async def test_a_forged_checklist_step_gets_an_apology_and_ticks_nothing(
    slack: SlackTestApp, kb: KnowledgeBase, step: str
) -> None:
    """Regression (issue #10): negative and 4,000-digit step numbers were stored."""
    checklist = kb.of_kind("checklist")[0]
    shown = await slack.reply_to(f"liste {checklist.id}")
    block = next(b for b in shown.blocks if b.get("block_id", "").startswith("cl|"))
    block["block_id"] = f"cl|{checklist.id}|{step}|0|fr"
    assert await slack.click(shown, block["accessory"]["action_id"], checked=True) == 200
    await slack.settle()
    assert len(refusals(slack)) == 1
    assert await slack.store.get_checklist_ticks(TEAM, "C0001", checklist.id) == set()


async def test_the_last_checklist_state_wins_after_a_rate_limited_update(
    slack: SlackTestApp, kb: KnowledgeBase
) -> None:
    """Regression (issue #10): a chat.update retried after a 429 landed after a newer one and
    left the message showing stale ticks."""
    checklist = kb.of_kind("checklist")[0]
    shown = await slack.reply_to(f"checklist {checklist.id}")
    await slack.click(shown, "socialtip_share")
    await slack.settle()
    public = next(m for m in slack.standin.messages.values() if not m.ephemeral and not m.deleted)
    slack.standin.fail("chat.update", "ratelimited", status=429)  # the first redraw waits 1 s, then retries
    await slack.click(public, "socialtip_check_0", checked=True)
    await slack.standin.wait_for_call("chat.update")  # the 429
    await slack.click(public, "socialtip_check_1", checked=True, user="U0002")
    await slack.settle()
    assert await slack.store.get_checklist_ticks(TEAM, "C0001", checklist.id) == {0, 1}
    assert ticked_steps(public) == {0, 1}  # the message ends with the last state


async def test_a_home_checklist_button_naming_nothing_is_told_by_dm(slack: SlackTestApp) -> None:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": "U0001", "team_id": TEAM},
        "api_app_id": "A0001",
        "container": {"type": "view", "view_id": "V0001"},
        "actions": [{"type": "button", "action_id": "socialtip_home_checklist_0", "value": "nope"}],
    }
    from bot.slack.simulate import block_actions_body

    assert await slack.post(block_actions_body(payload), "application/x-www-form-urlencoded") == (200, "")
    await slack.settle()
    [told] = slack.standin.calls_to("chat.postMessage")
    assert told.args["channel"] == "U0001" and "bouton" in told.args["text"]


async def test_a_40000_character_dm_is_answered_and_kept_small(slack: SlackTestApp) -> None:
    """Each piece of input is bounded: only a question's first 1,000 characters are searched,
    echoed and kept among the replies to repeated questions."""
    text = "comment réagir aux critiques ? " + "blabla " * 5800
    assert len(text) > 40_000
    assert (
        await slack.event(
            {
                "type": "message",
                "channel_type": "im",
                "user": "U1",
                "text": text,
                "ts": "7.1",
                "channel": "D1",
            }
        )
        == 200
    )
    await slack.settle()
    [answer] = [m for m in slack.standin.messages.values() if m.channel == "D1"]
    assert_valid(answer)


def test_replies_kept_for_repeated_questions_hold_at_most_1000_characters_of_each(
    kb: KnowledgeBase, index: SearchIndex
) -> None:
    services = Services(kb=kb, index=index, store=TinyDBStore())
    for n in range(20):
        services.answer(f"{n} comment réagir aux critiques ? " + "x" * 40_000, "fr", ephemeral=True)
    assert len(services._answers) == 20
    assert all(len(question) <= 1000 for question, _, _ in services._answers)
