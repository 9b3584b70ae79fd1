"""No silent loss (issue #10): every path that answers a person delivers, or tells them it failed.

Each test pins one red-team case: a transient 5xx, a stalled Web API call, a failed
``response_url`` post, a failing store under a mention or a DM, a DM with a file, and
``/healthz`` while the store cannot be used.
"""

from __future__ import annotations

import asyncio
import errno
import os
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.search import SearchIndex
from bot.slack.app import create_app, web_api_session
from bot.storage import TinyDBStore
from bot.storage import tinydb_store as tinydb_module
from tests.support.slack import BOT_TOKEN, SlackStandIn, SlackTestApp, serve_app

from .helpers import all_text

QUESTION = "comment réagir aux critiques sur Twitter ?"


def mention(text: str, ts: str = "5.1") -> dict[str, object]:
    return {"type": "app_mention", "user": "U1", "text": f"<@UBOT> {text}", "ts": ts, "channel": "C1"}


def dm(text: str, **extra: object) -> dict[str, object]:
    return {
        "type": "message",
        "channel_type": "im",
        "user": "U1",
        "text": text,
        "ts": "6.1",
        "channel": "D1",
        **extra,
    }


def posted(standin: SlackStandIn) -> list[str]:
    return [m.text for m in standin.messages.values() if not m.ephemeral]


async def test_a_transient_5xx_from_chat_post_message_is_retried(slack: SlackTestApp) -> None:
    """Regression (issue #10): one 500 from chat.postMessage lost the answer."""
    slack.standin.fail("chat.postMessage", "internal_error", status=500)
    slack.standin.fail("chat.postMessage", "service_unavailable", status=503)
    assert await slack.event(mention(QUESTION)) == 200
    await slack.settle()
    calls = slack.standin.calls_to("chat.postMessage")
    assert len(calls) == 3  # two failures, then the answer
    [answer] = [m for m in slack.standin.messages.values() if m.channel == "C1"]
    assert answer.thread_ts == "5.1" and "Désolé" not in answer.text


async def test_a_stalled_web_api_call_times_out_and_the_person_gets_an_apology(
    standin: SlackStandIn, kb: KnowledgeBase, index: SearchIndex
) -> None:
    """Regression (issue #10): the timeout was not applied to the shared HTTP session (300 s)."""
    async with (
        web_api_session(timeout=1) as session,
        serve_app(
            TinyDBStore(), standin, token=BOT_TOKEN, kb=kb, index=index, session=session, api_timeout=1
        ) as slack,
    ):
        standin.delay("chat.postMessage", 30)  # Slack stalls
        assert await slack.event(mention(QUESTION)) == 200
        await standin.wait_for(lambda: "chat.postMessage" in standin.arrivals)
        standin.delay("chat.postMessage", 0)  # the app must give up on its first call within 1 s
        await asyncio.wait_for(slack.settle(), 10)
        assert any("Désolé" in text for text in posted(standin))


async def test_a_session_without_a_time_limit_is_refused(kb: KnowledgeBase, index: SearchIndex) -> None:
    async with aiohttp.ClientSession() as unbounded:
        with pytest.raises(ValueError, match="time out"):
            create_app(store=TinyDBStore(), token=BOT_TOKEN, kb=kb, index=index, session=unbounded)


async def test_a_failed_response_url_post_is_told_another_way(slack: SlackTestApp) -> None:
    """Regression (issue #10): a failed response_url post was silently dropped.

    ``/socialtip`` alone for someone whose language only Slack knows is acked first and answered
    through response_url; here response_url refuses everything (expired)."""
    slack.standin.fail("response_url", "expired_url", status=404, times=5)
    status, _, _ = await slack.command("", user="UNEW", channel="C9")
    assert status == 200
    await slack.settle()
    [told] = slack.standin.calls_to("chat.postEphemeral")
    assert told.args["user"] == "UNEW" and told.args["channel"] == "C9"
    assert "Désolé" in told.args["text"] or "Sorry" in told.args["text"]


