"""Any other text is a question: the best entry, cited, and up to two others as buttons."""

from __future__ import annotations

import logging
import time

from ....render.blocks import Reply
from ....render.expert import AskValue, with_ask_team
from .request import CommandRequest

logger = logging.getLogger(__name__)


async def ask(req: CommandRequest) -> Reply:
    """The best answer to ``req.args``, or an honest "I don't know" with the topics, which offers
    "Ask the team" when the workspace has an expert channel. The question is kept for the
    editors' insights once the reply is sent (its text only when refused)."""
    services = req.services
    answer = services.answer_of(req.args, req.lang, ephemeral=req.ephemeral)

    async def record() -> None:
        try:
            await services.store.record_question(
                team_id=req.team_id,
                lang=req.lang,
                entry_id=answer.entry_id,
                text=req.args if answer.refused else "",
                now=time.time(),
                keep_days=services.keep_questions_days,
            )
        except Exception:  # the person has their answer; the insights miss one question
            logger.exception("could not record a question for the insights")

    if answer.is_question:
        req.later(record)
    if answer.refused and await services.store.get_expert_channel(req.team_id):
        where = {"channel": req.channel_id, "ts": req.message_ts} if req.message_ts else {}
        return with_ask_team(answer.reply, AskValue(req.args, req.lang, **where))
    return answer.reply
