"""Search quality on the development question set: hit@1, hit@3 and MRR, per language.

Usage: python bench/eval_search.py [--questions FILE] [--verbose]

A question "hits" at k when one of its expected entries is among the first k results; questions
that the knowledge base cannot answer (``expected = []``) count as right when search returns nothing.
"""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

from bot.knowledge import load_knowledge
from bot.knowledge.search import SearchIndex

DEFAULT = Path(__file__).with_name("dev_questions.toml")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT)
    parser.add_argument("--verbose", "-v", action="store_true", help="print every miss")
    args = parser.parse_args()
    questions = tomllib.loads(args.questions.read_text(encoding="utf-8"))["question"]
    index = SearchIndex(load_knowledge())
    stats: dict[str, dict[str, float]] = {}
    lang_right = 0
    for q in questions:
        result = index.search(q["text"], limit=3)
        found = [h.entry.id for h in result.hits]
        expected = set(q["expected"])
        group = q["lang"] if expected else "none"
        s = stats.setdefault(group, {"n": 0, "hit1": 0, "hit3": 0, "mrr": 0.0})
        s["n"] += 1
        lang_right += result.lang == q["lang"]
        if not expected:
            ok = not found
            s["hit1"] += ok
            s["hit3"] += ok
            s["mrr"] += ok
            if not ok and args.verbose:
                print(f"[none] {q['text']!r} -> {found}")
            continue
        rank = next((i for i, entry_id in enumerate(found, 1) if entry_id in expected), None)
        s["hit1"] += rank == 1
        s["hit3"] += rank is not None
        s["mrr"] += 1 / rank if rank else 0.0
        if rank != 1 and args.verbose:
            print(f"[{q['lang']}] {q['text']!r}\n     expected {sorted(expected)}\n     got      {found}")
    print(f"{'set':<6}{'n':>5}{'hit@1':>8}{'hit@3':>8}{'MRR':>8}")
    for group in ("fr", "en", "none"):
        if group in stats:
            s = stats[group]
            n = s["n"]
            label = "empty" if group == "none" else "hit@1"
            print(
                f"{group:<6}{n:>5}{s['hit1'] / n:>8.3f}{s['hit3'] / n:>8.3f}{s['mrr'] / n:>8.3f}"
                + ("   (right = no result)" if label == "empty" else "")
            )
    print(f"language detected right: {lang_right}/{len(questions)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
