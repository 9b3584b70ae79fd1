"""The TinyDB file backend: persistence, serialised writers, crashes and several processes."""

from __future__ import annotations

import asyncio
import errno
import fcntl
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tinydb import TinyDB

from bot.storage import StoreUnavailable, TinyDBStore, open_store
from bot.storage import tinydb_store as tinydb_module
from bot.storage.atomic import lock_path
from bot.storage.tinydb_store import votes_path
from bot.storage.votelog import COMPACT_SLACK

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


def kill_repeatedly(path: Path, mode: str, rounds: int = 10) -> set[int]:
    """Run a writing child (``burst`` or ``votes``) and kill -9 it at random moments, ``rounds``
    times; returns every write it acknowledged."""
    acknowledged: set[int] = set()
    rng = random.Random(4)
    start = 0
    for _ in range(rounds):
        proc = child(mode, str(path), str(start))
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
        if path.exists():
            json.loads(path.read_text("utf-8"))  # the file always parses
        start = max(acknowledged) + 1000
    return acknowledged


def test_sigkill_during_a_burst_of_writes_loses_no_acknowledged_write(tmp_path: Path) -> None:
    """Kill -9 a writing process at random moments; every acknowledged write must survive."""
    path = tmp_path / "db.json"
    acknowledged = kill_repeatedly(path, "burst")

    async def check() -> None:
        store = TinyDBStore(path)  # also removes the temp files a killed writer left behind
        channels = {s.channel_id for s in await store.list_subscriptions("T1")}
        missing = {n for n in acknowledged if f"C{n}" not in channels}
        assert not missing
        for n in sorted(acknowledged)[:50]:
            assert await store.get_checklist_ticks("T1", f"C{n}", "launch") == {n % 5}
        await store.close()

    asyncio.run(check())
    assert len(acknowledged) >= 60
    assert not list(tmp_path.glob(".db.json.*.tmp"))


def test_sigkill_while_voting_loses_no_acknowledged_vote(tmp_path: Path) -> None:
    """Votes have their own append-only log: a kill -9 mid-append leaves a partial line, which
    the next writer cuts off; every vote acknowledged before the kill is kept."""
    path = tmp_path / "db.json"
    acknowledged = kill_repeatedly(path, "votes", rounds=6)

    async def check() -> None:
        store = TinyDBStore(path)
        await store.set_vote(team_id="T1", user_id="ULAST", entry_id="tip-a", question="q?", vote="up")
        voters = {f.user_id for f in await store.list_feedback("T1")}
        assert {f"U{n}" for n in acknowledged} | {"ULAST"} <= voters
        await store.close()

    asyncio.run(check())
    lines = votes_path(path).read_bytes().splitlines()
    assert all(json.loads(line) for line in lines)  # no torn line left in the middle
    assert len(acknowledged) >= 36


