"""What an answer shows of its sources in Slack (issue #9), over signed HTTP against the stand-in.

The whole supporting sentences, each article's date (estimates marked), the English rendering of
each quote in English replies, the article of each checklist step, and both sides of a disagreement.
"""

from __future__ import annotations

import pytest

from bot.knowledge import Entry, KnowledgeBase, Lang
from bot.knowledge.search import SearchIndex
from bot.render.blocks import ActionValue
from bot.render.sources import byline
from tests.support.slack import SlackTestApp

from .helpers import all_text, assert_valid, header


def _flat(message) -> str:
    return " ".join(all_text(message).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").split())


def _shows_every_citation_whole(entry: Entry, kb: KnowledgeBase, lang: Lang, text: str) -> None:
    for citation in entry.sources:
        assert f"« {citation.quote} »" in text, f"{entry.id}: not shown whole: {citation.quote[:60]!r}"
        assert byline(kb.sources[citation.article], lang) in text
        translated = f"_Translation:_ \u201c{citation.quote_en}\u201d"
        assert (translated in text) is (lang == "en"), f"{entry.id}: {citation.quote_en[:60]!r}"


@pytest.mark.parametrize(
    ("question", "lang", "user"),
    [
        ("comment gérer les critiques et les bad buzz sur Twitter ?", "fr", "UFR"),
        ("how should we handle criticism and backlash on Twitter?", "en", "UEN"),
    ],
)
async def test_an_answer_shows_every_supporting_sentence_whole_with_its_date(
    slack: SlackTestApp, index: SearchIndex, kb: KnowledgeBase, question: str, lang: Lang, user: str
) -> None:
    """Regression (issue #9): quotes were cut at 220 characters, so « solides Community Managers »,
    the Alloresto name and the Oreo tweet never showed; English readers got French only."""
    best = index.search(question, lang=lang, limit=3).hits[0].entry
    shown = await slack.reply_to(question, user=user)
    assert header(shown) == best.title(lang)
    _shows_every_citation_whole(best, kb, lang, _flat(shown))
    assert_valid(shown)


@pytest.mark.parametrize(("command", "lang"), [("liste bad buzz", "fr"), ("checklist choose networks", "en")])
async def test_a_checklist_names_the_article_of_each_step(
    slack: SlackTestApp, kb: KnowledgeBase, command: str, lang: Lang
) -> None:
    shown = await slack.reply_to(command, user="UEN" if lang == "en" else "UFR")
    entry = next(e for e in kb.of_kind("checklist") if e.title(lang) == header(shown))
    steps = {
        int(b["block_id"].split("|")[2]): b["text"]["text"]
        for b in shown.blocks
        if b["block_id"].startswith("cl|")
    }
    assert len(steps) == len(entry.content(lang).steps)
    for i, text in steps.items():
        for citation in entry.citations_for(i + 1):
            source = kb.sources[citation.article]
            assert f"↳ {source.title} ({byline(source, lang)})".replace("&", "&amp;") in text, (entry.id, i)
    _shows_every_citation_whole(entry, kb, lang, _flat(shown))
    assert_valid(shown)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("cas oreo", "«Vous pouvez toujours tremper votre biscuit dans l'obscurité »"),
        ("cas alloresto", "le compte @Alloresto, qui grâce à une ligne éditoriale second degré"),
        ("liste bad buzz", "il faut tout de même de solides Community Managers pour gérer les critiques."),
    ],
)
async def test_the_sentences_that_never_showed_now_show(
    slack: SlackTestApp, command: str, expected: str
) -> None:
    """Regression (issue #9): these sentences were past the old 220-character preview."""
    shown = await slack.reply_to(command, user="UFR")
    assert expected in _flat(shown)


@pytest.mark.parametrize(
    ("entry_id", "lang", "authors"),
    [
        (
            "twitter-followers-are-not-customers",
            "fr",
            ("Cedric Deniaud (2010)", "article anonyme (vers 2013)"),
        ),
        (
            "after-sales-service-most-coherent-use",
            "en",
            ("Cedric Deniaud (2010)", "unsigned article (c. 2013)"),
        ),
        (
            "dont-silo-social-media",
            "fr",
            ("billet de blog anonyme (vers 2010)", "article anonyme (vers 2013)"),
        ),
    ],
)
async def test_a_disagreement_entry_shows_both_authors_and_the_other_side(
    slack: SlackTestApp, kb: KnowledgeBase, entry_id: str, lang: Lang, authors: tuple[str, str]
) -> None:
    """The entry is opened from a 'See also' button, as a person would."""
    value = ActionValue(entry_id, lang, "").encode()
    button = {
        "type": "button",
        "action_id": "socialtip_open_1",
        "text": {"type": "plain_text", "text": "x"},
        "value": value,
    }
    holder = slack.standin.add_message(
        "C0001",
        {"text": "x", "blocks": [{"type": "actions", "block_id": "related", "elements": [button]}]},
        ephemeral=True,
    )
    await slack.click(holder, "socialtip_open_1", user="UEN" if lang == "en" else "UFR")
    call = await slack.standin.wait_for_call("response_url")
    entry = kb.entries[entry_id]
    assert header(call.args) == entry.title(lang)
    text = _flat(call.args)
    assert all(author in text for author in authors)
    other = kb.entries[entry.see_also[0]].title(lang)
    assert other in text  # « À lire aussi » / "Read next" names the other side
    assert_valid(call.args)
