"""Wire the reminders to the configuration: the client factory, one run, the serve loop."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from ..config import Settings
from ..knowledge import KnowledgeBase, load_knowledge
from ..storage import Store, open_store
from .client import make_client
from .deliver import ClientFactory, run_due
from .installed import installed_client_factory
from .loop import ReminderLoop

logger = logging.getLogger(__name__)


def client_factory(settings: Settings, store: Store | None = None) -> ClientFactory:
    """The Web API client of each workspace.

    Single-workspace mode: the bot token's client for every workspace (there is one).
    Multi-workspace mode (``settings.oauth``, with ``store``): each workspace's client carries
    the bot token of its installation in ``store`` (:mod:`bot.reminders.installed`).

    Raises:
        ConfigError: single-workspace mode and ``SLACK_BOT_TOKEN`` is not set.
    """
    if settings.oauth and store is not None:
        return installed_client_factory(store, base_url=settings.api_url)
    settings.require("SLACK_BOT_TOKEN")
    client = make_client(settings.bot_token or "", base_url=settings.api_url)
    return lambda team_id: client


async def run_due_once(
    settings: Settings, now: datetime, *, kb: KnowledgeBase | None = None
) -> dict[str, int]:
    """``socialtip reminders run-due``: open the store, deliver what is due at ``now``, close."""
    kb = kb or load_knowledge()
    store = open_store(settings.store_location)
    try:
        factory = client_factory(settings, store)
        return await run_due(store, kb, factory, now, **_lease(settings))
    finally:
        await store.close()


def start_reminder_loop(store: Store, settings: Settings, *, kb: KnowledgeBase | None = None) -> ReminderLoop:
    """Start the in-process scheduler of ``socialtip serve``; ``await loop.stop()`` on shutdown."""
    has_tokens = bool(settings.bot_token) or settings.oauth
    loop = ReminderLoop(
        store,
        kb or load_knowledge(),
        client_factory(settings, store) if has_tokens else _no_client,
        **({"interval": settings.reminder_interval} if settings.reminder_interval else {}),
        **_lease(settings),
    )
    if has_tokens:
        loop.start()
    else:
        logger.warning("SLACK_BOT_TOKEN is not set: weekly reminders will not be sent")
    return loop


def _lease(settings: Settings) -> dict[str, timedelta]:
    """``lease=`` for run_due when ``SOCIALTIP_REMINDER_LEASE`` overrides the default (tests)."""
    return {"lease": timedelta(seconds=settings.reminder_lease)} if settings.reminder_lease else {}


def _no_client(team_id: str) -> None:
    return None
