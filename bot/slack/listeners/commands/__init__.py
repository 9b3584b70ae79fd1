"""The ``/socialtip`` slash command and its sub-command table (``table.SUBCOMMANDS``)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from .slash import socialtip_command


def register(app: AsyncApp) -> None:
    """Wire the slash command."""
    app.command("/socialtip")(socialtip_command)
