"""Any other text is a question: the best entry, cited, and up to two others as buttons."""

from __future__ import annotations

from ....render.blocks import Reply, entry_reply, no_answer_reply
from .request import CommandRequest

MAX_QUESTION_CHARS = 1000
"""Longer questions are searched on their first 1,000 characters."""


async def ask(req: CommandRequest) -> Reply:
    """The best answer to ``req.args``, or an honest "I don't know" with the topics."""
    kb = req.services.kb
    result = req.services.index.search(req.args[:MAX_QUESTION_CHARS], lang=req.lang, limit=3)
    if not result.hits:
        return no_answer_reply(req.args, kb, req.lang)
    best, *others = [hit.entry for hit in result.hits]
    return entry_reply(best, kb, req.lang, question=req.args, related=others[:2], ephemeral=req.ephemeral)
