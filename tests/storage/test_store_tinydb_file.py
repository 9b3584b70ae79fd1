"""The TinyDB file backend: persistence, serialised writers, crashes and several processes."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from bot.storage import TinyDBStore, open_store

from ..support.factories import subscription as sub

CHILD = Path(__file__).with_name("_store_child.py")
REPO = Path(__file__).resolve().parents[2]


def child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


async def test_changes_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = open_store(str(path))
    await store.set_user_lang("T1", "U1", "en")
    await store.put_subscription(sub("C1"))
    await store.set_seen("T1", "C1", ["a"])
    await store.close()

    reopened = TinyDBStore(path)
    assert await reopened.get_user_lang("T1", "U1") == "en"
    assert await reopened.get_subscription("T1", "C1") == sub("C1")
    assert await reopened.get_seen("T1", "C1") == ["a"]


async def test_a_change_is_on_disk_when_the_call_returns(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = TinyDBStore(path)
    await store.put_subscription(sub("C1"))
    on_disk = json.loads(path.read_text("utf-8"))
    assert [doc["channel_id"] for doc in on_disk["subscriptions"].values()] == ["C1"]


async def test_concurrent_writes_are_serialised_and_none_is_lost(tmp_path: Path) -> None:
    store = TinyDBStore(tmp_path / "db.json")
    await asyncio.gather(
        *(store.set_user_lang("T1", f"U{n}", "en") for n in range(100)),
        *(store.put_subscription(sub(f"C{n}")) for n in range(100)),
    )
    reopened = TinyDBStore(tmp_path / "db.json")
    langs = await asyncio.gather(*(reopened.get_user_lang("T1", f"U{n}") for n in range(100)))
    assert langs == ["en"] * 100
    assert len(await reopened.list_subscriptions("T1")) == 100


async def test_two_stores_on_one_file_see_each_others_writes(tmp_path: Path) -> None:
    a, b = TinyDBStore(tmp_path / "db.json"), TinyDBStore(tmp_path / "db.json")
    await a.put_subscription(sub("C1"))
    await b.put_subscription(sub("C2"))  # must not overwrite C1 with a stale copy
    assert {s.channel_id for s in await a.list_subscriptions()} == {"C1", "C2"}


async def test_two_stores_on_one_file_never_lose_a_checklist_tick(tmp_path: Path) -> None:
    a, b = TinyDBStore(tmp_path / "db.json"), TinyDBStore(tmp_path / "db.json")
    await asyncio.gather(
        *((a if i % 2 else b).tick_checklist_step("T1", "C1", "launch", i, True) for i in range(12))
    )
    assert await a.get_checklist_ticks("T1", "C1", "launch") == set(range(12))
    await a.close()
    await b.close()


def test_sigkill_during_a_burst_of_writes_loses_no_acknowledged_write(tmp_path: Path) -> None:
    """Kill -9 a writing process at random moments; every acknowledged write must survive."""
    path = tmp_path / "db.json"
    acknowledged: set[int] = set()
    rng = random.Random(4)
    start = 0
    for _ in range(10):
        proc = child("burst", str(path), str(start))
        assert proc.stdout is not None
        target = rng.randint(15, 60)
        for seen_here, line in enumerate(proc.stdout, start=1):
            acknowledged.add(int(line))
            if path.exists():  # a reader without the lock never sees a half-written file
                json.loads(path.read_text("utf-8"))
            if seen_here >= target:
                break
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
        acknowledged.update(int(line) for line in rest.split())  # printed before the kill: acknowledged
        assert proc.returncode == -signal.SIGKILL
        json.loads(path.read_text("utf-8"))  # the file always parses
        start = max(acknowledged) + 1000

    async def check() -> None:
        store = TinyDBStore(path)  # also removes the temp files a killed writer left behind
        channels = {s.channel_id for s in await store.list_subscriptions("T1")}
        missing = {n for n in acknowledged if f"C{n}" not in channels}
        assert not missing
        for n in sorted(acknowledged)[:50]:
            assert await store.get_checklist_ticks("T1", f"C{n}", "launch") == {n % 5}

    asyncio.run(check())
    assert len(acknowledged) >= 60
    assert not list(tmp_path.glob(".db.json.*.tmp"))


def test_two_processes_never_win_the_same_delivery_claim(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    procs = [child("claim", str(path), owner, "60") for owner in ("a", "b")]
    won = [set(map(int, p.communicate(timeout=60)[0].split())) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert won[0].isdisjoint(won[1])
    assert won[0] | won[1] == set(range(60))