def test_two_processes_voting_on_one_file_keep_every_vote(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    procs = [child("votes", str(path), str(start)) for start in (0, 100_000)]
    seen: list[set[int]] = [set(), set()]
    for proc, got in zip(procs, seen, strict=True):
        assert proc.stdout is not None
        for line in proc.stdout:
            got.add(int(line))
            if len(got) >= 150:
                break
    for proc, got in zip(procs, seen, strict=True):
        proc.kill()
        rest, _ = proc.communicate(timeout=30)
        got.update(int(line) for line in rest.split())
    acknowledged = seen[0] | seen[1]

    async def check() -> None:
        store = TinyDBStore(path)
        votes = await store.list_feedback("T1")
        assert {f"U{n}" for n in acknowledged} <= {f.user_id for f in votes}
        assert len(votes) == len({f.user_id for f in votes})  # one per person and answer
        await store.close()

    asyncio.run(check())


def test_two_processes_never_win_the_same_delivery_claim(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    procs = [child("claim", str(path), owner, "60") for owner in ("a", "b")]
    won = [set(map(int, p.communicate(timeout=60)[0].split())) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert won[0].isdisjoint(won[1])
    assert won[0] | won[1] == set(range(60))


async def test_reads_never_wait_for_a_writer_holding_the_file(tmp_path: Path) -> None:
    """Regression (issue #10): every read took the lock and re-read the whole file, so a slow
    writer (or another process) held up every /socialtip acknowledgement."""
    path = tmp_path / "db.json"
    store = TinyDBStore(path)
    await store.set_user_lang("T1", "U1", "en")
    other = os.open(lock_path(path), os.O_RDWR)
    fcntl.flock(other, fcntl.LOCK_EX)  # another writer holds the file
    try:
        write = asyncio.create_task(store.tick_checklist_step("T1", "C1", "launch", 1, True))
        await asyncio.sleep(0.2)
        reads = [store.get_user_lang("T1", "U1"), store.get_checklist_ticks("T1", "C1", "launch")]
        assert await asyncio.wait_for(asyncio.gather(*reads), 5) == ["en", set()]
        assert not write.done()  # the write is still waiting for the file
    finally:
        os.close(other)
    assert await asyncio.wait_for(write, 5) == {1}
    await store.close()


async def test_the_last_tip_is_written_after_the_reply_and_by_close(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = TinyDBStore(path)
    await store.set_last_tip("T1", "U1", "tip-a")
    assert await store.get_last_tip("T1", "U1") == "tip-a"  # in memory at once
    await store.close()
    reopened = TinyDBStore(path)
    assert await reopened.get_last_tip("T1", "U1") == "tip-a"  # on disk by close
    await reopened.set_last_tip("T1", "U1", "tip-b")
    await reopened.set_user_lang("T1", "U1", "en")  # a durable write takes the deferred one along
    assert json.loads(path.read_text("utf-8"))["prefs"]["1"]["last_tip"] == "tip-b"
    await reopened.close()


async def test_votes_never_grow_the_database_file_and_their_log_is_compacted(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = TinyDBStore(path)
    await store.set_user_lang("T1", "U1", "en")
    size = path.stat().st_size
    for burst in range(6):
        await asyncio.gather(
            *(
                store.set_vote(team_id="T1", user_id="U1", entry_id="tip-a", question="q?", vote="up")
                for _ in range(500)
            ),
            store.set_vote(team_id="T1", user_id=f"U{burst}", entry_id="tip-b", question="q?", vote="down"),
        )
    assert path.stat().st_size == size
    lines = votes_path(path).read_bytes().count(b"\n")
    assert lines <= 2 * 7 + COMPACT_SLACK + 1  # 3,006 votes, 7 kept: compacted as it grew
    assert len(await store.list_feedback("T1")) == 7
    await store.close()


async def test_an_old_file_with_every_click_in_it_keeps_the_latest_vote_per_person(tmp_path: Path) -> None:
    """Files written before votes had their own log held every click in a ``feedback`` table."""
    path = tmp_path / "db.json"
    now = time.time()
    clicks = {
        str(n): {
            "team": "T1",
            "user": "U1",
            "entry": "tip-a",
            "question": "q?",
            "vote": vote,
            "at": now - 100 + n,
        }
        for n, vote in enumerate(["up", "down", "up", "down"], start=1)
    }
    clicks["8"] = {
        "team": "T1",
        "user": "U2",
        "entry": "tip-a",
        "question": "q?",
        "vote": "up",
        "at": now - 50,
    }
    clicks["9"] = {"team": "T1", "user": "U3", "entry": "tip-a", "question": "q?", "vote": "up", "at": 1e9}
    path.write_text(
        json.dumps({"feedback": clicks, "prefs": {"1": {"team": "T1", "user": "U1", "lang": "en"}}})
    )
    store = TinyDBStore(path)
    assert await store.get_user_lang("T1", "U1") == "en"
    votes = await store.list_feedback("T1")
    assert [(f.user_id, f.vote) for f in votes] == [("U1", "down"), ("U2", "up")]  # U3's is from 2001
    assert "feedback" not in json.loads(path.read_text("utf-8"))
    assert votes_path(path).read_bytes().count(b"\n") == 2
    await store.close()


async def test_the_file_stays_a_plain_tinydb_database(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = TinyDBStore(path)
    await store.set_user_lang("T1", "U1", "en")
    await store.put_subscription(sub("C1"))
    await store.close()
    db = TinyDB(path)
    assert db.table("prefs").all() == [{"team": "T1", "user": "U1", "lang": "en"}]
    assert [doc["channel_id"] for doc in db.table("subscriptions").all()] == ["C1"]
    db.close()


def test_a_corrupt_file_stops_the_store_with_one_line_naming_it(tmp_path: Path) -> None:
    """Regression (issue #10): a corrupt or unwritable store gave a 44-line traceback at start."""
    path = tmp_path / "db.json"
    path.write_text('{"prefs": {"1": {"team": "T1"')  # cut short
    with pytest.raises(StoreUnavailable) as caught:
        TinyDBStore(path)
    message = str(caught.value)
    assert str(path) in message and "\n" not in message and "not a socialtip database" in message


def test_an_unwritable_place_stops_the_store_with_one_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    lock_path(path).mkdir()  # what a read-only disk or missing rights look like: nothing can be written
    with pytest.raises(StoreUnavailable) as caught:
        TinyDBStore(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(StoreUnavailable) as on_sysfs:
        TinyDBStore("/sys/socialtip/db.json")  # a read-only file system on every Linux
    assert "/sys/socialtip/db.json" in str(on_sysfs.value)


async def test_a_file_corrupted_while_running_is_reported_and_reads_carry_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tinydb_module, "HEALTH_TTL_SECONDS", 0.0)
    path = tmp_path / "db.json"
    store = TinyDBStore(path)
    await store.set_user_lang("T1", "U1", "en")
    assert await store.check_health() is None
    path.write_text("garbage")  # someone else broke it
    assert await store.get_user_lang("T1", "U1") == "en"  # still served from memory
    problem = await store.check_health()
    assert problem is not None and str(path) in problem
    with pytest.raises(StoreUnavailable):
        await store.set_user_lang("T1", "U2", "fr")
    await store.close()


async def test_a_full_disk_fails_the_write_keeps_memory_true_and_recovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tinydb_module, "HEALTH_TTL_SECONDS", 0.0)
    path = tmp_path / "db.json"
    store = TinyDBStore(path)
    await store.tick_checklist_step("T1", "C1", "launch", 0, True)

    def disk_full(target: Path, payload: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(tinydb_module, "atomic_write", disk_full)
    with pytest.raises(StoreUnavailable, match="disk is full"):
        await store.tick_checklist_step("T1", "C1", "launch", 1, True)
    assert await store.get_checklist_ticks("T1", "C1", "launch") == {0}  # not told done, not shown
    problem = await store.check_health()
    assert problem is not None and "disk is full" in problem
    monkeypatch.undo()
    monkeypatch.setattr(tinydb_module, "HEALTH_TTL_SECONDS", 0.0)
    assert await store.tick_checklist_step("T1", "C1", "launch", 1, True) == {0, 1}
    assert await store.check_health() is None
    await store.close()


@pytest.mark.parametrize("command", [["serve", "--http"], ["reminders", "run-due"]])
def test_serve_and_run_due_with_a_corrupt_file_say_so_in_one_line(command: list[str], tmp_path: Path) -> None:
    """Regression (issue #10): a corrupt or read-only store at start printed a long traceback."""
    db = tmp_path / "socialtip.json"
    db.write_text("{not json")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SOCIALTIP_", "DATABASE_"))}
    env |= {
        "SLACK_BOT_TOKEN": "xoxb-x",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
        "SOCIALTIP_DB": str(db),
        "PORT": "0",
        "PYTHONPATH": str(REPO),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "bot", *command], cwd=tmp_path, env=env, capture_output=True, timeout=60
    )
    assert proc.returncode in (1, 2)
    lines = [line for line in proc.stderr.decode().splitlines() if line.startswith("socialtip:")]
    assert lines and str(db) in lines[-1] and "not a socialtip database" in lines[-1]
    assert b"Traceback" not in proc.stderr


async def test_a_write_that_cannot_take_the_lock_fails_instead_of_hanging(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = TinyDBStore(path)
    await store.set_user_lang("T1", "U1", "en")
    lock_path(path).unlink()
    lock_path(path).mkdir()  # the lock file can no longer be opened
    with pytest.raises(StoreUnavailable, match=str(path)):
        await asyncio.wait_for(store.set_user_lang("T1", "U2", "fr"), 10)
    assert await store.get_user_lang("T1", "U1") == "en"
    await store.close()
