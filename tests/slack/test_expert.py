"""Ask a human: ``/socialtip expert``, "Ask the team", the expert's "Answer" modal, over signed HTTP."""

from __future__ import annotations

import json

import pytest

from bot.render.blocks import FEEDBACK
from bot.render.expert import ANSWER_BLOCK, ANSWER_INPUT, ASK_TEAM, EXPERT_ANSWER
from bot.slack.standin import Message
from tests.support.slack import SlackTestApp

from .helpers import action_ids, all_text, assert_blocks_valid, assert_valid

REFUSED = "quelle est la recette de la tarte tatin ?"
HOSTILE = "recette de la tarte tatin <!channel> & <@U0666> ?"


def experts_channel() -> dict[str, dict]:
    """#experts (CEXP), a public channel socialtip is not in (chat:write.public posts there)."""
    return {"CEXP": {"name": "experts", "is_private": False, "is_member": False}}


@pytest.fixture
async def experts(slack: SlackTestApp) -> SlackTestApp:
    """A workspace whose expert channel is #experts (CEXP), set with /socialtip expert."""
    slack.standin.channels.update(experts_channel())
    reply = await slack.reply_to("expert <#CEXP|experts>", user="UFR")
    assert "<#CEXP>" in reply.text
    await slack.settle()
    return slack


def posts_in(slack: SlackTestApp, channel: str) -> list[Message]:
    return [m for m in slack.standin.messages.values() if m.channel == channel and not m.ephemeral]


async def test_setting_the_expert_channel_announces_it_there(slack: SlackTestApp) -> None:
    slack.standin.channels.update(experts_channel())
    reply = await slack.reply_to("expert <#CEXP|experts>", user="UFR")
    assert "Demander à l'équipe" in reply.text and "<#CEXP>" in reply.text
    await slack.settle()
    assert await slack.store.get_expert_channel("T0001") == "CEXP"
    announce = posts_in(slack, "CEXP")
    assert len(announce) == 1 and "<@UFR>" in announce[0].text
    status = await slack.reply_to("expert", user="UFR")
    assert "<#CEXP>" in status.text
    off = await slack.reply_to("expert off", user="UFR")
    assert "plus de bouton" in off.text
    assert await slack.store.get_expert_channel("T0001") is None


async def test_a_plain_channel_name_is_looked_up(slack: SlackTestApp) -> None:
    """Regression: with should_escape off (older installs), Slack sends "#experts", not an id."""
    slack.standin.channels.update({f"C{i:04d}": {"name": f"chan-{i}"} for i in range(1500)})
    slack.standin.channels.update(experts_channel())
    reply = await slack.reply_to("expert #experts", user="UEN")
    assert "<#CEXP>" in reply.text
    assert await slack.store.get_expert_channel("T0001") == "CEXP"
    assert len(slack.standin.calls_to("conversations.list")) == 2  # paginated


@pytest.mark.parametrize(
    ("channels", "text", "expected"),
    [
        ({}, "expert #nowhere", "can't find"),
        (
            {"GPRIV": {"name": "secret", "is_private": True, "is_member": False}},
            "expert <#GPRIV|secret>",
            "can't find",
        ),
        ({"CARCH": {"name": "old", "is_archived": True}}, "expert <#CARCH|old>", "archived"),
    ],
)
async def test_a_channel_socialtip_cannot_post_in_is_refused(
    slack: SlackTestApp, channels: dict, text: str, expected: str
) -> None:
    slack.standin.channels.update(channels)
    reply = await slack.reply_to(text, user="UEN")
    assert expected in reply.text
    assert await slack.store.get_expert_channel("T0001") is None


async def test_a_question_starting_with_expert_is_still_a_question(slack: SlackTestApp) -> None:
    reply = await slack.reply_to("expert en community management, ça vaut le coup ?", user="UFR")
    assert await slack.store.get_expert_channel("T0001") is None
    assert "canal" not in reply.text


