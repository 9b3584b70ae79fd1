"""The stem cache stays small whatever people type (issue #10)."""

from __future__ import annotations

from bot.knowledge import text


def test_long_distinct_words_never_fill_the_stem_cache() -> None:
    """Regression (issue #10): the cache grew to about 210 MB on distinct long words."""
    before = text._cached_stem.cache_info().currsize
    junk = [f"{n:06d}" + "x" * 3000 for n in range(2000)]  # 2,000 distinct 3,000-character "words"
    stems = [text.stem(word, "fr") for word in junk]
    assert len(set(stems)) == len(junk)  # still stemmed, each one
    assert text._cached_stem.cache_info().currsize == before  # none of them kept
    assert text.stem("critiques", "fr") == text.stem("critique", "fr")


def test_the_cache_holds_at_most_65536_short_words() -> None:
    assert text._cached_stem.cache_info().maxsize == 65536
    assert text.MAX_CACHED_WORD == 40
