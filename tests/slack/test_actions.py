"""Every button over signed ``block_actions`` requests: share, another tip, related, feedback, checklists."""

from __future__ import annotations

import json
from pathlib import Path

from bot.knowledge import KnowledgeBase
from bot.knowledge.search import SearchIndex
from bot.render.blocks import ANOTHER_TIP, FEEDBACK, FEEDBACK_DOWN, FEEDBACK_UP, SHARE
from bot.slack.standin import Message, SlackStandIn
from bot.storage import TinyDBStore
from tests.support.slack import TEAM, SlackTestApp

from .helpers import action_ids, all_text, assert_valid, header, ticked_steps

QUESTION = "comment réagir aux critiques sur Twitter ?"


def public_messages(standin: SlackStandIn) -> list[Message]:
    return [m for m in standin.messages.values() if not m.ephemeral and not m.deleted]


async def test_share_posts_the_answer_publicly_saying_who_shared_it(slack: SlackTestApp) -> None:
    shown = await slack.reply_to(QUESTION, user="U0042")
    assert await slack.click(shown, SHARE, user="U0042") == 200
    post = await slack.standin.wait_for_call("chat.postMessage")
    await slack.settle()
    assert post.args["channel"] == "C0001"
    assert header(post.args) == header(shown)
    assert "partagé par <@U0042>" in all_text(post.args)
    assert SHARE not in action_ids(post.args)
    assert FEEDBACK in action_ids(post.args)
    assert shown.deleted  # the ephemeral copy is removed
    assert_valid(post.args)


async def test_share_where_the_bot_cannot_post_goes_through_response_url(slack: SlackTestApp) -> None:
    shown = await slack.reply_to(QUESTION)
    slack.standin.fail("chat.postMessage", "not_in_channel")
    await slack.click(shown, SHARE)
    await slack.standin.wait_for_call("response_url", 2)
    await slack.settle()
    public = [
        c for c in slack.standin.calls_to("response_url") if c.args.get("response_type") == "in_channel"
    ]
    assert len(public) == 1 and header(public[0].args) == header(shown)


async def test_another_tip_replaces_the_ephemeral_tip_with_a_different_one(slack: SlackTestApp) -> None:
    shown = await slack.reply_to("")
    first = header(shown)
    before = len(slack.standin.calls_to("response_url"))  # the first tip may come that way too
    await slack.click(shown, ANOTHER_TIP)
    call = await slack.standin.wait_for_call("response_url", before + 1)
    assert call.args["replace_original"] is True
    assert header(shown) != first  # the same message now shows another tip
    await slack.settle()
    assert await slack.store.get_last_tip("T0001", "U0001") is not None


async def test_another_tip_under_a_public_tip_answers_in_its_thread(slack: SlackTestApp) -> None:
    await slack.event(
        {"type": "app_mention", "user": "U0001", "text": "<@UBOT>", "ts": "1.000001", "channel": "C0001"}
    )
    await slack.standin.wait_for_call("chat.postMessage")
    tip = public_messages(slack.standin)[0]
    await slack.click(tip, ANOTHER_TIP, user="U0003")
    second = await slack.standin.wait_for_call("chat.postMessage", 2)
    assert second.args["thread_ts"] == "1.000001"
    assert header(second.args) != header(tip)


async def test_related_entries_open_beside_the_answer(slack: SlackTestApp, index: SearchIndex) -> None:
    result = index.search(QUESTION, lang="fr", limit=3)
    assert len(result.hits) >= 2
    shown = await slack.reply_to(QUESTION)
    await slack.click(shown, "socialtip_open_1")
    call = await slack.standin.wait_for_call("response_url")
    assert call.args["replace_original"] is False and call.args["response_type"] == "ephemeral"
    assert header(call.args) == result.hits[1].entry.title("fr")


async def test_feedback_is_stored_with_the_entry_and_the_question(
    slack: SlackTestApp, tmp_path: Path
) -> None:
    shown = await slack.reply_to(QUESTION)
    await slack.click(shown, FEEDBACK, vote="up")
    thanks = await slack.standin.wait_for_call("response_url")
    assert "Merci" in thanks.args["text"]
    await slack.click(shown, FEEDBACK, user="U0002", vote="down")
    await slack.standin.wait_for_call("response_url", 2)
    await slack.settle()
    feedback = next(b for b in shown.blocks if b.get("block_id") == "feedback")
    assert feedback["type"] == "context_actions" and feedback["elements"][0]["type"] == "feedback_buttons"
    best = json.loads(feedback["elements"][0]["positive_button"]["value"])["e"]
    reopened = TinyDBStore(tmp_path / "socialtip.json")  # on disk once thanked
    votes = {(f.user_id, f.entry_id, f.question, f.vote) for f in await reopened.list_feedback(TEAM)}
    await reopened.close()
    assert votes == {("U0001", best, QUESTION, "up"), ("U0002", best, QUESTION, "down")}


