"""Fixtures shared by every test package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge.loader import DEFAULT_DIR


@pytest.fixture
def real_kb_copy(tmp_path: Path) -> Path:
    """A copy of the repository's knowledge directory, safe to break."""
    target = tmp_path / "real-knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    return target
