"""What socialtip remembers: the :class:`Store` interface and its backends.

``open_store(location)`` picks the backend: PostgreSQL for a ``postgres://`` or
``postgresql://`` URL, a TinyDB file for a path, memory when ``location`` is None (tests, the
console). ``await connect_store(location)`` does the same and, for PostgreSQL, connects and
migrates the schema at once, so a wrong URL fails at start-up rather than at the first request.
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
from .errors import StoreUnavailable
from .tinydb_store import TinyDBStore

__all__ = [
    "SUBSCRIPTION_STATUSES",
    "InstallationRecord",
    "Store",
    "StoreUnavailable",
    "Subscription",
    "SubscriptionStatus",
    "TinyDBStore",
    "Vote",
    "connect_store",
    "is_database_url",
    "open_store",
]

_URL_SCHEMES = ("postgres://", "postgresql://")


def is_database_url(location: str | Path | None) -> bool:
    """True when ``location`` is a PostgreSQL URL rather than a file path."""
    return isinstance(location, str) and location.startswith(_URL_SCHEMES)


def open_store(location: str | Path | None) -> Store:
    """The store at ``location``: a PostgreSQL URL, a TinyDB JSON file (created on first write),
    or memory when None. A PostgreSQL store connects on its first call.

    Example::

        store = open_store("data/socialtip.json")
        store = open_store("postgresql://socialtip@localhost/socialtip")
    """
    if is_database_url(location):
        from .postgres_store import PostgresStore  # asyncpg is only imported when used

        return PostgresStore(str(location))
    return TinyDBStore(location)


async def connect_store(location: str | Path | None) -> Store:
    """:func:`open_store`, then connect and migrate now when it is PostgreSQL.

    Raises:
        StoreUnavailable: the database is unreachable, refuses the connection or the migration.
    """
    store = open_store(location)
    if is_database_url(location):
        from .postgres_store import PostgresStore

        assert isinstance(store, PostgresStore)
        try:
            await store.connect()
        except BaseException:
            await store.close()
            raise
    return store
