"""The search index cache: reused while nothing changes, rebuilt (and re-validated) on any edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError
from bot.knowledge.cache import load_index


def answer(index, question: str) -> list[str]:
    return [hit.entry.id for hit in index.search(question).hits]


def test_the_built_index_is_cached_and_gives_the_same_answers(real_kb_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fresh = load_index(real_kb_copy, cache_dir=cache)
    files = list(cache.glob("index-*.pickle"))
    assert len(files) == 1
    cached = load_index(real_kb_copy, cache_dir=cache)
    assert cached is not fresh
    for question in ("comment gérer un bad buzz ?", "should support have its own account?", "oreo"):
        assert answer(cached, question) == answer(fresh, question)
    assert list(cache.glob("index-*.pickle")) == files


def test_an_edited_knowledge_file_is_validated_again(real_kb_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_index(real_kb_copy, cache_dir=cache)
    cases = real_kb_copy / "entries" / "cases.toml"
    cases.write_text(
        cases.read_text(encoding="utf-8").replace('quote = "', 'quote = "Zut. ', 1), encoding="utf-8"
    )
    with pytest.raises(KnowledgeError, match=r"cases\.toml"):
        load_index(real_kb_copy, cache_dir=cache)


def test_a_damaged_cache_file_is_rebuilt(real_kb_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_index(real_kb_copy, cache_dir=cache)
    (damaged,) = cache.glob("index-*.pickle")
    damaged.write_bytes(b"not a pickle")
    assert answer(load_index(real_kb_copy, cache_dir=cache), "oreo")[0] == "oreo-super-bowl-blackout-tweet"


def test_an_unwritable_cache_directory_is_skipped(real_kb_copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    index = load_index(real_kb_copy, cache_dir=blocker / "cache")
    assert answer(index, "oreo")[0] == "oreo-super-bowl-blackout-tweet"
    assert not (blocker / "cache").exists()
