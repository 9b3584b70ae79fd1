"""Checks of the entries' example questions, for ``socialtip kb check``.

Each entry needs at least :data:`~bot.knowledge.examples.MIN_EXAMPLES_PER_LANG` example questions
in each language. An example question that search, with that question held out of its matcher,
answers with an entry that shares no citation with its own is flagged: it is closer to that entry
than to its own, so either it teaches search the wrong answer or the two entries overlap.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .examples import MIN_EXAMPLES_PER_LANG
from .search import SearchIndex
from .training import score_held_out


@dataclass(frozen=True, slots=True)
class ExampleReport:
    counts: dict[str, tuple[int, int]]  # entry id -> (French, English) example questions
    too_few: list[str] = field(default_factory=list)
    confusable: list[tuple[str, str, str]] = field(default_factory=list)  # (entry id, question, closer to)


def check_examples(index: SearchIndex) -> ExampleReport:
    """Count every entry's example questions, and find those that search, with the question held
    out of its matcher (as in training), answers with another entry or refuses."""
    counts: Counter[tuple[str, str]] = Counter()
    confusable = []
    quotes = {e.id: {(c.article, c.quote) for c in e.sources} for e in index.kb.entries.values()}
    for s in score_held_out(index, origins=frozenset({"entry"})):
        (own,) = s.example.entries
        counts[own, s.example.lang] += 1
        if not s.rows:
            confusable.append((own, s.example.text, "nothing"))
            continue
        scores = [index.ranker.rank.score(row) for row in s.rows]
        best = max(range(len(scores)), key=scores.__getitem__)
        answer = index.entries[s.candidates[best]].id
        if answer != own and not quotes[answer] & quotes[own]:
            confusable.append((own, s.example.text, answer))
    per_entry = {e: (counts[e, "fr"], counts[e, "en"]) for e in index.kb.entries}
    too_few = [e for e, (fr, en) in per_entry.items() if min(fr, en) < MIN_EXAMPLES_PER_LANG]
    return ExampleReport(per_entry, too_few, confusable)


SHOWN = 25


def format_examples(report: ExampleReport, *, every: bool = False) -> str:
    """The example-question part of the ``kb check`` report."""
    total = sum(fr + en for fr, en in report.counts.values())
    flagged = Counter(own for own, _, _ in report.confusable)
    lines = [
        f"Example questions: {total} (per entry: French / English, and how many search gets wrong held out):"
    ]
    lines += [f"  {e:<52} {fr:>3} / {en:<3} {flagged[e]:>3} wrong" for e, (fr, en) in report.counts.items()]
    if report.too_few:
        lines.append(
            f"Entries with fewer than {MIN_EXAMPLES_PER_LANG} example questions in a language: "
            + ", ".join(report.too_few)
        )
    if report.confusable:
        lines.append(
            f"Example questions closer to another entry than to their own (held out, search answers the other): {len(report.confusable)}"
        )
        shown = report.confusable if every else report.confusable[:SHOWN]
        lines += [f"  {own}: {text!r} -> {other}" for own, text, other in shown]
        if len(report.confusable) > len(shown):
            lines.append(f"  ... and {len(report.confusable) - SHOWN} more (socialtip kb check --all)")
    else:
        lines.append("Every example question is closest to its own entry.")
    return "\n".join(lines)