async def test_without_an_expert_channel_there_is_no_button(slack: SlackTestApp) -> None:
    refused = await slack.reply_to(REFUSED)
    assert ASK_TEAM not in action_ids(refused)
    answer = await slack.reply_to("comment gérer un bad buzz ?")
    await slack.click(answer, FEEDBACK, vote="down")
    thanks = await slack.standin.wait_for_call("response_url", 1)
    assert ASK_TEAM not in action_ids(thanks.args)


async def test_the_whole_round_trip_from_a_refused_question(experts: SlackTestApp) -> None:
    slack = experts
    refused = await slack.reply_to(HOSTILE, user="U0001")
    assert ASK_TEAM in action_ids(refused)
    assert_valid(refused)

    await slack.click(refused, ASK_TEAM, user="U0001")
    await slack.settle()
    sent = slack.standin.calls_to("response_url")[-1]
    assert "<#CEXP>" in sent.args["text"]
    question = posts_in(slack, "CEXP")[-1]
    assert_valid(question)
    text = all_text(question)
    assert "<@U0001>" in text  # who asks
    assert "tarte tatin" in text
    assert "<!channel>" not in json.dumps(question.blocks) and "<@U0666>" not in json.dumps(question.blocks)
    assert "see the conversation" not in text and "voir la conversation" not in text  # ephemeral: no link

    # An expert presses "Answer": a modal opens.
    await slack.click(question, EXPERT_ANSWER, user="UEXPERT")
    await slack.standin.wait_for_call("views.open")
    modal = slack.standin.modals[-1]
    assert_blocks_valid(modal["blocks"])
    assert "tarte tatin" in all_text({"blocks": modal["blocks"]})

    # An empty answer is refused in the modal itself.
    status, body = await slack.submit_view(
        modal, {ANSWER_BLOCK: {ANSWER_INPUT: {"type": "plain_text_input", "value": "  "}}}, user="UEXPERT"
    )
    assert status == 200 and json.loads(body)["response_action"] == "errors"

    answer = "Demandez à Paul <!here>, il a la recette & le moule."
    status, body = await slack.submit_view(
        modal, {ANSWER_BLOCK: {ANSWER_INPUT: {"type": "plain_text_input", "value": answer}}}, user="UEXPERT"
    )
    assert status == 200 and body in ("", "{}")
    await slack.settle()
    dm = posts_in(slack, "D0001")[-1]  # the asker's DM with the app
    assert "Paul" in all_text(dm) and "<@UEXPERT>" in all_text(dm)
    assert "<!here>" not in json.dumps(dm.blocks) and "&lt;!here&gt;" in json.dumps(dm.blocks)
    assert_valid(dm)
    thread = [m for m in posts_in(slack, "CEXP") if m.thread_ts == question.ts]
    assert len(thread) == 1 and "Paul" in all_text(thread[0]) and "<@U0001>" in all_text(thread[0])
    assert_valid(thread[0])


async def test_an_answer_rated_down_in_a_channel_offers_the_team_with_a_link(experts: SlackTestApp) -> None:
    slack = experts
    await slack.event(
        {
            "type": "app_mention",
            "user": "UEN",
            "text": "<@UBOT> how do we handle a bad buzz?",
            "ts": "1700000100.000100",
            "channel": "C0001",
        }
    )
    await slack.standin.wait_for_call("chat.postMessage", 2)  # the announcement, then the answer
    answer = posts_in(slack, "C0001")[-1]
    before = len(slack.standin.calls_to("response_url"))
    await slack.click(answer, FEEDBACK, user="UEN", vote="down")
    thanks_call = await slack.standin.wait_for_call("response_url", before + 1)
    assert ASK_TEAM in action_ids(thanks_call.args)
    assert_valid(thanks_call.args)
    thanks = [m for m in slack.standin.messages.values() if m.ephemeral][-1]

    await slack.click(thanks, ASK_TEAM, user="UEN")
    await slack.settle()
    question = posts_in(slack, "CEXP")[-1]
    text = all_text(question)
    assert "bad buzz" in text and "<@UEN>" in text
    assert "rated not enough" in text  # says which answer did not help
    link = slack.standin.calls_to("chat.getPermalink")[-1]
    assert link.args["channel"] == "C0001" and link.args["message_ts"] == answer.ts
    assert "https://standin.slack.test/archives/C0001/" in json.dumps(question.blocks)


