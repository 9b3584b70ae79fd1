"""Search speed: knowledge load and index build time, query latency (p50/p99), cold CLI start.

Usage: python bench/search_latency.py [--rounds N] [--cold N]

Targets (issue #2): p99 query < 1 ms; a cold ``socialtip ask --json`` process < 0.3 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from bot.knowledge import load_knowledge
from bot.knowledge.search import SearchIndex

QUESTIONS = Path(__file__).with_name("realistic") / "dev.toml"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over the question set")
    parser.add_argument("--cold", type=int, default=15, help="cold CLI processes to time")
    args = parser.parse_args()
    questions = [q["text"] for q in tomllib.loads(QUESTIONS.read_text(encoding="utf-8"))["question"]]

    loads, builds = [], []
    for _ in range(10):
        t0 = time.perf_counter()
        kb = load_knowledge()
        t1 = time.perf_counter()
        index = SearchIndex(kb)
        t2 = time.perf_counter()
        loads.append(t1 - t0)
        builds.append(t2 - t1)
    print(f"knowledge: {len(kb.entries)} entries from {len(kb.sources)} sources")
    print(f"load + validate: median {statistics.median(loads) * 1e3:.1f} ms")
    print(f"index build:     median {statistics.median(builds) * 1e3:.1f} ms")

    for label, idx in (("every query computed", SearchIndex(kb, recent=0)), ("repeated questions", index)):
        latencies = []
        for _ in range(args.rounds):
            for q in questions:
                t0 = time.perf_counter()
                idx.search(q, limit=3)
                latencies.append(time.perf_counter() - t0)
        print(
            f"query latency, {label} ({len(latencies)} queries): p50 {percentile(latencies, 50) * 1e3:.3f} ms, "
            f"p99 {percentile(latencies, 99) * 1e3:.3f} ms, max {max(latencies) * 1e3:.3f} ms"
        )

    exe = shutil.which("socialtip") or str(Path(sys.executable).with_name("socialtip"))
    walls = []
    for i in range(args.cold):
        t0 = time.perf_counter()
        subprocess.run([exe, "ask", "--json", questions[i % len(questions)]], capture_output=True, check=True)
        walls.append(time.perf_counter() - t0)
    print(
        f"cold `socialtip ask --json` ({args.cold} processes): median {statistics.median(walls) * 1e3:.0f} ms, "
        f"max {max(walls) * 1e3:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
