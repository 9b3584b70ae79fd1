"""Benchmark the TinyDB store: latency of durable writes and reads as the votes grow.

Reads come from memory; each write is group-committed (flock, write a temp file, fsync, rename,
fsync the directory, once per batch); votes are appended to their own log. Prints one line per
number of votes stored.

    .venv/bin/python bench/storage_tinydb.py [--sizes 0,1000,5000] [--ops 200]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.storage import Subscription, TinyDBStore


def sub(n: int) -> Subscription:
    return Subscription("T1", f"C{n}", n % 7, 9, 0, "Europe/Paris", "fr", "U1")


async def measure(size: int, ops: int, directory: Path) -> str:
    path = directory / f"bench-{size}.json"
    store = TinyDBStore(path)
    # Fill with votes (what grows with use).
    for start in range(0, size, 500):
        batch = range(start, min(size, start + 500))
        await asyncio.gather(
            *(
                store.set_vote(team_id="T1", user_id=f"U{n}", entry_id="e", question="q" * 40, vote="up")
                for n in batch
            )
        )
    writes, reads = [], []
    for n in range(ops):
        t0 = time.perf_counter()
        await store.put_subscription(sub(n))
        writes.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        await store.get_user_lang("T1", f"U{n}")
        reads.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    await asyncio.gather(*(store.claim_event(f"Ev{n}") for n in range(ops)))
    burst = time.perf_counter() - t0

    def ms(values: list[float], q: float) -> float:
        return statistics.quantiles(values, n=100)[int(q) - 1] * 1000

    return (
        f"votes={size:>6}  file={path.stat().st_size / 1024:8.1f} KiB  "
        f"write p50={ms(writes, 50):6.2f} ms p95={ms(writes, 95):6.2f} ms  "
        f"read p50={ms(reads, 50):6.2f} ms  "
        f"{ops} concurrent claim_event: {ops / burst:7.0f}/s"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,1000,5000")
    parser.add_argument("--ops", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"TinyDBStore in {Path(tmp).parent} (fsync on every batch of writes)")
        for size in (int(s) for s in args.sizes.split(",")):
            print(await measure(size, args.ops, Path(tmp)), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
