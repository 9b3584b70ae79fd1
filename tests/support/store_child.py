"""What the storage tests' child processes do to a store, whatever its backend.

``burst``: four concurrent writers store subscriptions and ticks, printing ``<n>`` once each
write returns (the write is acknowledged). ``votes``: the same with votes (person ``U<n>``
votes on one answer). ``claim``: claim delivery slots, printing each one won.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.storage import Store, Subscription


async def burst(store: Store, start: int) -> None:
    """Write forever from four concurrent writers, numbering writes from ``start``."""
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
            await store.tick_checklist_step("T1", f"C{n}", "launch", n % 5, True)
            print(n, flush=True)

    await asyncio.gather(*(writer() for _ in range(4)))


async def claim(store: Store, owner: str, count: int) -> None:
    """Claim delivery slots 0..``count``-1 as ``owner``; print each one won."""
    now = datetime(2026, 3, 30, 7, tzinfo=UTC)
    for n in range(count):
        if await store.claim_delivery(
            "T1", "C1", f"slot-{n}", owner=owner, now=now, lease=timedelta(hours=1)
        ):
            print(n, flush=True)


async def votes(store: Store, start: int) -> None:
    """Vote forever from four concurrent writers: person ``U<n>`` votes 👍 on one answer."""
    counter = iter(range(start, 10**9))

    async def writer() -> None:
        while True:
            n = next(counter)
            await store.set_vote(team_id="T1", user_id=f"U{n}", entry_id="tip-a", question="q?", vote="up")
            print(n, flush=True)

    await asyncio.gather(*(writer() for _ in range(4)))
