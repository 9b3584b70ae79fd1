"""Rotation: every entry once per channel before any repeats."""

from __future__ import annotations

import itertools
import random

import pytest

from bot.reminders.rotation import next_entry

IDS = [f"e{n}" for n in range(7)]


def test_no_repeat_until_all_seen_then_a_new_round() -> None:
    rng = random.Random(1)
    seen: list[str] = []
    shown: list[str] = []
    for _ in range(len(IDS) * 3):
        picked, seen = next_entry(IDS, seen, rng)
        shown.append(picked)
    for start in range(0, len(shown), len(IDS)):
        assert sorted(shown[start : start + len(IDS)]) == sorted(IDS)
    assert all(a != b for a, b in itertools.pairwise(shown))  # never twice in a row


def test_new_entries_join_and_removed_ones_are_forgotten() -> None:
    picked, seen = next_entry(["a", "b", "new"], ["a", "b", "gone"])
    assert picked == "new" and seen == ["a", "b", "new"]


def test_exclude_the_entry_on_screen() -> None:
    for seed in range(20):
        picked, _ = next_entry(["a", "b", "c"], [], random.Random(seed), exclude="a")
        assert picked != "a"


def test_empty_knowledge_base() -> None:
    with pytest.raises(ValueError):
        next_entry([], [])
