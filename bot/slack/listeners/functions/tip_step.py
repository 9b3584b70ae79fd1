"""The Workflow Builder step ``socialtip_tip``: a tip of a topic, rotated as the weekly practice is.

Declared in ``manifest.json`` (``functions.socialtip_tip``). Inputs: ``topic`` (optional: a topic
id, a topic's name or a word of it, e.g. ``crisis``, ``bad buzz``, ``SAV``) and ``language``
(optional: ``fr`` or ``en``, default ``fr``). Outputs: ``title``, ``text``, ``source`` (the article
and its date) and ``practice``, all strings. A team can then build "every Monday, post a tip about
crisis handling in #marketing" in Workflow Builder with no code. An unknown topic or language
fails the step with a message naming what is known.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from slack_bolt.context.complete.async_complete import AsyncComplete
from slack_bolt.context.fail.async_fail import AsyncFail
from slack_sdk.errors import SlackApiError

from ....knowledge import KnowledgeBase, Lang
from ....knowledge.browse import find_topic, weekly_tip
from ....knowledge.text import fold, words
from ....messages import t
from ....render.sources import byline
from ...services import Services, get_services

logger = logging.getLogger(__name__)

CALLBACK_ID = "socialtip_tip"
_LANGS: dict[str, Lang] = {
    "fr": "fr",
    "fr-fr": "fr",
    "francais": "fr",
    "french": "fr",
    "en": "en",
    "en-us": "en",
    "en-gb": "en",
    "english": "en",
    "anglais": "en",
}


class StepError(ValueError):
    """Bad step input: the message (already in the step's language) is shown in the workflow's activity."""


def step_lang(value: Any) -> Lang:
    """``fr`` (also when empty), ``en``, or their names in French or English; StepError otherwise."""
    text = str(value or "").strip()
    if not text:
        return "fr"
    lang = _LANGS.get(fold(text))
    if lang is None:
        raise StepError(
            t("step_bad_language", "fr", language=text[:50])
            + " / "
            + t("step_bad_language", "en", language=text[:50])
        )
    return lang


def step_topic(kb: KnowledgeBase, value: Any, lang: Lang) -> str | None:
    """The topic id ``value`` names (None when empty): an id, a name, or a keyword of a topic."""
    text = str(value or "").strip()
    if not text:
        return None
    topic = find_topic(kb, text)
    if topic is not None:
        return topic
    said = f" {' '.join(words(text))} "
    for candidate in kb.topics.values():
        for keyword in candidate.keywords:
            phrase = " ".join(words(keyword))
            if phrase and f" {phrase} " in said:
                return candidate.id
    known = ", ".join(f"{topic.id} ({topic.label(lang)})" for topic in kb.topics.values())
    raise StepError(t("step_unknown_topic", lang, topic=text[:100], topics=known))


def step_outputs(kb: KnowledgeBase, inputs: dict[str, Any], today: dt.date | None = None) -> dict[str, str]:
    """The step's outputs for ``inputs``: this week's tip of the topic, in the language asked."""
    lang = step_lang(inputs.get("language"))
    topic = step_topic(kb, inputs.get("topic"), lang)
    entry = weekly_tip(kb, today, topic=topic)
    if entry is None:
        raise StepError(t("step_no_tip", lang))
    content = entry.content(lang)
    source = ""
    for citation in entry.sources:
        article = kb.sources.get(citation.article)
        if article is not None:  # the date spelled out as answers show it (« vers 2013 », "October 2010")
            source = f"{article.title} — {byline(article, lang)}"
            break
    return {"title": content.title, "text": entry.text(lang), "source": source, "practice": content.practice}


async def _run(
    services: Services, event_id: str | None, inputs: dict[str, Any], complete: AsyncComplete, fail: AsyncFail
) -> None:
    if event_id and not await services.store.claim_event(event_id):
        logger.info("step event %s already handled (a Slack retry)", event_id)
        return
    try:
        try:
            outputs = step_outputs(services.kb, inputs)
        except StepError as exc:
            await fail(error=str(exc))
            return
        except Exception:
            logger.exception("the %s step failed", CALLBACK_ID)
            await fail(error=t("step_failed", "fr") + " / " + t("step_failed", "en"))
            return
        await complete(outputs=outputs)
    except SlackApiError as exc:
        logger.error("could not complete the %s step: %s", CALLBACK_ID, exc.response.get("error"))


async def socialtip_tip(
    body: dict[str, Any],
    inputs: dict[str, Any] | None,
    complete: AsyncComplete,
    fail: AsyncFail,
    context: Any,
) -> None:
    """Bolt acks the ``function_executed`` event; the step completes (or fails) in the background."""
    services = get_services(context)
    work = _run(services, body.get("event_id"), dict(inputs or {}), complete, fail)
    services.tasks.spawn(work, name="workflow-step")
