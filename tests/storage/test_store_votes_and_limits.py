"""Votes kept once per person and answer, and input bounds: on every backend (see conftest.py)."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.storage import Store
from bot.storage.base import answer_key
from bot.storage.limits import MAX_QUESTION_CHARS, InvalidInput

from ..support.factories import subscription as sub


async def vote(store: Store, user: str = "U1", v: str = "up", **kw: object) -> str | None:
    fields: dict[str, object] = {"team_id": "T1", "user_id": user, "entry_id": "tip-a", "question": "q?"}
    fields.update(kw)
    return await store.set_vote(vote=v, **fields)  # type: ignore[arg-type]


async def test_a_persons_vote_on_an_answer_is_kept_once_and_a_new_click_changes_it(store: Store) -> None:
    assert await vote(store) is None
    assert await vote(store) == "up"
    assert await vote(store, v="down") == "up"
    assert await vote(store, user="U2") is None
    assert await vote(store, question="another question") is None
    votes = await store.list_feedback("T1")
    assert sorted((f.user_id, f.question, f.vote) for f in votes) == [
        ("U1", "another question", "up"),
        ("U1", "q?", "down"),
        ("U2", "q?", "up"),
    ]
    assert await store.list_feedback("T2") == []


async def test_the_same_question_asked_again_is_the_same_answer(store: Store) -> None:
    await vote(store, question="Comment  réagir ?")
    assert await vote(store, question="comment réagir ?", v="down") == "up"
    assert answer_key("tip-a", "Comment  réagir ?") == answer_key("tip-a", " comment réagir ? ")
    [kept] = await store.list_feedback("T1")
    assert (kept.vote, kept.answer) == ("down", answer_key("tip-a", "comment réagir ?"))


async def test_an_answer_may_be_named_by_its_message(store: Store) -> None:
    await vote(store, answer="C1:1700000000.000100")
    assert await vote(store, answer="C1:1700000000.000100", question="other words", v="down") == "up"
    assert [f.answer for f in await store.list_feedback("T1")] == ["C1:1700000000.000100"]


async def test_a_burst_of_clicks_leaves_one_vote_per_person_and_answer(store: Store) -> None:
    """Regression (issue #10): 3,000 clicks from one person were 3,000 feedback records."""
    await asyncio.gather(*(vote(store, user=f"U{n % 3}", v="up" if n % 2 else "down") for n in range(300)))
    votes = await store.list_feedback("T1")
    assert sorted(f.user_id for f in votes) == ["U0", "U1", "U2"]


async def test_votes_older_than_a_year_are_not_listed(store: Store) -> None:
    await vote(store, user="UOLD", now=time.time() - 400 * 86400)
    await vote(store, user="UNEW")
    assert [f.user_id for f in await store.list_feedback("T1")] == ["UNEW"]


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"question": "x" * 500_000}, "a 500 KB question"),
        ({"question": "x" * (MAX_QUESTION_CHARS + 1)}, "one character over Slack's limit"),
        ({"entry_id": "<!channel>"}, "markup for an entry id"),
        ({"entry_id": "e" * 65}, "an overlong entry id"),
        ({"v": "sideways"}, "not a vote"),
    ],
)
async def test_a_forged_vote_is_refused_and_nothing_is_stored(
    store: Store, fields: dict[str, object], why: str
) -> None:
    """Regression (issue #10): forged button values were stored unchecked."""
    with pytest.raises(InvalidInput):
        await vote(store, **fields)
    assert await store.list_feedback("T1") == [], why


@pytest.mark.parametrize("step", [-1, 50, 10**4000, True])
async def test_a_checklist_step_out_of_range_is_refused(store: Store, step: int) -> None:
    """Regression (issue #10): negative and 4,000-digit step numbers were stored."""
    with pytest.raises(InvalidInput):
        await store.tick_checklist_step("T1", "C1", "launch", step, True)
    assert await store.get_checklist_ticks("T1", "C1", "launch") == set()


async def test_who_did_a_reminder_is_only_ever_a_user_id(store: Store) -> None:
    """Regression (issue #10): ``<!channel>`` in a reminder value would have pinged everyone."""
    with pytest.raises(InvalidInput):
        await store.add_reminder_done("T1", "C1", "171.1", "<!channel>")
    assert await store.add_reminder_done("T1", "C1", "171.1", "U1") == ["U1"]
    assert await store.get_reminder_done("T1", "C1", "171.1") == ["U1"]


async def test_a_subscription_remembers_when_it_was_set(store: Store) -> None:
    await store.put_subscription(sub(since=1_774_850_400.0))
    got = await store.get_subscription("T1", "C1")
    assert got is not None and got.since == 1_774_850_400.0


async def test_a_refused_write_does_not_hold_up_the_others(store: Store) -> None:
    results = await asyncio.gather(
        store.tick_checklist_step("T1", "C1", "launch", 1, True),
        store.tick_checklist_step("T1", "C1", "launch", -5, True),
        store.tick_checklist_step("T1", "C1", "launch", 2, True),
        return_exceptions=True,
    )
    assert isinstance(results[1], InvalidInput)
    assert await store.get_checklist_ticks("T1", "C1", "launch") == {1, 2}


async def test_the_store_reports_itself_healthy(store: Store) -> None:
    assert await store.check_health() is None
