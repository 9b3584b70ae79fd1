"""Fixtures for the storage tests: every behaviour test runs against every backend.

``store`` is TinyDB in memory, TinyDB on a real file and PostgreSQL (a fresh database per test
on the server of ``SOCIALTIP_TEST_DATABASE_URL``; skipped with the reason when it is unset,
failed when ``CI=true``). A test added to this folder that takes ``store`` runs on all three.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import Store, TinyDBStore, connect_store

from ..support.postgres import fresh_database, server_url

BACKENDS = ["memory", "file", "postgres"]


@pytest.fixture(params=BACKENDS)
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    if request.param == "postgres":
        async with fresh_database(server_url()) as url:
            s = await connect_store(url)
            yield s
            await s.close()
        return
    s = TinyDBStore(None if request.param == "memory" else tmp_path / "db.json")
    yield s
    await s.close()
