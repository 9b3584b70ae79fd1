""" "Ask the team" and "Answer": a question goes to the expert channel, an expert opens the answer modal.

"Ask the team" posts the question to the workspace's expert channel, saying who asks and linking
to the conversation when it is in a channel (a DM or an ephemeral reply has no link the experts
could open). The posted question has an "Answer" button, which opens the modal of
``listeners/views/expert_answer.py``. socialtip reads no channel history for any of this.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ....messages import t
from ....render.expert import AskValue, ExpertValue, answer_modal, expert_question
from ...services import Services
from .common import Click, apologise, click_lang, refuse

logger = logging.getLogger(__name__)


async def _permalink(client: AsyncWebClient, channel: str, ts: str) -> str:
    """A link to the message experts can open: only for channels (not DMs), '' when Slack gives none."""
    if not ts or not channel.startswith(("C", "G")):
        return ""
    try:
        resp = await client.chat_getPermalink(channel=channel, message_ts=ts)
    except SlackApiError as exc:
        logger.info("no permalink for the question: %s", exc.response.get("error"))
        return ""
    return str(resp.get("permalink") or "")


async def ask_team(
    services: Services, click: Click, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Post the question to the expert channel, then tell the asker where it went."""
    lang = await click_lang(services, click, "fr")
    try:
        value = AskValue.decode(click.action.get("value") or "")
    except ValueError as exc:
        await refuse(respond, lang, click, client, exc)
        return
    try:
        lang = await click_lang(services, click, value.lang)
        channel = await services.store.get_expert_channel(click.team_id)
        if not channel:
            await respond(response_type="ephemeral", replace_original=False, text=t("expert_none", lang))
            return
        # The conversation: the message the answer was in (a 👎), else the one clicked (a refusal).
        where, ts = (value.channel, value.ts) if value.ts else ("", "")
        if not ts and not click.ephemeral:
            where, ts = click.channel_id, click.message_ts or ""
        entry = services.kb.entries.get(value.entry_id) if value.entry_id else None
        title = entry.title(value.lang) if entry is not None else ""
        question = value.question or title
        post = expert_question(
            click.user_id,
            value,
            answer_title=title,
            permalink=await _permalink(client, where, ts),
            answer_value=ExpertValue(click.user_id, question, value.lang).encode(),
        )
        try:
            await client.chat_postMessage(channel=channel, **post.as_message())
        except SlackApiError as exc:
            error = str(exc.response.get("error"))
            logger.warning("could not post a question to the expert channel: %s", error)
            text = t("expert_post_failed", lang, channel=channel, error=error)
            await respond(response_type="ephemeral", replace_original=False, text=text)
            return
        await respond(
            response_type="ephemeral", replace_original=False, text=t("expert_sent", lang, channel=channel)
        )
    except Exception:
        logger.exception("asking the team failed")
        await apologise(respond, lang, click=click, client=client, what="asking the team")


async def expert_answer(
    services: Services, click: Click, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Open the answer modal for the question clicked (its thread rides in the modal's metadata)."""
    lang = await click_lang(services, click, "fr")
    try:
        value = ExpertValue.decode(click.action.get("value") or "")
    except ValueError as exc:
        await refuse(respond, lang, click, client, exc)
        return
    try:
        where = ExpertValue(value.asker, value.question, value.lang, click.channel_id, click.message_ts or "")
        await client.views_open(trigger_id=body["trigger_id"], view=answer_modal(where))
    except Exception:
        logger.exception("opening the answer modal failed")
        await apologise(respond, lang, click=click, client=client, what="opening the answer modal")
