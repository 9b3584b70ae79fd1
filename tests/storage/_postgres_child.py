"""Child process for the PostgreSQL multi-process tests (not collected by pytest).

``migrate URL``: connect (creating or migrating the schema), print the schema version.
``claim URL OWNER N``: claim delivery slots 0..N-1, print each one won.
``burst URL START``: four concurrent writers store subscriptions and ticks; after each write
returns, print ``<n>``: the write is acknowledged.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta

import asyncpg

from bot.storage import Subscription
from bot.storage.pg_migrations import schema_version
from bot.storage.postgres_store import PostgresStore


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
    now = datetime(2026, 3, 30, 7, tzinfo=UTC)
    for n in range(count):
        if await store.claim_delivery(
            "T1", "C1", f"slot-{n}", owner=owner, now=now, lease=timedelta(hours=1)
        ):
            print(n, flush=True)
    await store.close()


async def burst(url: str, start: int) -> None:
    store = PostgresStore(url)
    counter = iter(range(start, 10**9))

    async def writer() -> None:
        while True:
            n = next(counter)
            await store.put_subscription(
                Subscription(
                    team_id="T1",
                    channel_id=f"C{n}",
                    weekday=n % 7,
                    hour=9,
                    minute=0,
                    tz="Europe/Paris",
                    lang="fr",
                    subscriber_id="U1",
                )
            )
            await store.set_checklist_ticks("T1", f"C{n}", "launch", {n % 5})
            print(n, flush=True)

    await asyncio.gather(*(writer() for _ in range(4)))


if __name__ == "__main__":
    command, url = sys.argv[1], sys.argv[2]
    if command == "migrate":
        asyncio.run(migrate(url))
    elif command == "claim":
        asyncio.run(claim(url, sys.argv[3], int(sys.argv[4])))
    else:
        asyncio.run(burst(url, int(sys.argv[3])))
