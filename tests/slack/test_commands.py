"""``/socialtip`` over signed HTTP: every sub-command in French and English, and the languages."""

from __future__ import annotations

import itertools

import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.search import SearchIndex
from bot.render.blocks import FEEDBACK, SHARE
from tests.support.slack import SlackTestApp

from .helpers import action_ids, all_text, assert_valid, header

# UFR / UEN have a French / English Slack locale in the stand-in; U0001 has none.


async def test_help_in_french_and_english(slack: SlackTestApp) -> None:
    fr = await slack.reply_to("aide")
    en = await slack.reply_to("help")
    assert "/socialtip liste" in all_text(fr) and "/socialtip cas" in all_text(fr)
    assert "/socialtip checklist" in all_text(en) and "/socialtip case" in all_text(en)
    assert "Exemple" in all_text(fr) and "Example" in all_text(en)
    assert_valid(fr)
    assert_valid(en)


async def test_a_tip_in_the_slack_locale_never_twice_in_a_row(slack: SlackTestApp, kb: KnowledgeBase) -> None:
    french_titles = {e.title("fr") for e in kb.of_kind("tip")}
    english_titles = {e.title("en") for e in kb.of_kind("tip")}
    seen = []
    for _ in range(6):
        shown = await slack.reply_to("", user="UFR")
        await slack.settle()  # the rotation is saved after the reply
        seen.append(header(shown))
        assert SHARE in action_ids(shown)
        assert_valid(shown)
    assert set(seen) <= french_titles
    assert all(a != b for a, b in itertools.pairwise(seen))
    english = await slack.reply_to("", user="UEN")
    assert header(english) in english_titles


async def test_no_preference_no_clue_asks_slack_for_the_locale_after_the_ack(slack: SlackTestApp) -> None:
    status, raw, _ = await slack.command("", user="UEN")
    assert status == 200 and raw == ""  # acked at once, empty
    call = await slack.standin.wait_for_call("response_url")
    assert call.args["response_type"] == "ephemeral"
    assert "Another tip" in all_text(call.args)
    assert slack.standin.calls_to("users.info")[0].args["user"] == "UEN"


async def test_unknown_locale_means_french(slack: SlackTestApp) -> None:
    shown = await slack.reply_to("", user="U0001")
    assert "Un autre conseil" in all_text(shown)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("comment réagir aux critiques sur Twitter ?", "fr"),
        ("how should a brand handle criticism on Twitter?", "en"),
    ],
)
async def test_a_question_gets_the_best_entry_cited_with_buttons(
    slack: SlackTestApp, index: SearchIndex, kb: KnowledgeBase, question: str, lang: str
) -> None:
    result = index.search(question, lang=lang, limit=3)
    assert result.hits, "the knowledge base should answer this question"
    shown = await slack.reply_to(
        question, user="UEN" if lang == "fr" else "UFR"
    )  # the question's language wins
    best = result.hits[0].entry
    assert header(shown) == best.title(lang)
    text = all_text(shown)
    source = kb.sources[best.sources[0].article]
    assert source.title in text.replace("&amp;", "&")
    assert best.sources[0].quote[:40] in text.replace("&amp;", "&")
    ids = action_ids(shown)
    assert {SHARE, FEEDBACK} <= set(ids)
    related = [i for i in ids if i.startswith("socialtip_open_")]
    assert len(related) == min(2, len(result.hits) - 1)
    assert_valid(shown)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("quel temps fera-t-il à Lyon demain ?", "Je n'ai pas"),
        ("what will the weather be in Lisbon tomorrow", "I have no"),
    ],
)
async def test_no_good_match_says_so_and_suggests_topics(
    slack: SlackTestApp, index: SearchIndex, kb: KnowledgeBase, question: str, expected: str
) -> None:
    assert not index.search(question).hits
    shown = await slack.reply_to(question)
    text = all_text(shown)
    assert expected in text
    assert any(topic.fr in text or topic.en in text for topic in kb.topics.values())
    assert_valid(shown)


async def test_checklists_listed_and_shown_with_checkboxes(slack: SlackTestApp, kb: KnowledgeBase) -> None:
    listing = await slack.reply_to("liste")
    assert "Check-lists disponibles" in all_text(listing)
    checklist = kb.of_kind("checklist")[0]
    assert checklist.title("fr") in all_text(listing)
    en = await slack.reply_to(f"checklist {checklist.id}", user="UEN")  # "checklist" is French too: locale
    fr = await slack.reply_to(f"liste {checklist.id}", user="UEN")  # "liste" is French
    assert header(en) == checklist.title("en")
    assert header(fr) == checklist.title("fr")
    boxes = [i for i in action_ids(en) if i.startswith("socialtip_check_")]
    assert len(boxes) == len(checklist.en.steps)
    assert_valid(en)
    unknown = await slack.reply_to("checklist zorglub", user="UEN")
    assert "don't know a checklist" in all_text(unknown)


async def test_cases_by_brand_in_both_languages(slack: SlackTestApp, kb: KnowledgeBase) -> None:
    case = kb.of_kind("case")[0]
    fr = await slack.reply_to(f"cas {case.brand.upper()}")
    en = await slack.reply_to(f"case {case.brand}")
    assert header(fr) == case.title("fr")
    assert header(en) == case.title("en")
    listing = await slack.reply_to("exemple")
    assert case.brand in all_text(listing)
    unknown = await slack.reply_to("case Zorglub")
    assert "no example for" in all_text(unknown)


async def test_topics_in_both_languages(slack: SlackTestApp, kb: KnowledgeBase) -> None:
    fr = await slack.reply_to("sujets")
    en = await slack.reply_to("topics")
    for topic in kb.topics.values():
        assert topic.fr in all_text(fr)
        assert topic.en in all_text(en)


async def test_lang_is_remembered_and_wins_over_everything(slack: SlackTestApp) -> None:
    confirm = await slack.reply_to("lang en", user="UFR")
    assert "Got it" in all_text(confirm)
    await slack.settle()
    assert await slack.store.get_user_lang("T0001", "UFR") == "en"
    helped = await slack.reply_to("aide", user="UFR")  # a French word, a French locale: the preference wins
    assert "What I can do" in all_text(helped)
    back = await slack.reply_to("langue fr", user="UFR")
    assert "C'est noté" in all_text(back)
    wrong = await slack.reply_to("lang klingon", user="UFR")
    assert "`fr`" in all_text(wrong)


async def test_a_question_starting_like_a_subcommand_is_still_a_question(slack: SlackTestApp) -> None:
    shown = await slack.reply_to("help me handle criticism on Twitter")
    assert "What I can do" not in all_text(shown)
