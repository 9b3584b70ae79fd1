"""Pick and find entries by name: a tip to show, a checklist or a brand case asked for by name."""

from __future__ import annotations

import datetime as dt
import random

from .loader import KnowledgeBase
from .models import LANGS, Entry
from .text import content_words, fold


def pick_tip(
    kb: KnowledgeBase,
    *,
    topic: str | None = None,
    exclude: str | None = None,
    rng: random.Random | None = None,
) -> Entry:
    """A random tip (of ``topic`` if given), never ``exclude`` unless it is the only one.

    Raises:
        KeyError: ``topic`` is not a known topic id.
    """
    if topic is not None and topic not in kb.topics:
        raise KeyError(topic)
    tips = [e for e in kb.of_kind("tip") if topic is None or topic in e.topics]
    if not tips:
        tips = kb.of_kind("tip")
    choices = [e for e in tips if e.id != exclude] or tips
    return (rng or random).choice(choices)


def weekly_tip(kb: KnowledgeBase, today: dt.date | None = None, *, topic: str | None = None) -> Entry | None:
    """The tip of the week (of ``topic`` if given): the same all ISO week long, another one the
    next week. The Home tab's "practice of the week" and the Workflow Builder step use it.

    Raises:
        KeyError: ``topic`` is not a known topic id.
    """
    if topic is not None and topic not in kb.topics:
        raise KeyError(topic)
    tips = sorted(kb.of_kind("tip"), key=lambda e: e.id)
    if topic is not None:
        tips = [e for e in tips if topic in e.topics] or tips
    if not tips:
        return None
    year, week, _ = (today or dt.date.today()).isocalendar()
    return tips[(year * 53 + week) % len(tips)]


def find_topic(kb: KnowledgeBase, name: str) -> str | None:
    """The topic id for an id or a label in either language, accents and case ignored."""
    wanted = fold(name.strip())
    for topic in kb.topics.values():
        if wanted in {fold(topic.id), fold(topic.fr), fold(topic.en)}:
            return topic.id
    for topic in kb.topics.values():
        if wanted and (wanted in fold(topic.fr) or wanted in fold(topic.en)):
            return topic.id
    return None


def _name_words(entry: Entry) -> set[str]:
    found = set(content_words(entry.id.replace("-", " ")))
    for lang in LANGS:
        found.update(content_words(entry.title(lang)))
    return found


def find_checklist(kb: KnowledgeBase, name: str) -> Entry | None:
    """The checklist named by its id or by words of its title (French or English)."""
    checklists = kb.of_kind("checklist")
    wanted = fold(name.strip())
    for entry in checklists:
        if wanted in {entry.id, entry.id.removeprefix("checklist-")}:
            return entry
    query = set(content_words(name)) - {"checklist", "liste", "check"}
    if not query:
        return None
    best, best_overlap = None, 0
    for entry in checklists:
        overlap = len(query & _name_words(entry))
        if overlap > best_overlap:
            best, best_overlap = entry, overlap
    return best


def find_case(kb: KnowledgeBase, brand: str) -> Entry | None:
    """The case of a brand (``oreo``, ``Best Buy``, ``bestbuy``, ``@Twelpforce``), accents and case ignored."""
    wanted = "".join(content_words(brand))
    if not wanted:
        return None
    cases = kb.of_kind("case")
    for entry in cases:
        if wanted == "".join(content_words(entry.brand)):
            return entry
    for entry in cases:
        if wanted in "".join(content_words(entry.id)) or wanted in "".join(content_words(entry.brand)):
            return entry
    for entry in cases:
        if any(wanted == "".join(content_words(k)) for k in entry.keywords):
            return entry
    return None
