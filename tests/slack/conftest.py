"""Fixtures for the Slack tests: the real knowledge base, and the app served over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase, load_knowledge
from bot.knowledge.search import SearchIndex
from tests.support.slack import SlackStandIn, SlackTestApp


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def index(kb: KnowledgeBase) -> SearchIndex:
    return SearchIndex(kb)


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    server = SlackStandIn(locales={"UEN": "en-US", "UFR": "fr-FR"})
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def slack(
    tmp_path: Path, standin: SlackStandIn, kb: KnowledgeBase, index: SearchIndex
) -> AsyncIterator[SlackTestApp]:
    async with SlackTestApp.running(tmp_path / "socialtip.json", standin=standin, kb=kb, index=index) as app:
        yield app
