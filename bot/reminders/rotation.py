"""Which entry a channel gets next: every eligible entry once before any comes back.

Pure: the caller reads the channel's ``seen`` list from the store, calls :func:`next_entry`
and writes the returned list back. Entries added to the knowledge base join the current
rotation; ids no longer in it are dropped from ``seen``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from ..knowledge import Entry, KnowledgeBase, Lang


def eligible_entries(kb: KnowledgeBase, lang: Lang) -> list[Entry]:
    """Entries worth a "practice of the week": any kind, with a concrete practice in ``lang``."""
    return [entry for entry in kb.entries.values() if entry.content(lang).practice.strip()]


def next_entry(
    candidates: Sequence[str],
    seen: Sequence[str],
    rng: random.Random | None = None,
    *,
    exclude: str | None = None,
) -> tuple[str, list[str]]:
    """Pick an unseen id among ``candidates``; returns it and the updated ``seen`` list.

    When everything has been seen, a new round starts (never with the entry just shown, when
    there is a choice). ``exclude`` is an id not to pick now if possible (e.g. the entry on
    screen when someone asks for "Another one").

    Raises:
        ValueError: ``candidates`` is empty.
    """
    if not candidates:
        raise ValueError("no entry to pick from")
    rng = rng or random.Random()
    known = set(candidates)
    kept = [entry_id for entry_id in seen if entry_id in known]
    unseen = [entry_id for entry_id in candidates if entry_id not in set(kept)]
    if not unseen:
        last = kept[-1] if kept else None
        kept = []
        unseen = [entry_id for entry_id in candidates if entry_id != last] or list(candidates)
    choices = [entry_id for entry_id in unseen if entry_id != exclude] or unseen
    picked = rng.choice(choices)
    return picked, [*kept, picked]
