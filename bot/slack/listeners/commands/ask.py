"""Any other text is a question: the best entry, cited, and up to two others as buttons."""

from __future__ import annotations

from ....render.blocks import Reply
from .request import CommandRequest


async def ask(req: CommandRequest) -> Reply:
    """The best answer to ``req.args``, or an honest "I don't know" with the topics."""
    return req.services.answer(req.args, req.lang, ephemeral=req.ephemeral)
