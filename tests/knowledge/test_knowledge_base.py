"""The repository's knowledge base: complete, bilingual, every quote verbatim in its article."""

from __future__ import annotations

import re

import pytest

from bot.knowledge import KINDS, LANGS, load_knowledge
from bot.knowledge.coverage import coverage
from bot.knowledge.quotes import MAX_QUOTE_CHARS, quote_problems, undated_time_words

KB = load_knowledge()
ENTRIES = list(KB.entries.values())


def test_every_kind_and_every_source_is_covered() -> None:
    cov = coverage(KB)
    assert cov.uncited_sources == []
    assert cov.per_kind["tip"] >= 30
    assert cov.per_kind["checklist"] >= 6
    assert cov.per_kind["case"] >= 6
    assert set(cov.per_kind) == set(KINDS)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_entry_quotes_are_verbatim_single_sentences_with_a_translation(entry) -> None:
    """Each quote is in its article word for word (whitespace aside) and is one whole sentence, or one
    of the three cuts knowledge/README.md allows, at most 400 characters, with its English rendering."""
    for citation in entry.sources:
        text = KB.sources[citation.article].text
        pattern = r"\s+".join(re.escape(word) for word in citation.quote.split())
        assert re.search(pattern, text), (
            f"{entry.id}: quote not in {citation.article}: {citation.quote[:60]!r}"
        )
        assert quote_problems(citation.quote, text) == [], f"{entry.id}: {citation.quote[:60]!r}"
        assert len(citation.quote) <= MAX_QUOTE_CHARS
        assert citation.quote_en.strip(), f"{entry.id}: no quote_en for {citation.quote[:60]!r}"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_entry_has_both_languages_complete(entry) -> None:
    fr, en = entry.content("fr"), entry.content("en")
    for lang in LANGS:
        c = entry.content(lang)
        assert c.title and c.body and c.practice
    assert fr.title != en.title or fr.title == entry.brand
    assert len(fr.steps) == len(en.steps)
    # English text is not French left untranslated, and the other way round.
    unquoted_en = re.sub(r'"[^"]*"|«[^»]*»', "", en.body)
    assert not re.search(r"\b(les|des|une|avec|pour)\b", unquoted_en)
    assert not re.search(r"\b(the|with|and)\b", fr.body)


def test_cases_name_their_brand_and_network() -> None:
    brands = {e.brand.lower() for e in KB.of_kind("case")}
    assert {"sncf", "best buy", "oreo", "gap", "dell", "alloresto"} <= brands
    assert all(e.network for e in KB.of_kind("case"))


# Issue #9: dated, visibly sourced, reconciled, readable in English.

ESTIMATED = {"atelier-hashtag-tv", "pratiques-twitter", "hype-et-realite"}  # the pages give no date


def test_every_source_has_a_date_and_estimates_are_marked() -> None:
    for source in KB.sources.values():
        assert re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", source.date), source.id
        assert source.date_is_estimate is (source.id in ESTIMATED), source.id
        assert "2009" < source.date[:4] < "2014", source.id
    # The estimates are explained where they are made.
    comments = (KB.root / "sources.toml").read_text(encoding="utf-8")
    assert "Super Bowl" in comments and "Fan Pages" in comments and "top blog marketing" in comments


def _texts(entry) -> list[tuple[str, str]]:
    out = []
    for lang in LANGS:
        c = entry.content(lang)
        for key in ("title", "body", "why", "practice", "outcome", "lesson"):
            out.append((f"{lang}.{key}", getattr(c, key)))
        out += [(f"{lang}.steps", s) for s in c.steps] + [(f"{lang}.points", p) for p in c.points]
    return out


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_no_entry_states_a_dated_claim_without_its_year(entry) -> None:
    """Regression (issue #9): « en France, le hashtag est encore peu utilisé » read as current in 2025."""
    for where, text in _texts(entry):
        assert undated_time_words(text) == [], f"{entry.id} {where}: {text[:80]!r}"


@pytest.mark.parametrize("entry", KB.of_kind("checklist"), ids=lambda e: e.id)
def test_every_checklist_step_rests_on_a_citation(entry) -> None:
    for step in range(1, len(entry.content("fr").steps) + 1):
        assert entry.citations_for(step), f"{entry.id}: step {step} has no citation"


def test_no_two_tips_or_cases_cite_the_same_passage() -> None:
    """Regression (issue #9): Dell x3, GAP x2, SNCF x2 and Oreo x3 showed one quote several times."""
    owner: dict[str, str] = {}
    for entry in ENTRIES:
        if entry.kind == "checklist" or entry.overview:
            continue
        for citation in entry.sources:
            assert citation.quote not in owner, f"{entry.id} and {owner.get(citation.quote)}"
            owner[citation.quote] = entry.id
    assert (
        "understand-usages-and-experiment" not in KB.entries
    )  # merged into dont-copy-dell-find-your-own-way


def test_one_overview_per_article_with_cited_key_points() -> None:
    overviews = {e.id: e for e in ENTRIES if e.overview}
    assert set(overviews) == {f"overview-{sid}" for sid in KB.sources}
    for sid in KB.sources:
        entry = overviews[f"overview-{sid}"]
        assert entry.kind == "tip"
        assert {c.article for c in entry.sources} == {sid}
        points = entry.content("fr").points
        assert len(points) >= 4 and len(points) == len(entry.content("en").points)
        assert all(entry.citations_for(n) for n in range(1, len(points) + 1)), entry.id


# The four disagreements of issue #9: each side names the other author and date, and links to it.
DISAGREEMENTS = [
    ("twitter-followers-are-not-customers", "twitter-proximity-builds-loyalty"),
    ("serve-customers-who-reach-out", "after-sales-service-most-coherent-use"),
    ("enter-the-conversation", "choose-your-twitter-style-stay-reactive"),
    ("dont-silo-social-media", "solid-community-managers-for-criticism"),
]
AUTHOR = {
    "deniaud-marques-echouent-twitter": {"fr": "Cedric Deniaud (2010)", "en": "Cedric Deniaud (2010)"},
    "pratiques-twitter": {"fr": "article anonyme (vers 2013)", "en": "unsigned article (c. 2013)"},
    "hype-et-realite": {"fr": "billet de blog anonyme (vers 2010)", "en": "unsigned blog post (c. 2010)"},
}


@pytest.mark.parametrize("pair", DISAGREEMENTS, ids=lambda p: p[0])
def test_a_disagreement_is_stated_on_both_sides_with_authors_and_dates(pair: tuple[str, str]) -> None:
    for this, other in (pair, pair[::-1]):
        entry, opposite = KB.entries[this], KB.entries[other]
        assert other in entry.see_also
        for lang in LANGS:
            text = entry.text(lang)
            for side in (entry, opposite):
                assert AUTHOR[side.sources[0].article][lang] in text, f"{this} ({lang})"