async def test_a_click_whose_response_url_keeps_failing_is_told_another_way(slack: SlackTestApp) -> None:
    shown = await slack.reply_to(QUESTION)
    slack.standin.fail("response_url", "internal_error", status=500, times=10)
    await slack.click(shown, "socialtip_open_1")
    await slack.settle()
    assert len(slack.standin.calls_to("response_url_failed")) == 6  # answer and apology, 3 tries each
    [told] = slack.standin.calls_to("chat.postEphemeral")
    assert told.args["user"] == "U0001" and "Désolé" in told.args["text"]


@pytest.fixture
async def broken_store_app(
    tmp_path: Path, standin: SlackStandIn, kb: KnowledgeBase, index: SearchIndex
) -> AsyncIterator[tuple[SlackTestApp, Path]]:
    db = tmp_path / "socialtip.json"
    async with SlackTestApp.running(db, standin=standin, kb=kb, index=index) as slack:
        await slack.store.set_user_lang("T0001", "U0", "fr")
        db.write_text("{ corrupted")  # the store can no longer be read nor written
        yield slack, db


async def test_mentions_and_dms_are_answered_when_the_store_fails(
    broken_store_app: tuple[SlackTestApp, Path],
) -> None:
    """Regression (issue #10): mentions and DMs got nothing when the store failed."""
    slack, _ = broken_store_app
    assert await slack.event(mention(QUESTION)) == 200
    assert await slack.event(dm(QUESTION)) == 200
    await slack.settle()
    answers = {m.channel: m for m in slack.standin.messages.values() if not m.ephemeral}
    assert set(answers) == {"C1", "D1"}
    assert all("Désolé" not in m.text for m in answers.values())  # the store was not needed to answer


async def test_a_command_that_must_write_apologises_when_the_store_fails(
    broken_store_app: tuple[SlackTestApp, Path],
) -> None:
    slack, _ = broken_store_app
    shown = await slack.reply_to("lang en")
    assert "Désolé" in all_text(shown)


async def test_healthz_says_503_while_the_store_is_corrupt_or_full(
    slack: SlackTestApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression (issue #10): /healthz said OK while the store was corrupt, full or read-only."""
    monkeypatch.setattr(tinydb_module, "HEALTH_TTL_SECONDS", 0.0)

    async def health() -> tuple[int, str]:
        async with slack.session.get(slack.base_url + "/healthz") as resp:
            return resp.status, await resp.text()

    await slack.store.set_user_lang("T0001", "U1", "en")
    assert (await health())[0] == 200
    db = tmp_path / "socialtip.json"
    good = db.read_bytes()
    db.write_text("garbage")
    status, body = await health()
    assert status == 503 and "store_unavailable" in body and str(db) not in body  # no path to strangers
    db.write_bytes(good)
    assert (await health())[0] == 200

    def disk_full(target: Path, payload: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(tinydb_module, "atomic_write", disk_full)
    shown = await slack.reply_to("lang fr")  # the write fails: the person hears it did not work
    assert "Désolé" in all_text(shown)
    assert (await health())[0] == 503


async def test_a_dm_with_a_file_gets_an_answer(slack: SlackTestApp) -> None:
    """Regression (issue #10): DMs with a file attached were ignored (subtype file_share)."""
    files = [{"id": "F1", "name": "brief.pdf"}]
    assert await slack.event(dm(QUESTION, subtype="file_share", files=files)) == 200
    assert await slack.event(dm("", subtype="file_share", files=files), event_id="EvFileOnly") == 200
    await slack.settle()
    texts = posted(slack.standin)
    assert len(texts) == 2
    assert any("fichiers" in text for text in texts)  # only a file: says it cannot read files
    assert any("fichiers" not in text and "Désolé" not in text for text in texts)  # the question answered


async def test_edits_and_bot_messages_in_a_dm_are_still_ignored(slack: SlackTestApp) -> None:
    assert await slack.event(dm(QUESTION, subtype="message_changed")) == 200
    assert await slack.event(dm(QUESTION, bot_id="B9")) == 200
    await slack.settle()
    assert posted(slack.standin) == []
