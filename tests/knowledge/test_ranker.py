"""The learned ranker: fitted from example questions, stored with a fingerprint, refitted when stale."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.knowledge.loader import DEFAULT_DIR
from bot.knowledge.ranker import Ranker
from bot.knowledge.search import MODEL_FILE, SearchIndex
from bot.knowledge.training import choose_threshold, fingerprint, fit_ranker

Make = Callable[..., Path]

QUESTIONS = """\
[separate-support-account]
fr = ["les clients se plaignent sur notre compte principal, on ouvre un compte dédié ?", "un compte pour le SAV à côté du compte de la marque ?", "trop de réclamations mélangées à nos annonces, on sépare ?", "faut-il un second compte pour répondre aux clients ?"]
en = ["complaints are drowning our main handle, should support get its own?", "separate handle for customer care?", "should we split customer questions from brand news?", "a dedicated account for support requests?"]

[forget-followers]
fr = ["on a seulement 300 abonnés, c'est grave ?", "le boss veut 10 000 followers d'ici juin", "notre nombre d'abonnés stagne depuis un an", "quel objectif de followers se fixer ?"]
en = ["we only have 300 followers, is that bad?", "how many followers should we target?", "our follower count has been flat for a year", "the CEO wants a follower KPI"]

[tv-hashtag]
fr = ["on passe à la télé le mois prochain, on affiche un mot-dièse ?", "un hashtag pendant notre émission, comment faire ?", "notre série passe en prime, on anime twitter en même temps ?", "afficher un hashtag à l'écran pendant le spot ?"]
en = ["our show airs next month, should we put a hashtag on screen?", "how do we run a hashtag during a TV programme?", "live-tweeting alongside our TV series?", "hashtag in the corner of the screen during the broadcast?"]
"""
OUT_OF_SCOPE = """\
[office]
fr = ["le wifi ne marche plus en salle 3", "qui a les clés du local vélo ?", "on commande des pizzas ce midi ?", "la photocopieuse est encore en panne"]
en = ["the wifi is down in room 3", "who has the bike shed keys?", "pizza for lunch today?", "the printer is jammed again"]
"""


@pytest.fixture
def trained_kb(make_kb: Make) -> Path:
    root = make_kb()
    (root / "questions").mkdir()
    (root / "questions" / "tips.toml").write_text(QUESTIONS, encoding="utf-8")
    (root / "out_of_scope.toml").write_text(OUT_OF_SCOPE, encoding="utf-8")
    return root


def test_the_stored_model_is_up_to_date_with_the_knowledge_files() -> None:
    stored = Ranker.load(DEFAULT_DIR / MODEL_FILE)
    assert stored is not None, f"knowledge/{MODEL_FILE} is missing or unreadable: run socialtip kb train"
    assert stored.fingerprint == fingerprint(DEFAULT_DIR), (
        "the knowledge files or the scoring code changed since knowledge/ranker.json was fitted: "
        "run `socialtip kb train --dev bench/realistic/dev.toml` and commit ranker.json"
    )


def test_a_fitted_model_ranks_and_refuses(trained_kb: Path) -> None:
    kb = load_knowledge(trained_kb)
    index = SearchIndex(kb, ranker=Ranker.lexical_only())
    index.ranker = fit_ranker(index, threshold_from=None)
    assert [h.entry.id for h in index.search("support team needs its own twitter handle?").hits][:1] == [
        "separate-support-account"
    ]
    assert [h.entry.id for h in index.search("on a que 250 abonnés, on s'inquiète ?").hits][:1] == [
        "forget-followers"
    ]
    assert index.search("the printer on floor 2 is jammed").hits == []


def test_save_and_load_round_trip(trained_kb: Path, tmp_path: Path) -> None:
    index = SearchIndex(load_knowledge(trained_kb), ranker=Ranker.lexical_only())
    model = fit_ranker(index, threshold_from=None)
    path = tmp_path / MODEL_FILE
    model.save(path)
    loaded = Ranker.load(path)
    assert loaded == model
    row = [0.5] * len(model.rank.names)
    assert loaded is not None and loaded.rank.score(row) == pytest.approx(model.rank.score(row))


def test_a_model_for_other_features_is_not_loaded(tmp_path: Path) -> None:
    raw = json.loads((DEFAULT_DIR / MODEL_FILE).read_text(encoding="utf-8"))
    raw["rank"]["names"] = ["something", "else"]
    (tmp_path / MODEL_FILE).write_text(json.dumps(raw), encoding="utf-8")
    assert Ranker.load(tmp_path / MODEL_FILE) is None
    (tmp_path / MODEL_FILE).write_text("{not json", encoding="utf-8")
    assert Ranker.load(tmp_path / MODEL_FILE) is None


def test_an_edited_knowledge_base_fits_a_new_model_as_the_index_is_built(trained_kb: Path) -> None:
    kb = load_knowledge(trained_kb)
    first = SearchIndex(kb).ranker
    first.save(trained_kb / MODEL_FILE)
    assert SearchIndex(kb).ranker == first  # fresh: loaded, not refitted
    # an editor adds an example question: the stored model is stale, a new one is fitted
    edited = QUESTIONS.replace('fr = ["on a seulement', 'fr = ["on stagne à 120 abonnés", "on a seulement')
    (trained_kb / "questions" / "tips.toml").write_text(edited, encoding="utf-8")
    refitted = SearchIndex(load_knowledge(trained_kb)).ranker
    assert refitted.fingerprint == fingerprint(trained_kb) != first.fingerprint


def test_the_threshold_refuses_most_unanswerable_questions_first() -> None:
    answerable = [0.9, 0.8, 0.7, 0.6, 0.95]
    unanswerable = [0.1, 0.2, 0.05, 0.3, 0.01]
    threshold = choose_threshold(answerable, unanswerable)
    assert 0.3 < threshold < 0.6  # every unanswerable refused, no answerable one
    # overlapping: refusing 90% of unanswerable costs some answerable, never the reverse
    threshold = choose_threshold([0.9, 0.5, 0.8, 0.2], [0.6, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])
    assert sum(p < threshold for p in [0.6, *[0.1] * 9]) >= 9
