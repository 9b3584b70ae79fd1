"""Insights for editors over signed HTTP: questions kept by the app, the CLI report, the Home tab."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.search import SearchIndex
from bot.render.blocks import FEEDBACK
from bot.storage.tinydb_store import TinyDBStore
from tests.support.slack import BOT_TOKEN, SlackStandIn, SlackTestApp, serve_app

from .helpers import all_text, assert_blocks_valid

REFUSED = "quelle est la recette de la tarte tatin ?"


@pytest.fixture
async def app_with_editors(
    tmp_path: Path, standin: SlackStandIn, kb: KnowledgeBase, index: SearchIndex
) -> AsyncIterator[SlackTestApp]:
    store = TinyDBStore(tmp_path / "socialtip.json")
    async with serve_app(store, standin, token=BOT_TOKEN, kb=kb, index=index, editors={"UEDITOR"}) as slack:
        yield slack


async def ask_some(slack: SlackTestApp) -> str:
    """Two refusals (same question, other wording), one answer rated 👎; returns the answer's entry id."""
    await slack.reply_to(REFUSED, user="UFR")
    await slack.reply_to("Quelle est la recette de la TARTE Tatin", user="UEN")
    answer = await slack.reply_to("comment gérer un bad buzz ?", user="UFR")
    await slack.click(answer, FEEDBACK, user="UFR", vote="down")
    await slack.settle()
    feedback = next(b for b in answer.blocks if b.get("block_id") == "feedback")
    return json.loads(feedback["elements"][0]["positive_button"]["value"])["e"]


async def test_refused_questions_are_kept_with_their_text_answered_ones_without(slack: SlackTestApp) -> None:
    entry_id = await ask_some(slack)
    kept = await slack.store.list_questions("T0001")
    assert [(q.entry_id, q.lang) for q in kept] == [(None, "fr"), (None, "fr"), (entry_id, "fr")]
    assert kept[0].text == REFUSED and kept[2].text == ""  # only refusals keep their words
    assert all(abs(q.at - time.time()) < 60 for q in kept)


async def test_the_cli_reports_what_the_app_kept(slack: SlackTestApp, tmp_path: Path) -> None:
    entry_id = await ask_some(slack)
    env = {**os.environ, "SOCIALTIP_DB": str(tmp_path / "socialtip.json")}
    env.pop("DATABASE_URL", None)

    def insights(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "insights", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )

    proc = insights("--json", "--team", "T0001", "--since", "7")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert set(report) == {"since", "questions", "answered", "refused", "unanswered", "entries"}
    assert (report["questions"], report["answered"], report["refused"]) == (3, 1, 2)
    (group,) = report["unanswered"]
    assert group["count"] == 2 and group["lang"] == "fr" and "tarte" in group["text"].lower()
    assert report["entries"] == [{"id": entry_id, "answered": 1, "up": 0, "down": 1}]

    other = insights("--json", "--team", "T9999")
    assert other.returncode == 0 and json.loads(other.stdout)["questions"] == 0
    text = insights("--lang", "en")
    assert text.returncode == 0 and "2 × " in text.stdout and entry_id in text.stdout
    assert insights("--since", "0").returncode == 2


def test_the_cli_on_an_empty_store_exits_0_with_empty_lists(tmp_path: Path) -> None:
    env = {**os.environ, "SOCIALTIP_DB": str(tmp_path / "new.json")}
    env.pop("DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "insights", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["unanswered"] == [] and report["entries"] == [] and report["questions"] == 0


async def test_admins_see_the_insights_on_home_others_do_not(app_with_editors: SlackTestApp) -> None:
    slack = app_with_editors
    await ask_some(slack)
    slack.standin.admins.add("UADMIN")
    slack.standin.owners.add("UOWNER")
    for user in ("UADMIN", "UOWNER", "UEDITOR", "UFR"):
        await slack.event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"})
    await slack.standin.wait_for_call("views.publish", 4)
    for user in ("UADMIN", "UOWNER", "UEDITOR"):
        view = slack.standin.views[user]
        assert_blocks_valid(view["blocks"])
        text = all_text({"blocks": view["blocks"]})
        assert "tarte" in text.lower() and "2 × " in text, user
        assert "Insights" in text, user
        assert len(view["blocks"]) <= 100
    assert "insights_title" not in {b.get("block_id") for b in slack.standin.views["UFR"]["blocks"]}
    assert "tarte" not in all_text({"blocks": slack.standin.views["UFR"]["blocks"]}).lower()
    assert "Insights" not in all_text({"blocks": slack.standin.views["UFR"]["blocks"]})
    roles = [c for c in slack.standin.calls_to("users.info") if not c.args.get("include_locale")]
    assert {c.args["user"] for c in roles} == {"UADMIN", "UOWNER", "UFR"}  # UEDITOR is listed: no lookup


async def test_a_failing_role_lookup_hides_the_insights(app_with_editors: SlackTestApp) -> None:
    slack = app_with_editors
    slack.standin.admins.add("UADMIN")
    slack.standin.fail("users.info", "ratelimited", times=3)
    await slack.event({"type": "app_home_opened", "user": "UADMIN", "channel": "DADMIN", "tab": "home"})
    await slack.standin.wait_for_call("views.publish")
    assert "insights_title" not in {b.get("block_id") for b in slack.standin.views["UADMIN"]["blocks"]}


async def test_old_questions_are_pruned_and_uninstalling_deletes_them(tmp_path: Path) -> None:
    store = TinyDBStore(tmp_path / "db.json")
    now = time.time()
    await store.record_question(
        team_id="T1", lang="fr", entry_id=None, text="vieux ?", now=now - 100 * 86400, keep_days=90
    )
    await store.record_question(team_id="T1", lang="fr", entry_id="e", now=now, keep_days=90)
    await store.record_question(team_id="T2", lang="en", entry_id=None, text="other?", now=now, keep_days=90)
    assert [q.entry_id for q in await store.list_questions("T1")] == ["e"]
    await store.delete_team("T1")
    assert await store.list_questions("T1") == []
    assert [q.text for q in await store.list_questions()] == ["other?"]
    await store.close()
