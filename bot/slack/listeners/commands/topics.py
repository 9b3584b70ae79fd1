"""``/socialtip topics|sujets``: the topics socialtip knows."""

from __future__ import annotations

from ....render.blocks import Reply, topics_reply
from .request import CommandRequest


async def topics(req: CommandRequest) -> Reply:
    """The topics with their number of entries and how to ask about one."""
    return topics_reply(req.services.kb, req.lang)
