"""The repository's knowledge base: complete, bilingual, every quote verbatim in its article."""

from __future__ import annotations

import re

import pytest

from bot.knowledge import KINDS, LANGS, load_knowledge
from bot.knowledge.coverage import coverage
from bot.knowledge.quotes import MAX_QUOTE_CHARS, quote_problems

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
