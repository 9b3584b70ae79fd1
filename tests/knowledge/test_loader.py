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


# Dates, translations, checklist steps, see_also and overviews (issue #9).

from .conftest import SOURCES  # noqa: E402


def test_sources_carry_their_date_and_whether_it_is_an_estimate(make_kb: Make) -> None:
    kb = load_knowledge(make_kb())
    assert (kb.sources["test-article"].date, kb.sources["test-article"].date_is_estimate) == (
        "2011-02-22",
        False,
    )
    assert (kb.sources["test-blog"].date, kb.sources["test-blog"].date_is_estimate) == ("2013", True)
    assert kb.sources["test-blog"].byline == "Blog (anonyme), c. 2013"


@pytest.mark.parametrize("date", ['date = "22/02/2011"', 'date = "2011-13"', "date = 2011", ""])
def test_a_source_without_a_valid_date_is_refused(make_kb: Make, date: str) -> None:
    root = make_kb(sources=SOURCES.replace('date = "2011-02-22"', date))
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    assert info.value.entry_id == "test-article"
    assert "needs a 'date'" in info.value.problem


def test_date_is_estimate_must_be_a_boolean(make_kb: Make) -> None:
    root = make_kb(sources=SOURCES.replace("date_is_estimate = true", 'date_is_estimate = "yes"'))
    with pytest.raises(KnowledgeError, match="'date_is_estimate' must be true or false"):
        load_knowledge(root)


def test_citations_keep_their_english_rendering_and_step(make_kb: Make) -> None:
    kb = load_knowledge(make_kb())
    checklist = kb.entries["tv-hashtag"]
    assert [c.step for c in checklist.sources] == [1, 2]
    assert checklist.citations_for(2)[0].article == "test-blog"
    assert checklist.sources[0].quote_en.startswith("Television remains")
    assert kb.findings == ()


def test_a_step_out_of_range_is_refused(make_kb: Make) -> None:
    err = _broken(make_kb, "step = 2", "step = 3")
    assert err.entry_id == "tv-hashtag"
    assert "'step' must be a number from 1 to 2" in err.problem


def test_a_step_on_a_tip_is_refused(make_kb: Make) -> None:
    old = 'quote_en = "The best practice here: open a customer-service account independent of the official account."'
    err = _broken(make_kb, old, old + "\nstep = 1")
    assert err.entry_id == "separate-support-account"
    assert "'step' is for checklists only" in err.problem


def test_the_same_passage_twice_in_one_entry_is_refused(make_kb: Make) -> None:
    blog = 'article = "test-blog"\nquote = "Affichez le hashtag à l’écran pendant toute l’émission, pas seulement au début."'
    again = 'article = "test-article"\nquote = "La télévision reste un très bon moyen de lancer un hashtag pendant une émission."'
    err = _broken(make_kb, blog, again)
    assert err.entry_id == "tv-hashtag"
    assert "the same passage is cited twice" in err.problem


def test_see_also_must_name_another_known_entry(make_kb: Make) -> None:
    err = _broken(make_kb, 'topics = ["followers"]', 'topics = ["followers"]\nsee_also = ["no-such-entry"]')
    assert err.entry_id == "forget-followers"
    assert "see_also names an unknown entry 'no-such-entry'" in err.problem
    err = _broken(
        make_kb, 'topics = ["followers"]', 'topics = ["followers"]\nsee_also = ["forget-followers"]'
    )
    assert "see_also names the entry itself" in err.problem
    kb = load_knowledge(
        make_kb(
            entries=ENTRIES.replace(
                'topics = ["followers"]', 'topics = ["followers"]\nsee_also = ["tv-hashtag"]'
            )
        )
    )
    assert kb.entries["forget-followers"].see_also == ("tv-hashtag",)


OVERVIEW = """
[[entry]]
id = "overview-test-article"
kind = "tip"
overview = true
topics = ["followers"]
[entry.fr]
title = "L'article de test en bref"
body = "Sa thèse : le nombre d'abonnés ne dit rien."
why = "Parce que."
points = ["Oubliez le nombre d'abonnés.", "Ouvrez un compte SAV séparé."]
practice = "Cette semaine, relisez l'article."
[entry.en]
title = "The test article in brief"
body = "Its thesis: the follower count says nothing."
why = "Because."
points = ["Forget the follower count.", "Open a separate support account."]
practice = "This week, reread the article."
[[entry.sources]]
article = "test-article"
quote = "Oubliez le nombre de followers et ne le suivez plus serait déjà une première approche."
quote_en = "Forgetting the number of followers would already be a first approach."
point = 1
[[entry.sources]]
article = "test-article"
quote = "La best practice dans le domaine : ouvrir un compte SAV indépendant du compte officiel."
quote_en = "The best practice here: open a customer-service account independent of the official account."
point = 2
"""