async def test_a_thumbs_up_offers_nothing_more(experts: SlackTestApp) -> None:
    answer = await experts.reply_to("comment gérer un bad buzz ?")
    before = len(experts.standin.calls_to("response_url"))
    await experts.click(answer, FEEDBACK, vote="up")
    thanks = await experts.standin.wait_for_call("response_url", before + 1)
    assert ASK_TEAM not in action_ids(thanks.args)


async def test_a_channel_that_refuses_the_question_is_explained(experts: SlackTestApp) -> None:
    refused = await experts.reply_to(REFUSED)
    experts.standin.channels["CEXP"]["is_archived"] = True
    await experts.click(refused, ASK_TEAM)
    await experts.settle()
    told = experts.standin.calls_to("response_url")[-1]
    assert "is_archived" in told.args["text"] and "<#CEXP>" in told.args["text"]


async def test_a_forged_ask_value_gets_an_apology(experts: SlackTestApp) -> None:
    refused = await experts.reply_to(REFUSED)
    button = next(e for b in refused.blocks for e in b.get("elements", []) if e.get("action_id") == ASK_TEAM)
    button["value"] = "not json"
    await experts.click(refused, ASK_TEAM)
    await experts.settle()
    assert "Désolé" in experts.standin.calls_to("response_url")[-1].args["text"]
    assert len(posts_in(experts, "CEXP")) == 1  # only the announcement


async def test_ask_the_team_sits_beside_the_refusals_topic_buttons(experts: SlackTestApp) -> None:
    """The lead's refusal offers its closest topics as buttons; "Ask the team" is a block of its own."""
    for question in (REFUSED, "combien coûte une campagne TikTok ?"):
        refused = await experts.reply_to(question)
        ids = [b.get("block_id") for b in refused.blocks]
        assert "near_topics" in ids and ids[-1] == "ask_team", ids
        assert len([i for i in action_ids(refused) if i != ASK_TEAM]) >= 1
        assert_valid(refused)


async def test_a_greeting_is_neither_a_question_nor_a_refusal(experts: SlackTestApp) -> None:
    hello = await experts.reply_to("bonjour !")
    await experts.settle()
    assert ASK_TEAM not in action_ids(hello)
    assert await experts.store.list_questions("T0001") == []


async def test_an_install_without_the_new_scopes_says_to_reinstall(slack: SlackTestApp) -> None:
    """Regression: an app made from the older manifest lacks channels:read; say so, not "not found"."""
    slack.standin.channels.update(experts_channel())
    slack.standin.fail("conversations.info", "missing_scope")
    reply = await slack.reply_to("expert <#CEXP|experts>", user="UEN")
    assert "reinstall" in reply.text
    assert await slack.store.get_expert_channel("T0001") is None


async def test_a_refused_mention_links_the_experts_to_the_persons_own_message(experts: SlackTestApp) -> None:
    """Regression: the link pointed at socialtip's refusal, not at the question asked."""
    slack = experts
    await slack.event(
        {
            "type": "app_mention",
            "user": "UEN",
            "text": f"<@UBOT> {REFUSED}",
            "ts": "1700000200.000100",
            "channel": "C0001",
        }
    )
    await slack.standin.wait_for_call("chat.postMessage", 2)  # the announcement, then the refusal
    refusal = posts_in(slack, "C0001")[-1]
    assert ASK_TEAM in action_ids(refusal)
    await slack.click(refusal, ASK_TEAM, user="UEN")
    await slack.settle()
    link = slack.standin.calls_to("chat.getPermalink")[-1]
    assert link.args["channel"] == "C0001" and link.args["message_ts"] == "1700000200.000100"