async def test_the_older_hand_made_feedback_buttons_still_count(slack: SlackTestApp, tmp_path: Path) -> None:
    """Answers posted before the feedback buttons keep working: their 👍/👎 are buttons with their own ids."""
    shown = await slack.reply_to(QUESTION)
    best = json.loads(
        next(b for b in shown.blocks if b.get("block_id") == "feedback")["elements"][0]["positive_button"][
            "value"
        ]
    )["e"]
    value = json.dumps({"e": best, "l": "fr", "q": QUESTION})
    old = [
        {
            "type": "button",
            "action_id": FEEDBACK_UP,
            "text": {"type": "plain_text", "text": "👍 Utile"},
            "value": value,
        },
        {
            "type": "button",
            "action_id": FEEDBACK_DOWN,
            "text": {"type": "plain_text", "text": "👎 Pas utile"},
            "value": value,
        },
    ]
    shown.blocks = [b for b in shown.blocks if b.get("block_id") != "feedback"] + [
        {"type": "actions", "block_id": "buttons", "elements": old}
    ]
    await slack.click(shown, FEEDBACK_DOWN)
    await slack.standin.wait_for_call("response_url")
    await slack.settle()
    reopened = TinyDBStore(tmp_path / "socialtip.json")
    assert [(f.entry_id, f.vote) for f in await reopened.list_feedback(TEAM)] == [(best, "down")]
    await reopened.close()


async def test_voting_again_on_an_answer_replaces_the_vote(slack: SlackTestApp, tmp_path: Path) -> None:
    """Regression (issue #10): every click was stored, 3,000 clicks meant 3,000 votes."""
    shown = await slack.reply_to(QUESTION)
    for _ in range(3):
        await slack.click(shown, FEEDBACK, vote="up")
        await slack.settle()
    await slack.click(shown, FEEDBACK, vote="down")
    await slack.settle()
    texts = [c.args["text"] for c in slack.standin.calls_to("response_url")]
    assert len(texts) == 2 and "Merci" in texts[0] and "remplace" in texts[1]  # thanked, then changed
    again = await slack.reply_to(QUESTION)  # the same answer to the same question, asked again
    await slack.click(again, FEEDBACK, vote="up")
    await slack.settle()
    reopened = TinyDBStore(tmp_path / "socialtip.json")
    votes = await reopened.list_feedback(TEAM)
    await reopened.close()
    assert [(v.user_id, v.vote) for v in votes] == [("U0001", "up")]


async def test_ticks_on_an_ephemeral_checklist_redraw_it_in_place(
    slack: SlackTestApp, kb: KnowledgeBase
) -> None:
    checklist = kb.of_kind("checklist")[0]
    shown = await slack.reply_to(f"liste {checklist.id}")
    assert ticked_steps(shown) == set()
    await slack.click(shown, "socialtip_check_0", checked=True)
    call = await slack.standin.wait_for_call("response_url")
    assert call.args["replace_original"] is True
    assert ticked_steps(shown) == {0}
    assert f"1/{len(checklist.fr.steps)}" in all_text(shown)
    assert_valid(shown)
    await slack.click(shown, "socialtip_check_0", checked=False)
    await slack.standin.wait_for_call("response_url", 2)
    assert ticked_steps(shown) == set()


async def test_a_shared_checklist_is_updated_for_everyone_and_survives_a_restart(
    tmp_path: Path, standin: SlackStandIn, kb: KnowledgeBase, index: SearchIndex
) -> None:
    checklist = kb.of_kind("checklist")[0]
    db = tmp_path / "socialtip.json"
    async with SlackTestApp.running(db, standin=standin, kb=kb, index=index) as slack:
        shown = await slack.reply_to(f"checklist {checklist.id}", user="UEN")
        await slack.click(shown, "socialtip_check_0", checked=True, user="UEN")
        await slack.settle()  # a click's work is under way once the click is acknowledged
        await slack.click(shown, SHARE, user="UEN")
        await slack.settle()
        public = public_messages(standin)[0]
        assert ticked_steps(public) == {0}  # the channel's state, shared
        await slack.click(public, "socialtip_check_2", checked=True, user="U0777")
        update = await standin.wait_for_call("chat.update")
        assert update.args["ts"] == public.ts and update.args["channel"] == "C0001"
        assert ticked_steps(public) == {0, 2}
        assert "shared by <@UEN>" in all_text(public)  # the rest of the message is kept
        assert_valid(public)
    async with SlackTestApp.running(db, standin=standin, kb=kb, index=index) as again:
        shown = await again.reply_to(f"checklist {checklist.id}", user="UEN")
        assert ticked_steps(shown) == {0, 2}
        elsewhere = await again.reply_to(f"checklist {checklist.id}", user="UEN", channel="C0002")
        assert ticked_steps(elsewhere) == set()  # ticks belong to a channel


async def test_a_refusal_offers_the_closest_topics_and_each_opens_an_entry_of_it(
    slack: SlackTestApp, index: SearchIndex, kb: KnowledgeBase
) -> None:
    question = "which laptop should we buy for the SAV team?"
    near = index.search(question).near_topics()
    assert near and not index.search(question).hits
    shown = await slack.reply_to(question)
    assert "I have no good answer" in all_text(shown)
    buttons = [b for b in action_ids(shown) if b.startswith("socialtip_open_")]
    assert len(buttons) == len(near)
    assert kb.topics[near[0][0]].label("en") in all_text(shown)
    await slack.click(shown, buttons[0])
    call = await slack.standin.wait_for_call("response_url")
    assert header(call.args) == near[0][1].title("en")
    assert_valid(shown)
