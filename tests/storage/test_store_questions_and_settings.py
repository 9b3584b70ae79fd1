"""Questions kept for the insights, the expert channel, votes' language and surface: every backend."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.storage import Store, TinyDBStore
from bot.storage.base import QUESTION_TEXT_CHARS
from bot.storage.limits import InvalidInput
from bot.storage.questionlog import questions_path

DAY = 86400.0


async def ask(
    store: Store,
    team: str = "T1",
    entry: str | None = None,
    text: str = "",
    at: float | None = None,
    keep: int = 90,
) -> None:
    now = time.time() if at is None else at
    await store.record_question(team_id=team, lang="fr", entry_id=entry, text=text, now=now, keep_days=keep)


async def test_questions_are_kept_with_their_entry_and_only_refusals_with_their_words(store: Store) -> None:
    await ask(store, entry="tip-a", text="how about tip a")
    await ask(store, text="recette de la tarte tatin ?")
    await ask(store, team="T2", text="other workspace?")
    kept = await store.list_questions("T1")
    assert [(q.entry_id, q.text, q.lang) for q in kept] == [
        ("tip-a", "", "fr"),
        (None, "recette de la tarte tatin ?", "fr"),
    ]
    assert [q.team_id for q in await store.list_questions()] == ["T1", "T1", "T2"]
    assert await store.list_questions("T1", since=time.time() + 60) == []


async def test_a_long_refused_question_is_kept_on_its_first_characters(store: Store) -> None:
    await ask(store, text="x" * 5000)
    [kept] = await store.list_questions("T1")
    assert len(kept.text) == QUESTION_TEXT_CHARS


async def test_questions_past_their_retention_are_pruned(store: Store) -> None:
    now = time.time()
    await ask(store, text="very old?", at=now - 40 * DAY, keep=30)
    await ask(store, text="recent?", at=now - 2 * DAY, keep=30)
    await ask(store, text="today?", at=now, keep=30)
    texts = [q.text for q in await store.list_questions("T1")]
    assert "very old?" not in texts and texts[-2:] == ["recent?", "today?"]


async def test_uninstalling_deletes_a_workspaces_questions_and_settings(store: Store) -> None:
    await ask(store, text="gone?")
    await ask(store, team="T2", text="kept?")
    await store.set_expert_channel("T1", "CEXP")
    await store.set_expert_channel("T2", "CEXP2")
    await store.delete_team("T1")
    assert await store.list_questions("T1") == []
    assert [q.text for q in await store.list_questions()] == ["kept?"]
    assert await store.get_expert_channel("T1") is None
    assert await store.get_expert_channel("T2") == "CEXP2"


async def test_the_expert_channel_is_set_changed_and_removed(store: Store) -> None:
    assert await store.get_expert_channel("T1") is None
    await store.set_expert_channel("T1", "CEXP")
    await store.set_expert_channel("T1", "GPRIV")
    assert await store.get_expert_channel("T1") == "GPRIV"
    await store.set_expert_channel("T1", None)
    assert await store.get_expert_channel("T1") is None
    with pytest.raises(InvalidInput):
        await store.set_expert_channel("T1", "<!channel>")


async def test_a_vote_keeps_the_answers_language_and_surface(store: Store) -> None:
    await store.set_vote(
        team_id="T1", user_id="U1", entry_id="tip-a", question="q?", vote="up", lang="en", surface="dm"
    )
    await store.set_vote(
        team_id="T1", user_id="U1", entry_id="tip-a", question="q?", vote="down", lang="en", surface="dm"
    )
    await store.set_vote(team_id="T2", user_id="U1", entry_id="tip-a", question="q?", vote="up")
    [kept] = await store.list_feedback("T1")
    assert (kept.vote, kept.lang, kept.surface) == ("down", "en", "dm")
    assert {f.team_id for f in await store.list_feedback()} == {"T1", "T2"}
    with pytest.raises(InvalidInput):
        await store.set_vote(
            team_id="T1", user_id="U1", entry_id="tip-a", question="q?", vote="up", surface="<!here>"
        )


@pytest.mark.parametrize(
    ("field", "value"), [("team_id", "<!channel>"), ("entry_id", "x" * 500), ("lang", "de")]
)
async def test_a_forged_question_is_refused_and_not_kept(store: Store, field: str, value: str) -> None:
    fields = {
        "team_id": "T1",
        "lang": "fr",
        "entry_id": "tip-a",
        "text": "",
        "now": time.time(),
        "keep_days": 90,
    }
    fields[field] = value
    with pytest.raises(InvalidInput):
        await store.record_question(**fields)  # type: ignore[arg-type]
    assert await store.list_questions() == []


async def test_tinydb_keeps_questions_beside_the_file_and_another_store_sees_them(tmp_path: Path) -> None:
    """The database file stays small however many questions are asked (they have their own log)."""
    db = tmp_path / "db.json"
    writer, reader = TinyDBStore(db), TinyDBStore(db)
    for n in range(200):
        await ask(writer, text=f"question {n} " + "x" * 200)
    assert not db.exists() or db.stat().st_size < 2000
    assert questions_path(db).stat().st_size > 200 * 200
    assert len(await reader.list_questions("T1")) == 200
    await writer.close()
    await reader.close()
    reopened = TinyDBStore(db)
    assert len(await reopened.list_questions()) == 200
    await reopened.close()
