"""The ``socialtip`` command line, run as a real process: output, JSON contract and exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.render.sources import byline

KB = load_knowledge()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_ask_json_contract_in_english() -> None:
    proc = run("ask", "--json", "should customer support have its own twitter handle?")
    assert proc.returncode == 0, proc.stderr
    payload = json.loads(proc.stdout)
    assert set(payload) == {"query", "lang", "results"}
    assert payload["query"] == "should customer support have its own twitter handle?"
    assert payload["lang"] == "en"
    assert 1 <= len(payload["results"]) <= 3
    scores = [r["score"] for r in payload["results"]]
    assert scores == sorted(scores, reverse=True)
    for result in payload["results"]:
        assert set(result) == {"id", "kind", "title", "text", "score", "sources"}
        entry = KB.entries[result["id"]]
        assert result["kind"] == entry.kind in {"tip", "checklist", "case"}
        assert result["title"] == entry.title("en")
        assert result["text"] == entry.text("en")
        assert isinstance(result["score"], float)
        keys = {"article", "quote", "date", "date_is_estimate", "quote_en"}
        assert result["sources"] and all(set(s) == keys for s in result["sources"])
        for source, citation in zip(result["sources"], entry.sources, strict=True):
            article = KB.sources[source["article"]]
            assert source["quote"] in " ".join(article.text.split())
            assert source["date"] == article.date and re.fullmatch(r"\d{4}(-\d\d){0,2}", source["date"])
            assert source["date_is_estimate"] is article.date_is_estimate
            assert source["quote_en"] and source["quote_en"] == citation.quote_en
    assert any("customer" in r["title"].lower() for r in payload["results"])


def test_ask_json_french_limit_and_forced_lang() -> None:
    proc = run("ask", "--json", "--limit", "1", "--lang", "en", "comment", "gérer", "un", "bad", "buzz", "?")
    payload = json.loads(proc.stdout)
    assert payload["lang"] == "en"
    assert payload["query"] == "comment gérer un bad buzz ?"
    assert len(payload["results"]) == 1
    assert payload["results"][0]["title"] == KB.entries[payload["results"][0]["id"]].title("en")


def test_ask_json_no_match_is_an_empty_list() -> None:
    proc = run("ask", "--json", "quelle est la recette des crêpes ?")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == {
        "query": "quelle est la recette des crêpes ?",
        "lang": "fr",
        "results": [],
    }


def test_ask_readable_answer_cites_its_source() -> None:
    proc = run("ask", "faut-il un compte SAV séparé sur twitter ?")
    assert proc.returncode == 0
    assert "Source :" in proc.stdout
    assert "«" in proc.stdout and "»" in proc.stdout
    flat = " ".join(proc.stdout.split())
    assert any(source.title in flat for source in KB.sources.values())


def test_ask_no_match_says_so_and_suggests_the_closest_topics() -> None:
    proc = run("ask", "which laptop should we buy for the SAV team?")
    assert proc.returncode == 0
    assert "no good answer" in proc.stdout
    (line,) = [
        line for line in proc.stdout.splitlines() if line.startswith("The topics closest to your question:")
    ]
    assert KB.topics["customer-service"].label("en") in line


def test_ask_greeting_gets_a_friendly_word_not_a_refusal() -> None:
    proc = run("ask", "merci !")
    assert proc.returncode == 0
    assert "Avec plaisir" in proc.stdout and "pas de bonne réponse" not in proc.stdout
    assert json.loads(run("ask", "--json", "hello").stdout)["results"] == []


@pytest.mark.parametrize(
    "args",
    [
        ("ask",),
        ("ask", "--limit", "0", "x"),
        ("ask", "--lang", "de", "x"),
        ("tip", "--topic", "astrologie"),
        ("nope",),
    ],
)
def test_bad_usage_exits_2_with_a_message(args: tuple[str, ...]) -> None:
    proc = run(*args)
    assert proc.returncode == 2
    assert proc.stderr.strip()
    assert "Traceback" not in proc.stderr


def test_tip_topic_checklist_case_topics() -> None:
    tip = run("tip", "--topic", "crisis", "--lang", "en")
    assert tip.returncode == 0 and "Put it into practice" in tip.stdout
    checklists = run("checklist")
    assert checklists.returncode == 0
    assert all(e.id in checklists.stdout for e in KB.of_kind("checklist"))
    one = KB.of_kind("checklist")[0]
    shown = run("checklist", one.id)
    assert shown.returncode == 0 and "1. " + one.content("fr").steps[0][:20] in shown.stdout.replace(
        "\n   ", " "
    )
    case = run("case", "oreo")
    assert case.returncode == 0 and "Oreo" in case.stdout
    unknown = run("case", "Nike")
    assert unknown.returncode == 2 and "Oreo" in unknown.stderr
    topics = run("topics", "--lang", "en")
    assert topics.returncode == 0 and all(t.en in topics.stdout for t in KB.topics.values())


def test_kb_check_reports_coverage_and_broken_files(real_kb_copy: Path) -> None:
    ok = run("--knowledge", str(real_kb_copy), "kb", "check")
    assert ok.returncode == 0
    assert "Entries per kind" in ok.stdout and "Every source is cited." in ok.stdout
    cases = real_kb_copy / "entries" / "cases.toml"
    cases.write_text(
        cases.read_text(encoding="utf-8").replace('quote = "', 'quote = "Zut. ', 1), encoding="utf-8"
    )
    broken = run("--knowledge", str(real_kb_copy), "kb", "check")
    assert broken.returncode == 1
    assert "cases.toml" in broken.stderr and "entry '" in broken.stderr


# Issue #9: the readable answer shows whole sentences, dates, translations and each step's article.


def _best(question: str, *lang: str) -> str:
    proc = run("ask", "--json", "--limit", "1", *lang, question)
    return json.loads(proc.stdout)["results"][0]["id"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_ask_shows_every_supporting_sentence_whole_with_date_and_translation(lang: str) -> None:
    """Regression (issue #9): the CLI cut quotes at 280 characters and showed no English."""
    question = "pourquoi nos abonnés Twitter ne sont pas nos clients ?"
    entry = KB.entries[_best(question, "--lang", lang)]
    proc = run("ask", "--lang", lang, question)
    assert proc.returncode == 0, proc.stderr
    flat = " ".join(proc.stdout.split())
    assert entry.title(lang) in flat
    for citation in entry.sources:
        french = f"« {citation.quote} »"
        assert french in flat
        if lang == "en":
            english = f"Translation: \u201c{citation.quote_en}\u201d"
            assert english in flat and flat.index(french) < flat.index(english)
        else:
            assert "Translation" not in flat and "Traduction" not in flat
        assert byline(KB.sources[citation.article], lang) in flat  # author and date, spelled out


def test_checklist_names_the_article_of_each_step() -> None:
    entry = KB.entries["checklist-choose-networks"]
    proc = run("checklist", "choose-networks")
    assert proc.returncode == 0, proc.stderr
    steps = re.split(r"\n(?=\d\. )", proc.stdout.split("\n\n", 2)[2].split("\n\nÀ mettre en pratique")[0])
    assert len(steps) == len(entry.content("fr").steps)
    for i, step in enumerate(steps, 1):
        titles = {KB.sources[c.article].title for c in entry.citations_for(i)}
        shown = " ".join(step.split())
        assert all(f"↳ Source : {title}" in shown for title in titles), (i, shown)


def test_estimated_dates_are_marked_in_the_byline() -> None:
    proc = run("case", "oreo")
    flat = " ".join(proc.stdout.split())
    assert (
        "Twitter : les pratiques de communication qui fonctionnent, « Notre veille », article conseil (anonyme), vers 2013"
        in flat
    )
    assert "«Vous pouvez toujours tremper votre biscuit dans l'obscurité »" in flat  # the tweet itself, whole
