"""Search: informal, misspelt, unaccented, English or Slack-formatted questions find the right entry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.knowledge.lang import detect_lang
from bot.knowledge.search import SearchIndex
from bot.knowledge.text import fold

Make = Callable[..., Path]
SYNONYMS = '[groups]\ncustomer-service = ["sav", "service client", "customer support", "support"]\n'


@pytest.fixture
def index(make_kb: Make) -> SearchIndex:
    return SearchIndex(load_knowledge(make_kb(synonyms=SYNONYMS)))


def ids(index: SearchIndex, question: str, **kwargs) -> list[str]:
    return [hit.entry.id for hit in index.search(question, **kwargs).hits]


def test_french_question_finds_entry_and_answers_in_french(index: SearchIndex) -> None:
    result = index.search("faut-il un compte SAV à part ?")
    assert result.lang == "fr"
    assert result.hits[0].entry.id == "separate-support-account"


def test_english_question_through_synonyms(index: SearchIndex) -> None:
    result = index.search("should customer support have its own account?")
    assert result.lang == "en"
    assert result.hits[0].entry.id == "separate-support-account"


def test_missing_accents_and_capitals(index: SearchIndex) -> None:
    assert ids(index, "HASHTAG PENDANT UNE EMISSION DE TELEVISION")[0] == "tv-hashtag"


def test_typos(index: SearchIndex) -> None:
    assert ids(index, "combien de folowers faut il ?")[0] == "forget-followers"
    assert ids(index, "hashtga pendant l'émision télé")[0] == "tv-hashtag"


def test_slack_markup_is_ignored(index: SearchIndex) -> None:
    question = "<@U123ABC> *compte* _SAV_ séparé ? :thinking_face: <#C0123|marketing>"
    assert ids(index, question)[0] == "separate-support-account"


def test_no_content_word_returns_nothing(index: SearchIndex) -> None:
    assert ids(index, "") == []
    assert ids(index, "<@U123ABC> :wave:") == []


def test_limit_zero_returns_nothing(index: SearchIndex) -> None:
    assert ids(index, "compte SAV séparé", limit=0) == []


def test_lang_can_be_forced(index: SearchIndex) -> None:
    result = index.search("compte SAV séparé", lang="en")
    assert result.lang == "en"
    assert result.hits[0].entry.title("en") == "Open a separate customer-service account"


def test_limit_and_order(index: SearchIndex) -> None:
    result = index.search("compte abonnés hashtag télévision", limit=2)
    assert len(result.hits) <= 2
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("notre compte a 300 abonnés c'est grave ?", "fr"),
        ("should customer support have its own handle?", "en"),
        ("exemple de marque qui a réagi en direct pendant un match", "fr"),
        ("how do we handle a bad buzz", "en"),
        ("comment gerer un bad buzz", "fr"),
        ("hashtag TV", None),
    ],
)
def test_language_detection(text: str, lang: str | None) -> None:
    assert detect_lang(text) == lang


# Properties of the real knowledge base and its trained ranker (knowledge/ranker.json).
REAL = SearchIndex(load_knowledge())


@pytest.mark.parametrize(
    "question",
    [
        "quelle est la recette des crêpes ?",
        "what's the weather like in Paris tomorrow?",
        "le wifi de la salle de réunion ne marche plus",
        # one word in common with an entry is not an answer (regressions: "capital" of Peru /
        # capital sympathie, "laptop charger" matched through "SAV" and its synonym, "match")
        "what is the capital of Peru?",
        "which laptop for the SAV team?",
        "qui a gagné le match hier soir ?",
    ],
)
def test_questions_the_articles_do_not_answer_get_no_answer(question: str) -> None:
    result = REAL.search(question)
    assert result.hits == [], [h.entry.id for h in result.hits]


def test_a_refusal_suggests_the_topics_closest_to_the_question() -> None:
    result = REAL.search("which laptop for the SAV team?")
    assert result.hits == []
    topics = result.near_topics()
    assert "customer-service" in [topic for topic, _ in topics]
    assert 1 <= len(topics) <= 3
    assert all(topic in entry.topics for topic, entry in topics)


@pytest.mark.parametrize(
    ("name", "entry_id"), [("oreo", "oreo-super-bowl-blackout-tweet"), ("GAP", "gap-logo-backlash")]
)
def test_a_brand_name_alone_finds_its_case(name: str, entry_id: str) -> None:
    assert [h.entry.id for h in REAL.search(name).hits][:1] == [entry_id]


@pytest.mark.parametrize("entry", list(REAL.kb.entries.values()), ids=lambda e: e.id)
def test_every_entry_is_found_by_its_title_in_both_languages_even_unaccented(entry) -> None:
    for lang in ("fr", "en"):
        title = entry.title(lang)
        for question in (title, fold(title)):
            found = [hit.entry.id for hit in REAL.search(question, limit=3).hits]
            assert entry.id in found, f"{lang} title {question!r} -> {found}"
