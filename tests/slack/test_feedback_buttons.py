"""Slack's 👍/👎 feedback buttons over signed HTTP: one vote per person and answer, with its context."""

from __future__ import annotations

from bot.render.blocks import FEEDBACK
from tests.support.slack import SlackTestApp

from .helpers import assert_valid


async def test_a_second_click_changes_the_vote_and_never_counts_twice(slack: SlackTestApp) -> None:
    answer = await slack.reply_to("comment gérer un bad buzz ?", user="UFR")
    assert_valid(answer)
    for n, vote in enumerate(("up", "down"), 1):
        await slack.click(answer, FEEDBACK, user="UFR", vote=vote)
        await slack.standin.wait_for_call("response_url", n)
    await slack.click(answer, FEEDBACK, user="UFR", vote="down")  # the same again: nothing new
    await slack.click(answer, FEEDBACK, user="UEN", vote="up")
    await slack.settle()
    assert len(slack.standin.calls_to("response_url")) == 3
    votes = sorted(await slack.store.list_feedback("T0001"), key=lambda f: f.user_id)
    assert [(f.user_id, f.vote) for f in votes] == [("UEN", "up"), ("UFR", "down")]
    assert {(f.lang, f.surface, f.question) for f in votes} == {
        ("fr", "command", "comment gérer un bad buzz ?")
    }


async def test_a_vote_in_a_dm_says_so(slack: SlackTestApp) -> None:
    await slack.event(
        {
            "type": "message",
            "channel_type": "im",
            "channel": "D0001",
            "user": "UEN",
            "text": "how do we handle a bad buzz?",
            "ts": "1700000200.000100",
        }
    )
    await slack.standin.wait_for_call("chat.postMessage")
    answer = next(m for m in slack.standin.messages.values() if m.channel == "D0001")
    await slack.click(answer, FEEDBACK, user="UEN", vote="down")
    await slack.standin.wait_for_call("response_url")
    [vote] = await slack.store.list_feedback("T0001")
    assert (vote.vote, vote.lang, vote.surface) == ("down", "en", "dm")
