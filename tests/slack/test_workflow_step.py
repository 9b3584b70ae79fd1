"""The Workflow Builder step ``socialtip_tip``: ``function_executed`` completed or failed over HTTP."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.knowledge.browse import weekly_tip
from bot.render.sources import byline
from bot.slack import simulate
from bot.slack.listeners.functions.tip_step import step_outputs
from tests.support.slack import SlackTestApp

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW_TOKEN = "xwfp-workflow-token-1"


def executed(inputs: dict, execution_id: str = "Fx0001") -> dict:
    return simulate.function_executed_event(
        "socialtip_tip", inputs, execution_id=execution_id, bot_access_token=WORKFLOW_TOKEN
    )


async def test_the_step_completes_with_this_weeks_tip_of_the_topic(
    slack: SlackTestApp, kb: KnowledgeBase
) -> None:
    assert await slack.event(executed({"topic": "crisis", "language": "en"})) == 200
    call = await slack.standin.wait_for_call("functions.completeSuccess")
    assert call.token == WORKFLOW_TOKEN  # the execution's own token, not the bot token
    outputs = slack.standin.function_results["Fx0001"]["outputs"]
    week = weekly_tip(kb, topic="crisis")
    assert week is not None and "crisis" in week.topics
    assert outputs["title"] == week.title("en")
    assert outputs["practice"] == week.en.practice
    assert set(outputs) == {"title", "text", "source", "practice"}
    assert all(isinstance(v, str) and v for v in outputs.values())
    article = kb.sources[week.sources[0].article]
    assert article.title in outputs["source"]
    assert byline(article, "en") in outputs["source"]  # the date spelled out, as answers show it
    assert article.date not in outputs["source"] or len(article.date) == 4


async def test_topic_names_and_words_work_and_french_is_the_default(
    slack: SlackTestApp, kb: KnowledgeBase
) -> None:
    await slack.event(executed({"topic": "gestion de crise"}, "Fx0002"))
    await slack.event(executed({"topic": "Service client (SAV)", "language": "English"}, "Fx0003"))
    await slack.event(executed({}, "Fx0004"))
    await slack.standin.wait_for_call("functions.completeSuccess", 3)
    crisis, support, any_tip = (slack.standin.function_results[f"Fx000{i}"]["outputs"] for i in (2, 3, 4))
    assert crisis["title"] == weekly_tip(kb, topic="crisis").title("fr")  # type: ignore[union-attr]
    assert support["title"] == weekly_tip(kb, topic="customer-service").title("en")  # type: ignore[union-attr]
    assert any_tip["title"] == weekly_tip(kb).title("fr")  # type: ignore[union-attr]


async def test_an_unknown_topic_fails_the_step_naming_the_known_topics(
    slack: SlackTestApp, kb: KnowledgeBase
) -> None:
    await slack.event(executed({"topic": "cuisine <!channel>", "language": "en"}, "Fx0005"))
    call = await slack.standin.wait_for_call("functions.completeError")
    assert call.token == WORKFLOW_TOKEN
    error = slack.standin.function_results["Fx0005"]["error"]
    assert error.startswith("Unknown topic")
    for topic in kb.topics.values():
        assert topic.id in error and topic.en in error
    assert slack.standin.calls_to("functions.completeSuccess") == []


async def test_an_unknown_language_fails_the_step(slack: SlackTestApp) -> None:
    await slack.event(executed({"topic": "tv", "language": "de"}, "Fx0006"))
    await slack.standin.wait_for_call("functions.completeError")
    assert "fr" in slack.standin.function_results["Fx0006"]["error"]


async def test_a_retried_event_completes_the_step_once(slack: SlackTestApp) -> None:
    event = executed({"topic": "tv"}, "Fx0007")
    await slack.event(event, event_id="EvStep1")
    await slack.event(event, event_id="EvStep1", retry_num=1)
    await slack.standin.wait_for_call("functions.completeSuccess")
    await slack.settle()
    assert len(slack.standin.calls_to("functions.completeSuccess")) == 1
    assert slack.standin.calls_to("functions.completeError") == []


async def test_slack_refusing_the_completion_is_logged(
    slack: SlackTestApp, caplog: pytest.LogCaptureFixture
) -> None:
    slack.standin.fail("functions.completeSuccess", "invalid_auth")
    await slack.event(executed({"topic": "tv"}, "Fx0008"))
    await slack.standin.wait_for_call("functions.completeSuccess")
    await slack.settle()
    assert "invalid_auth" in caplog.text and "Traceback" not in caplog.text


def test_the_tip_rotates_every_week_within_its_topic(kb: KnowledgeBase) -> None:
    monday = dt.date(2026, 11, 23)
    weeks = [
        step_outputs(kb, {"topic": "hashtags"}, monday + dt.timedelta(weeks=n))["title"] for n in range(6)
    ]
    assert len(set(weeks)) > 1
    assert (
        step_outputs(kb, {"topic": "hashtags"}, monday)["title"]
        == step_outputs(kb, {"topic": "hashtags"}, monday + dt.timedelta(days=6))["title"]
    )
    hashtag_titles = {e.title("fr") for e in kb.of_kind("tip") if "hashtags" in e.topics}
    assert set(weeks) <= hashtag_titles


def test_the_manifest_declares_the_step_as_slack_and_bolt_document_it() -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text())
    step = manifest["functions"]["socialtip_tip"]
    assert step["title"] and step["description"]
    inputs, outputs = step["input_parameters"], step["output_parameters"]
    assert set(inputs) == {"topic", "language"}
    assert all(p["type"] == "string" and p["title"] and p["is_required"] is False for p in inputs.values())
    assert set(outputs) == {"title", "text", "source", "practice"}
    assert all(p["type"] == "string" and p["title"] and p["is_required"] is True for p in outputs.values())
    assert "function_executed" in manifest["settings"]["event_subscriptions"]["bot_events"]
    assert manifest["settings"]["org_deploy_enabled"] is True
