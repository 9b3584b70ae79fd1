"""Benchmark the editors' insights on a TinyDB store that has seen 90 days of a 200-person team.

Fills a store with ``--questions`` questions (a fifth refused, from 300 different wordings) and
``--votes`` votes over 90 days, then prints:

- what keeping one more question costs (``record_question``, durable: p50 and p95, ms);
- ``socialtip insights --json`` for all workspaces (the real command, a fresh process, seconds);
- the Home tab's insights for one workspace (``load_insights`` + Block Kit, ms), as an admin
  opening the Home tab waits for it;
- the size of the database file and of the questions' log.

    .venv/bin/python bench/insights.py [--questions 90000] [--votes 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.insights import load_insights
from bot.knowledge import load_knowledge
from bot.render.insights import insights_home_blocks
from bot.storage import TinyDBStore
from bot.storage.questionlog import questions_path

DAY = 86400.0
ROOT = Path(__file__).resolve().parents[1]


async def fill(store: TinyDBStore, questions: int, votes: int, entry_ids: list[str]) -> None:
    rng = random.Random(7)
    now = time.time()
    for start in range(0, questions, 1000):
        batch = []
        for n in range(start, min(questions, start + 1000)):
            at = now - rng.random() * 90 * DAY
            refused = rng.random() < 0.2
            batch.append(
                store.record_question(
                    team_id="T1" if n % 4 else "T2",
                    lang="fr" if n % 3 else "en",
                    entry_id=None if refused else rng.choice(entry_ids),
                    text=f"question sans réponse numéro {n % 300} sur un sujet absent des articles ?"
                    if refused
                    else "",
                    now=at,
                    keep_days=3650,  # filling: nothing pruned
                )
            )
        await asyncio.gather(*batch)
    for start in range(0, votes, 1000):
        await asyncio.gather(
            *(
                store.set_vote(
                    team_id="T1",
                    user_id=f"U{n % 200}",
                    entry_id=rng.choice(entry_ids),
                    question=f"question {n}",
                    vote="up" if rng.random() < 0.7 else "down",
                    now=now - rng.random() * 90 * DAY,
                )
                for n in range(start, min(votes, start + 1000))
            )
        )


async def main(questions: int, votes: int, ops: int) -> None:
    kb = load_knowledge()
    entry_ids = sorted(kb.entries)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "socialtip.json"
        store = TinyDBStore(path)
        t0 = time.perf_counter()
        await fill(store, questions, votes, entry_ids)
        filled = time.perf_counter() - t0
        record = []
        for n in range(ops):
            t0 = time.perf_counter()
            await store.record_question(
                team_id="T1", lang="fr", entry_id=entry_ids[n % len(entry_ids)], now=time.time(), keep_days=90
            )
            record.append(time.perf_counter() - t0)
        since = datetime.now(UTC) - timedelta(days=30)
        home = []
        for _ in range(5):
            t0 = time.perf_counter()
            insights = await load_insights(store, team_id="T1", since=since)
            insights_home_blocks(insights, kb, "fr")
            home.append(time.perf_counter() - t0)
        await store.close()
        env = {**os.environ, "SOCIALTIP_DB": str(path)}
        env.pop("DATABASE_URL", None)
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "bot", "insights", "--json"],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
        )
        cli = time.perf_counter() - t0
        report = json.loads(proc.stdout)

        def ms(values: list[float], q: int) -> float:
            return statistics.quantiles(values, n=100)[q - 1] * 1000

        print(f"store: {questions} questions, {votes} votes over 90 days (filled in {filled:.1f} s)")
        print(
            f"  record_question (durable): p50={ms(record, 50):.2f} ms  p95={ms(record, 95):.2f} ms  ({ops} calls)"
        )
        print(
            f"  socialtip insights --json (all workspaces, 90 days, fresh process): {cli:.2f} s  "
            f"-> {report['questions']} questions, {len(report['unanswered'])} refused wordings, {len(report['entries'])} entries"
        )
        print(
            f"  Home tab insights (one workspace, 30 days; recomputed at most every 5 min): "
            f"median {statistics.median(home) * 1000:.0f} ms"
        )
        size = path.stat().st_size / 1024 if path.exists() else 0.0
        print(
            f"  files: database {size:.1f} KiB, questions log {questions_path(path).stat().st_size / 1024 / 1024:.1f} MiB"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=90_000)
    parser.add_argument("--votes", type=int, default=20_000)
    parser.add_argument("--ops", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main(args.questions, args.votes, args.ops))
