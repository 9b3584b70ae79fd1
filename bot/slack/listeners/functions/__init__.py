"""Workflow Builder steps (``function_executed`` events): ``socialtip_tip``."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from .tip_step import CALLBACK_ID, socialtip_tip


def register(app: AsyncApp) -> None:
    """Wire the custom steps declared in ``manifest.json`` (``functions``)."""
    app.function(CALLBACK_ID)(socialtip_tip)
