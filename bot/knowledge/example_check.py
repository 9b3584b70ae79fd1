"""Checks of the entries' example questions, for ``socialtip kb check``.

Each entry needs at least :data:`~bot.knowledge.examples.MIN_EXAMPLES_PER_LANG` example questions
in each language. An example question that is closer to another entry's examples (or to the
out-of-scope examples) than to the rest of its own entry's is flagged: it teaches search the wrong
answer, or the two entries overlap.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .examples import MIN_EXAMPLES_PER_LANG
from .qmatch import NONE
from .search import SearchIndex
from .text import words


@dataclass(frozen=True, slots=True)
class ExampleReport:
    counts: dict[str, tuple[int, int]]  # entry id -> (French, English) example questions
    too_few: list[str] = field(default_factory=list)
    confusable: list[tuple[str, str, str]] = field(default_factory=list)  # (entry id, question, closer to)


def check_examples(index: SearchIndex) -> ExampleReport:
    """Count every entry's example questions and find the ones closer to another entry."""
    counts: Counter[tuple[str, str]] = Counter()
    confusable = []
    for row, ex in enumerate(index.example_rows):
        if ex.origin != "entry":
            continue
        (own,) = ex.entries
        counts[own, ex.lang] += 1
        best = index.questions.nearest(words(ex.text), exclude=row)
        own_score = best.get(index._number[own], 0.0)
        rival, rival_score = max(
            ((e, s) for e, s in best.items() if e != index._number[own]),
            key=lambda p: p[1],
            default=(None, 0.0),
        )
        if rival is not None and rival_score > own_score:
            name = "out of scope" if rival == NONE else index.entries[rival].id
            confusable.append((own, ex.text, name))
    ids = list(index.kb.entries)
    per_entry = {e: (counts[e, "fr"], counts[e, "en"]) for e in ids}
    too_few = [e for e, (fr, en) in per_entry.items() if min(fr, en) < MIN_EXAMPLES_PER_LANG]
    return ExampleReport(per_entry, too_few, confusable)


SHOWN = 25


def format_examples(report: ExampleReport) -> str:
    """The example-question part of the ``kb check`` report."""
    total = sum(fr + en for fr, en in report.counts.values())
    lines = [f"Example questions: {total} (per entry, French / English):"]
    lines += [f"  {e:<52} {fr:>3} / {en:<3}" for e, (fr, en) in report.counts.items()]
    if report.too_few:
        lines.append(
            f"Entries with fewer than {MIN_EXAMPLES_PER_LANG} example questions in a language: "
            + ", ".join(report.too_few)
        )
    if report.confusable:
        lines.append(f"Example questions closer to another entry than to their own: {len(report.confusable)}")
        lines += [f"  {own}: {text!r} -> {other}" for own, text, other in report.confusable[:SHOWN]]
        if len(report.confusable) > SHOWN:
            lines.append(f"  ... and {len(report.confusable) - SHOWN} more (socialtip kb check --all)")
    else:
        lines.append("Every example question is closest to its own entry.")
    return "\n".join(lines)
