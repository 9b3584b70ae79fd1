"""Child process for the storage crash/contention tests (not collected by pytest).

``burst PATH START``: four concurrent writers store subscriptions and ticks; after each write
returns, the child prints ``<n>``: the write is acknowledged.
``claim PATH OWNER N``: claims delivery slots 0..N-1 and prints each one it won.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta

from bot.storage import Subscription, TinyDBStore


async def burst(path: str, start: int) -> None:
    store = TinyDBStore(path)
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


async def claim(path: str, owner: str, count: int) -> None:
    store = TinyDBStore(path)
    now = datetime(2026, 3, 30, 7, tzinfo=UTC)
    for n in range(count):
        if await store.claim_delivery(
            "T1", "C1", f"slot-{n}", owner=owner, now=now, lease=timedelta(hours=1)
        ):
            print(n, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "burst":
        asyncio.run(burst(sys.argv[2], int(sys.argv[3])))
    else:
        asyncio.run(claim(sys.argv[2], sys.argv[3], int(sys.argv[4])))
