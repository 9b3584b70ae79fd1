"""👍 / 👎 on an answer (Slack's feedback buttons): one vote per person and answer (a new click
replaces it), then a thank-you.

The vote is kept with the entry, the question, the answer's language and where it was shown
(``command``: an ephemeral reply to /socialtip; ``dm``: a DM or the Messages tab; ``mention``: a
channel). A 👎 offers "Ask the team" when the workspace has an expert channel.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from ....knowledge import Lang
from ....messages import t
from ....render.blocks import FEEDBACK, FEEDBACK_UP, ActionValue, Reply
from ....render.expert import AskValue, feedback_thanks
from ....storage.base import answer_key
from ...delivery import SEND_ERRORS
from ...services import Services
from .common import BadButton, Click, apologise, click_lang, find_entry, refuse

logger = logging.getLogger(__name__)


def click_surface(click: Click) -> str:
    """Where the answer clicked was shown."""
    if click.ephemeral:
        return "command"
    return "dm" if click.in_dm else "mention"


async def feedback(
    services: Services, click: Click, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    """Store the vote, then thank the person (only they see it).

    Clicks by one person on one answer are coalesced: while one is being stored, later ones
    wait and only the last is stored next, so a burst of clicks costs a few writes and the vote
    kept is the last one clicked. Clicking the vote already stored changes nothing and says
    nothing new (the first thank-you stands)."""
    lang = await click_lang(services, click, "fr")
    try:
        value = click.value()
        lang = await click_lang(services, click, value.lang)
        if find_entry(services, value.entry_id) is None:
            raise BadButton(f"unknown entry {value.entry_id!r}")
        # Slack's feedback_buttons carry the vote in their value; the older hand-made buttons in their id.
        action_id = click.action.get("action_id")
        if action_id == FEEDBACK and not value.vote:
            raise BadButton("a feedback button value without its vote")
        vote = value.vote or ("up" if action_id == FEEDBACK_UP else "down")
    except BadButton as exc:
        await refuse(respond, lang, click, client, exc)
        return
    answer = answer_key(value.entry_id, value.question)

    async def store_and_thank() -> None:
        try:
            previous = await services.store.set_vote(
                team_id=click.team_id,
                user_id=click.user_id,
                entry_id=value.entry_id,
                question=value.question,
                vote=vote,
                answer=answer,
                lang=value.lang,
                surface=click_surface(click),
            )
        except Exception:
            logger.exception("storing a vote failed")
            await apologise(respond, lang, click=click, client=client, what="storing a vote")
            return
        if previous == vote:
            logger.debug("the same vote again: already stored and thanked")
            return
        text = t("feedback_thanks" if previous is None else "feedback_changed", lang)
        try:
            thanks = await _thanks(services, click, value, vote, lang, text)
            await respond(response_type="ephemeral", replace_original=False, **thanks.as_message())
        except SEND_ERRORS as exc:  # the vote is stored; only the thank-you is lost
            logger.warning("vote stored, but the thank-you could not be sent: %s", exc)

    await services.latest.submit(("vote", click.team_id, click.user_id, answer), store_and_thank)


async def _thanks(
    services: Services, click: Click, value: ActionValue, vote: str, lang: Lang, text: str
) -> Reply:
    """The thank-you; after a 👎, with "Ask the team" when the workspace has an expert channel."""
    if vote == "down" and await services.store.get_expert_channel(click.team_id):
        where = {} if click.ephemeral else {"channel": click.channel_id, "ts": click.message_ts or ""}
        return feedback_thanks(lang, AskValue(value.question, lang, value.entry_id, **where), text=text)
    return feedback_thanks(lang, text=text)
