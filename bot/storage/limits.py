"""Bounds on what the store accepts, checked by every backend before anything is kept.

Slack never sends ids longer than a few dozen characters nor button values over 2,000
characters, so anything outside these bounds was forged or is a bug: the write is refused with
:class:`InvalidInput` (a ``ValueError``) and nothing is stored. The Slack layer checks the same
bounds first, to answer the person with an apology.
"""

from __future__ import annotations

import re

MAX_ID_CHARS = 64
"""Workspace, user, channel, entry and checklist ids; message timestamps."""

MAX_QUESTION_CHARS = 2000
"""A question kept with a vote: Slack caps a button value at 2,000 characters, so a longer one is forged."""

MAX_CHECKLIST_STEPS = 50
"""A checklist step index is 0 … 49 (Slack shows at most 50 blocks in a message)."""

MAX_ENTRIES_SEEN = 1000
"""Entry ids in one channel's reminder rotation."""

_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,64}$")


class InvalidInput(ValueError):
    """A value outside the store's bounds (forged, or a bug): nothing was stored."""


def check_id(value: object, what: str) -> str:
    """``value`` when it is a plausible Slack id or entry id (letters, digits, ``._:-``, ≤ 64)."""
    if not isinstance(value, str) or not _ID.match(value):
        raise InvalidInput(f"{what} is not a valid id")
    return value


def check_question(value: object) -> str:
    """``value`` when it is text of at most :data:`MAX_QUESTION_CHARS` characters."""
    if not isinstance(value, str):
        raise InvalidInput("question is not text")
    if len(value) > MAX_QUESTION_CHARS:
        raise InvalidInput(f"question is longer than {MAX_QUESTION_CHARS} characters")
    return value


def check_step(value: object) -> int:
    """``value`` when it is a checklist step index in ``0 … MAX_CHECKLIST_STEPS - 1``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < MAX_CHECKLIST_STEPS:
        raise InvalidInput(f"checklist step must be an integer from 0 to {MAX_CHECKLIST_STEPS - 1}")
    return value


def check_vote(value: object) -> str:
    """``up`` or ``down``."""
    if value not in ("up", "down"):
        raise InvalidInput("vote must be 'up' or 'down'")
    return value  # type: ignore[return-value]


def check_lang(value: object, *, empty: bool = False) -> str:
    """``fr`` or ``en`` (or ``""`` when ``empty`` is allowed)."""
    if value not in ("fr", "en") and not (empty and value == ""):
        raise InvalidInput("lang must be 'fr' or 'en'")
    return value  # type: ignore[return-value]


def check_surface(value: object) -> str:
    """Where an answer was shown: ``command``, ``dm``, ``mention``, or ``""`` (not said)."""
    if value not in ("", "command", "dm", "mention"):
        raise InvalidInput("surface must be 'command', 'dm' or 'mention'")
    return value  # type: ignore[return-value]
