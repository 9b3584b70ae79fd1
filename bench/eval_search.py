"""Search quality on question sets: hit@1, hit@3 and MRR per language, refusals.

Usage: python bench/eval_search.py [--questions FILE ...] [--verbose] [--json]

A question "hits" at k when one of its right entries is among the first k results. Right entries
come from the question's passages (the entries citing them, see bot/knowledge/passages.py) or from
its ``expected`` ids in older sets. For questions the articles do not answer, what counts is that
search refuses (returns nothing); for answerable ones, a refusal is a false refusal. An answerable
question whose passage no entry cites ("uncovered") can only be missed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.questions import Question, read_questions
from bot.knowledge import load_knowledge
from bot.knowledge.search import SearchIndex

DEFAULT = Path(__file__).with_name("realistic") / "dev.toml"


def evaluate(index: SearchIndex, questions: list[Question], *, verbose: bool = False) -> dict[str, dict]:
    """Figures per group ("fr", "en", "all" for answerable questions; "none" for the others)."""
    groups: dict[str, dict[str, float]] = {}

    def add(group: str, **values: float) -> None:
        g = groups.setdefault(group, {"n": 0, "hit1": 0, "hit3": 0, "mrr": 0.0, "refused": 0, "uncovered": 0})
        g["n"] += 1
        for k, v in values.items():
            g[k] += v

    for q in questions:
        found = [h.entry.id for h in index.search(q.text, limit=3).hits]
        if not q.answerable:
            add("none", refused=not found)
            if found and verbose:
                print(f"[none] {q.text!r}\n     got      {found}")
            continue
        rank = next((i for i, e in enumerate(found, 1) if e in q.expected), None)
        values = {
            "hit1": rank == 1,
            "hit3": rank is not None,
            "mrr": 1 / rank if rank else 0.0,
            "refused": not found,
            "uncovered": not q.expected,
        }
        add(q.lang, **values)
        add("all", **values)
        if rank != 1 and verbose:
            print(f"[{q.lang}] {q.text!r}\n     expected {sorted(q.expected)}\n     got      {found}")
    return groups


def report(groups: dict[str, dict]) -> str:
    lines = [f"{'set':<6}{'n':>5}{'hit@1':>8}{'hit@3':>8}{'MRR':>8}{'refused':>9}{'uncov':>7}"]
    for name in ("fr", "en", "all"):
        if g := groups.get(name):
            n = g["n"]
            lines.append(
                f"{name:<6}{n:>5}{g['hit1'] / n:>8.3f}{g['hit3'] / n:>8.3f}{g['mrr'] / n:>8.3f}"
                f"{g['refused'] / n:>9.3f}{g['uncovered']:>7}"
            )
    if g := groups.get("none"):
        lines.append(
            f"{'none':<6}{g['n']:>5}   refused {g['refused'] / g['n']:.3f} of the unanswerable questions"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, nargs="+", default=[DEFAULT])
    parser.add_argument("--verbose", "-v", action="store_true", help="print every miss")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    kb = load_knowledge()
    index = SearchIndex(kb)
    groups = evaluate(index, read_questions(kb, *args.questions), verbose=args.verbose)
    print(json.dumps(groups) if args.json else report(groups))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
