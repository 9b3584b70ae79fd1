"""How answers show their sources (issue #9): whole quotes, dates, translations, steps' articles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase, load_knowledge
from bot.render.blocks import entry_reply, limit_problems
from bot.render.sources import format_date
from bot.render.text import render_entry_text
from tests.knowledge.conftest import ENTRIES

Make = Callable[..., Path]
LONG = (
    "Une phrase qui prouve ce que dit la fiche et qui est longue, très longue, bien plus longue que "
    "l’aperçu que Slack montrait autrefois, car elle énumère des marques, des réseaux, des chiffres, des "
    "exemples et des nuances avant d’arriver enfin, tout au bout, au mot qui compte vraiment : la preuve."
)


def _slack_text(reply_message: dict) -> str:
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text"):
                out.append(str(node.get("text", "")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(reply_message["blocks"])
    return "\n".join(out).replace("&amp;", "&")


@pytest.fixture
def kb(make_kb: Make) -> KnowledgeBase:
    root = make_kb()
    (root / "sources" / "test-blog.txt").write_text(
        "Un billet de blog.\n\nAffichez le hashtag à l’écran pendant toute l’émission, pas seulement au début. "
        f"{LONG}\n",
        encoding="utf-8",
    )
    entries = ENTRIES.replace(
        'quote_en = "Show the hashtag on screen for the whole programme, not just at the start."\nstep = 2',
        'quote_en = "Show the hashtag on screen for the whole programme, not just at the start."\nstep = 2\n\n'
        f'[[entry.sources]]\narticle = "test-blog"\nquote = "{LONG}"\nquote_en = "A long sentence that proves it."\nstep = 2',
    )
    (root / "entries" / "tips.toml").write_text(entries, encoding="utf-8")
    return load_knowledge(root)


def test_dates_are_spelled_out_and_estimates_marked(kb: KnowledgeBase) -> None:
    assert format_date(kb.sources["test-article"], "fr") == "22 février 2011"
    assert format_date(kb.sources["test-article"], "en") == "22 February 2011"
    assert format_date(kb.sources["test-blog"], "fr") == "vers 2013"
    assert format_date(kb.sources["test-blog"], "en") == "c. 2013"


def test_cli_text_shows_whole_quotes_dates_and_each_steps_article(kb: KnowledgeBase) -> None:
    text = " ".join(render_entry_text(kb.entries["tv-hashtag"], kb, "fr").split())
    assert f"« {LONG} » (étape 2)" in text  # whole, never cut before « la preuve »
    assert "Un article de test, Jeanne Test, 22 février 2011" in text
    assert "Un blog de test, Blog (anonyme), vers 2013" in text
    step1, step2 = text.split("1. ", 1)[1].split("2. ", 1)
    assert "↳ Source : Un article de test (Jeanne Test, 22 février 2011)" in step1
    assert "↳ Source : Un blog de test (Blog (anonyme), vers 2013)" in step2
    assert "Traduction" not in text


def test_cli_text_in_english_shows_the_translation_under_the_french(kb: KnowledgeBase) -> None:
    text = " ".join(render_entry_text(kb.entries["separate-support-account"], kb, "en").split())
    french = "« La best practice dans le domaine : ouvrir un compte SAV indépendant du compte officiel. »"
    english = "Translation: \u201cThe best practice here: open a customer-service account"
    assert french in text and english in text
    assert text.index(french) < text.index(english)
    assert "Un article de test, Jeanne Test, 22 February 2011" in text


def test_slack_reply_shows_whole_quotes_translations_dates_and_steps_articles(kb: KnowledgeBase) -> None:
    message = entry_reply(kb.entries["tv-hashtag"], kb, "en").as_message()
    assert limit_problems(message) == []
    text = _slack_text(message)
    assert f"« {LONG} »" in text
    assert "_Translation:_ \u201cA long sentence that proves it.\u201d" in text
    assert "— Blog (anonyme), c. 2013" in text
    steps = {
        b["block_id"].split("|")[2]: b["text"]["text"]
        for b in message["blocks"]
        if b["block_id"].startswith("cl|")
    }
    assert "↳ Un article de test (Jeanne Test, 22 February 2011)" in steps["0"]
    assert "↳ Un blog de test (Blog (anonyme), c. 2013)" in steps["1"]


def test_slack_reply_shows_every_quote_of_a_heavily_cited_entry_within_limits(make_kb: Make) -> None:
    """Thirty 380-character quotes with their translations overflow one context element: all still show."""
    sentences = [f"Phrase numéro {i:02d} : " + "x" * 350 + "." for i in range(30)]
    root = make_kb()
    blog = root / "sources" / "test-blog.txt"
    blog.write_text(blog.read_text(encoding="utf-8") + " ".join(sentences), encoding="utf-8")
    citations = "".join(
        f'\n[[entry.sources]]\narticle = "test-blog"\nquote = "{s}"\nquote_en = "Sentence {i:02d}: {"y" * 350}."\n'
        for i, s in enumerate(sentences)
    )
    entries = ENTRIES.replace(
        '\n[[entry]]\nid = "forget-followers"', citations + '\n[[entry]]\nid = "forget-followers"', 1
    )
    (root / "entries" / "tips.toml").write_text(entries, encoding="utf-8")
    kb = load_knowledge(root)
    message = entry_reply(kb.entries["separate-support-account"], kb, "en").as_message()
    assert limit_problems(message) == []
    text = _slack_text(message)
    assert all(s in text for s in sentences)
    assert all(f"Sentence {i:02d}: " in text for i in range(30))
