"""Validation of knowledge files: every problem names the file, the entry and what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load_knowledge

from .conftest import ENTRIES

Make = Callable[..., Path]


def test_valid_directory_loads_every_entry(make_kb: Make) -> None:
    kb = load_knowledge(make_kb())
    assert sorted(kb.entries) == ["forget-followers", "separate-support-account", "tv-hashtag"]
    entry = kb.entries["tv-hashtag"]
    assert entry.kind == "checklist"
    assert entry.content("en").steps == ("Pick a short hashtag.", "Show it during the programme.")
    assert kb.sources["test-article"].byline == "Jeanne Test, 2011-02-22"


def _broken(make_kb: Make, old: str, new: str, count: int = 1) -> KnowledgeError:
    assert old in ENTRIES
    root = make_kb(entries=ENTRIES.replace(old, new, count))
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    return info.value


def test_missing_field_names_file_entry_and_field(make_kb: Make) -> None:
    err = _broken(make_kb, "why = \"Customers' requests do not drown the brand's account.\"\n", "")
    assert err.path.endswith("entries/tips.toml")
    assert err.entry_id == "separate-support-account"
    assert "missing field 'en.why'" in str(err)
    assert str(err).startswith(err.path)


def test_missing_language_is_reported(make_kb: Make) -> None:
    err = _broken(make_kb, '[entry.en]\ntitle = "Forget your follower count"', '[entry.de]\ntitle = "x"')
    assert err.entry_id == "forget-followers"
    assert "unknown field" in err.problem or "missing language 'en'" in err.problem


def test_unknown_kind(make_kb: Make) -> None:
    err = _broken(make_kb, 'kind = "checklist"', 'kind = "recipe"')
    assert err.entry_id == "tv-hashtag"
    assert "unknown kind 'recipe'" in err.problem


def test_unknown_topic(make_kb: Make) -> None:
    err = _broken(make_kb, 'topics = ["followers"]', 'topics = ["growth-hacking"]')
    assert err.entry_id == "forget-followers"
    assert "unknown topic 'growth-hacking'" in err.problem


def test_quote_not_in_source(make_kb: Make) -> None:
    err = _broken(make_kb, "ne le suivez plus", "ne le comptez plus")
    assert err.entry_id == "forget-followers"
    assert "quote not found verbatim in source 'test-article'" in err.problem


def test_quote_differing_only_in_whitespace_is_accepted(make_kb: Make) -> None:
    root = make_kb(entries=ENTRIES.replace("compte SAV indépendant", "compte   SAV\\n indépendant"))
    kb = load_knowledge(root)
    assert "compte SAV indépendant" in kb.entries["separate-support-account"].sources[0].quote


def test_typographic_apostrophe_must_match(make_kb: Make) -> None:
    """The source writes l’ont with a typographic apostrophe: a straight one is not the same quote."""
    old = "Oubliez le nombre de followers et ne le suivez plus serait déjà une première approche."
    err = _broken(make_kb, old, "La best practice dans le domaine. Les marques l'ont bien compris.")
    assert err.entry_id == "forget-followers"
    assert "quote not found verbatim" in err.problem


def test_unknown_source_article(make_kb: Make) -> None:
    err = _broken(make_kb, 'article = "test-article"', 'article = "le-monde"')
    assert "unknown source article 'le-monde'" in err.problem


def test_duplicate_id(make_kb: Make) -> None:
    err = _broken(make_kb, 'id = "forget-followers"', 'id = "separate-support-account"')
    assert err.entry_id == "separate-support-account"
    assert "duplicate id" in err.problem


def test_checklist_steps_must_match_across_languages(make_kb: Make) -> None:
    err = _broken(
        make_kb,
        'steps = ["Pick a short hashtag.", "Show it during the programme."]',
        'steps = ["Pick a short hashtag.", "Show it.", "Count."]',
    )
    assert err.entry_id == "tv-hashtag"
    assert "fr has 2 steps but en has 3" in err.problem


def test_invalid_toml_names_the_file(make_kb: Make) -> None:
    root = make_kb(entries='[[entry]]\nid = "oops\n')
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    assert info.value.path.endswith("tips.toml")
    assert "not valid TOML" in str(info.value)


def test_missing_source_text(make_kb: Make) -> None:
    root = make_kb()
    (root / "sources" / "test-article.txt").unlink()
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    assert info.value.path.endswith("sources.toml")
    assert info.value.entry_id == "test-article"


def test_source_needs_author_or_publisher(make_kb: Make) -> None:
    root = make_kb(sources='[[source]]\nid = "test-article"\ntitle = "T"\nlang = "fr"\nseed = "x.txt"\n')
    with pytest.raises(KnowledgeError, match="author' or a 'publisher"):
        load_knowledge(root)


def test_no_entry_files(make_kb: Make) -> None:
    root = make_kb()
    (root / "entries" / "tips.toml").unlink()
    with pytest.raises(KnowledgeError, match="no entry files"):
        load_knowledge(root)
