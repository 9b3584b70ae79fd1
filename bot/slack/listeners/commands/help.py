"""``/socialtip help|aide``: every sub-command with an example."""

from __future__ import annotations

from ....render.blocks import Reply, help_reply
from .request import CommandRequest


async def show_help(req: CommandRequest) -> Reply:
    """The help in the reply's language."""
    from .table import help_lines  # the table imports this module

    return help_reply(help_lines(req.lang), req.lang)
