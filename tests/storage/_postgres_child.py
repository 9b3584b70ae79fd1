"""Child process for the PostgreSQL multi-process tests (not collected by pytest).

``migrate URL``: connect (creating or migrating the schema), print the schema version.
``claim URL OWNER N``: claim delivery slots 0..N-1, print each one won.
``burst URL START``: four concurrent writers store subscriptions and ticks; after each write
returns, print ``<n>``: the write is acknowledged.
"""

from __future__ import annotations

import asyncio
import sys

import asyncpg

from bot.storage.pg_migrations import schema_version
from bot.storage.postgres_store import PostgresStore
from tests.support import store_child


async def migrate(url: str) -> None:
    store = PostgresStore(url)
    await store.connect()
    await store.close()
    conn = await asyncpg.connect(url)
    try:
        print(await schema_version(conn), flush=True)
    finally:
        await conn.close()


async def claim(url: str, owner: str, count: int) -> None:
    store = PostgresStore(url)
    await store_child.claim(store, owner, count)
    await store.close()


async def burst(url: str, start: int) -> None:
    await store_child.burst(PostgresStore(url), start)


if __name__ == "__main__":
    command, url = sys.argv[1], sys.argv[2]
    if command == "migrate":
        asyncio.run(migrate(url))
    elif command == "claim":
        asyncio.run(claim(url, sys.argv[3], int(sys.argv[4])))
    else:
        asyncio.run(burst(url, int(sys.argv[3])))
