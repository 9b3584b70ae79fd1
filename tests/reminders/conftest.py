"""Fixtures for the reminder tests: the Web API stand-in, the knowledge base, a store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase, load_knowledge
from bot.reminders.client import make_client
from bot.reminders.deliver import ClientFactory
from bot.storage import TinyDBStore

from .standin import ReminderStandIn


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture
async def standin() -> AsyncIterator[ReminderStandIn]:
    server = ReminderStandIn(team_id="T1")
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def factory(standin: ReminderStandIn) -> ClientFactory:
    """One client per workspace, pointed at the stand-in, with a fast 5xx backoff."""
    clients = {
        team: make_client(f"xoxb-{team}", base_url=standin.api_url, backoff_factor=0.01)
        for team in ("T1", "T2")
    }
    return clients.get


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[TinyDBStore]:
    s = TinyDBStore(tmp_path / "db.json")
    yield s
    await s.close()
