"""Child process for the storage crash/contention tests (not collected by pytest).

``burst PATH START``: four concurrent writers store subscriptions and ticks; after each write
returns, the child prints ``<n>``: the write is acknowledged.
``votes PATH START``: the same with votes (person ``U<n>`` votes on one answer).
``claim PATH OWNER N``: claims delivery slots 0..N-1 and prints each one it won.
"""

from __future__ import annotations

import asyncio
import sys

from bot.storage import TinyDBStore
from tests.support import store_child


async def burst(path: str, start: int) -> None:
    await store_child.burst(TinyDBStore(path), start)


async def votes(path: str, start: int) -> None:
    await store_child.votes(TinyDBStore(path), start)


async def claim(path: str, owner: str, count: int) -> None:
    await store_child.claim(TinyDBStore(path), owner, count)


if __name__ == "__main__":
    if sys.argv[1] == "burst":
        asyncio.run(burst(sys.argv[2], int(sys.argv[3])))
    elif sys.argv[1] == "votes":
        asyncio.run(votes(sys.argv[2], int(sys.argv[3])))
    else:
        asyncio.run(claim(sys.argv[2], sys.argv[3], int(sys.argv[4])))