def test_an_overview_is_a_tip_with_key_points_each_cited(make_kb: Make) -> None:
    kb = load_knowledge(make_kb(entries=ENTRIES + OVERVIEW))
    overview = kb.entries["overview-test-article"]
    assert overview.kind == "tip" and overview.overview
    assert overview.content("en").points == ("Forget the follower count.", "Open a separate support account.")
    assert "- Forget the follower count." in overview.text("en")
    assert [c.step for c in overview.sources] == [1, 2]
    assert not kb.entries["forget-followers"].overview


def test_overview_points_must_match_across_languages(make_kb: Make) -> None:
    root = make_kb(entries=ENTRIES + OVERVIEW.replace('"Open a separate support account."]', "]"))
    with pytest.raises(KnowledgeError, match="fr has 2 points but en has 1"):
        load_knowledge(root)


def test_points_belong_to_overviews_only(make_kb: Make) -> None:
    root = make_kb(entries=ENTRIES + OVERVIEW.replace("overview = true\n", ""))
    with pytest.raises(KnowledgeError, match="only an overview entry"):
        load_knowledge(root)


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        (
            "La best practice dans le domaine : ouvrir un compte SAV indépendant du compte officiel.",
            "La best practice dans le domaine : ouvrir un compte SAV indépendant du compte officiel. "
            "Les marques l’ont bien compris.",
            "sentences",
        ),
        (
            'quote_en = "Forgetting the number of followers and no longer tracking it would already be a first approach."\n',
            "",
            "quote_en",
        ),
        (
            'body = "Arrêtez de suivre le nombre de followers."',
            'body = "Arrêtez désormais de suivre les followers."',
            "time_word",
        ),
        ("step = 2", "", "step"),
        ("ouvrir un compte SAV indépendant du compte officiel.", "ouvrir un compte SAV", "end"),
    ],
)
def test_content_rules_are_errors_naming_file_entry_and_problem(
    make_kb: Make, old: str, new: str, rule: str
) -> None:
    """Regression (issue #9): quotes of several sentences, quotes without an English rendering,
    dated claims without their year and uncited checklist steps used to load silently."""
    assert old in ENTRIES
    root = make_kb(entries=ENTRIES.replace(old, new, 1))
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    assert info.value.path.endswith("entries/tips.toml")
    assert info.value.entry_id in {"separate-support-account", "forget-followers", "tv-hashtag"}
    assert RULE_WORDS[rule] in info.value.problem
    findings = load_knowledge(root, strict=False).findings
    assert [f.rule for f in findings] == [rule]


RULE_WORDS = {
    "sentences": "quote holds 2 sentences",
    "quote_en": "no quote_en",
    "time_word": "uses a time word without a year (désormais)",
    "step": "step(s) 2 cited by no citation",
    "end": "quote stops mid-sentence",
}


def test_the_error_lists_every_broken_rule_at_once(make_kb: Make) -> None:
    entries = ENTRIES.replace("Arrêtez de suivre", "Arrêtez désormais de suivre").replace("step = 2\n", "")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(make_kb(entries=entries))
    message = str(info.value)
    assert "1 more problem(s):" in message
    assert "entry 'forget-followers': 'fr.body' uses a time word" in message
    assert "entry 'tv-hashtag': step(s) 2 cited by no citation" in message


def test_two_tips_citing_the_same_passage_are_refused(make_kb: Make) -> None:
    """Regression (issue #9): near-duplicate entries showed the same quote twice in one answer."""
    same = 'article = "test-article"\nquote = "La best practice dans le domaine : ouvrir un compte SAV indépendant du compte officiel."'
    entries = ENTRIES.replace(
        'article = "test-article"\nquote = "Oubliez le nombre de followers et ne le suivez plus serait déjà une première approche."',
        same,
    )
    with pytest.raises(KnowledgeError, match="cites the same passage as 'separate-support-account'"):
        load_knowledge(make_kb(entries=entries))
