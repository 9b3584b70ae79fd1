"""Fixtures for the storage tests: every behaviour test runs against memory and a real file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import TinyDBStore


@pytest.fixture(params=["memory", "file"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[TinyDBStore]:
    s = TinyDBStore(None if request.param == "memory" else tmp_path / "db.json")
    yield s
    await s.close()
