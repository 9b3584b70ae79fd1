"""What socialtip remembers: the :class:`Store` interface and its backends.

``open_store(path)`` picks the backend: a TinyDB file at ``path``, or memory when ``path`` is
None (tests, the console). A second backend (PostgreSQL, ``postgresql://…`` URLs) plugs in here
without callers changing.
"""

from __future__ import annotations

from pathlib import Path

from .base import (
    SUBSCRIPTION_STATUSES,
    InstallationRecord,
    Store,
    Subscription,
    SubscriptionStatus,
    Vote,
)
from .tinydb_store import TinyDBStore

__all__ = [
    "SUBSCRIPTION_STATUSES",
    "InstallationRecord",
    "Store",
    "Subscription",
    "SubscriptionStatus",
    "TinyDBStore",
    "Vote",
    "open_store",
]


def open_store(path: str | Path | None) -> Store:
    """The store at ``path``: a TinyDB JSON file (created on first write), in memory when None.

    Example::

        store = open_store("data/socialtip.json")
    """
    if isinstance(path, str) and path.startswith(("postgres://", "postgresql://")):
        raise NotImplementedError("the PostgreSQL backend is not built yet (issue 5)")
    return TinyDBStore(path)
