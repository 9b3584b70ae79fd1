"""Hostile text (broadcasts, mentions, 4,000 characters, emoji, markup) is answered safely and validly."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.slack import SlackTestApp

from .helpers import assert_valid, everything_sent

HOSTILE = [
    "<!channel> comment gérer les critiques ?",
    "<!here|@here> <@U0123> <@U0456|bob> how do we handle criticism? <#C999|secret>",
    "*gras* _italique_ ~barré~ `code` > citation <https://evil.example|clique ici> &amp; &lt;b&gt; 🚀🔥 réagir aux critiques",
    "<!subteam^S123|@marketing> " + "bad buzz critiques " * 220,  # about 4,000 characters
    "😀" * 1000 + " <!everyone>",
]
FORBIDDEN = (
    "<!channel",
    "<!here",
    "<!everyone",
    "<!subteam",
    "<@U0123>",
    "<@U0456",
    "<#C999",
    "<https://evil",
)


def assert_nothing_dangerous(sent: str) -> None:
    for token in FORBIDDEN:
        assert token not in sent, token


@pytest.mark.parametrize("text", HOSTILE)
async def test_hostile_slash_command(slack: SlackTestApp, text: str) -> None:
    shown = await slack.reply_to(text)
    assert_valid(shown)
    assert_nothing_dangerous(repr(shown.blocks) + shown.text)
    await slack.settle()
    assert_nothing_dangerous(everything_sent(slack.standin))


@pytest.mark.parametrize("text", HOSTILE)
async def test_hostile_mention_and_dm(slack: SlackTestApp, text: str) -> None:
    await slack.event(
        {"type": "app_mention", "user": "U1", "text": f"<@UBOT> {text}", "ts": "5.1", "channel": "C1"}
    )
    await slack.event(
        {"type": "message", "channel_type": "im", "user": "U1", "text": text, "ts": "5.2", "channel": "D1"}
    )
    await slack.standin.wait_for_call("chat.postMessage", 2)
    await asyncio.sleep(0.05)
    await slack.settle()
    for call in slack.standin.calls_to("chat.postMessage"):
        assert_valid(call.args)
    assert_nothing_dangerous(everything_sent(slack.standin))


async def test_hostile_question_shared_and_voted(slack: SlackTestApp) -> None:
    shown = await slack.reply_to(HOSTILE[3])
    await slack.click(shown, "socialtip_share")
    post = await slack.standin.wait_for_call("chat.postMessage")
    await slack.settle()
    assert_valid(post.args)
    assert_nothing_dangerous(everything_sent(slack.standin))
