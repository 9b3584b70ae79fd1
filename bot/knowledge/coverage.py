"""Coverage of the knowledge base: how entries spread over kinds, sources and topics, and which
content rules (see :mod:`.quotes`) entries do not meet yet."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass

from .loader import Finding, KnowledgeBase
from .models import KINDS
from .quotes import RULES


@dataclass(frozen=True, slots=True)
class Coverage:
    """Counts of entries per kind, per cited source and per topic; sources nobody cites; the
    citations, how many have an English rendering, and the unmet content rules."""

    per_kind: dict[str, int]
    per_source: dict[str, int]
    per_topic: dict[str, int]
    uncited_sources: list[str]
    total: int
    overviews: int = 0
    citations: int = 0
    translated: int = 0
    source_dates: dict[str, str] | None = None
    findings: tuple[Finding, ...] = ()


def coverage(kb: KnowledgeBase) -> Coverage:
    """Summarise ``kb``: every kind, source and topic appears, with zero where nothing uses it."""
    entries = kb.entries.values()
    per_kind = Counter(e.kind for e in entries)
    per_source = Counter(a for e in entries for a in {c.article for c in e.sources})
    per_topic = Counter(t for e in entries for t in e.topics)
    return Coverage(
        per_kind={k: per_kind.get(k, 0) for k in KINDS},
        per_source={s: per_source.get(s, 0) for s in kb.sources},
        per_topic={t: per_topic.get(t, 0) for t in kb.topics},
        uncited_sources=[s for s in kb.sources if not per_source.get(s)],
        total=len(kb.entries),
        overviews=sum(1 for e in entries if e.overview),
        citations=sum(len(e.sources) for e in entries),
        translated=sum(1 for e in entries for c in e.sources if c.quote_en),
        source_dates={
            s.id: (f"c. {s.date} (estimate)" if s.date_is_estimate else s.date) for s in kb.sources.values()
        },
        findings=kb.findings,
    )


def format_coverage(cov: Coverage) -> str:
    """The ``socialtip kb check`` report, as plain text."""
    lines = [
        f"OK: {cov.total} entries ({cov.overviews} overviews), {cov.citations} citations, "
        f"{cov.translated} with quote_en",
        "",
        "Entries per kind:",
    ]
    lines += [f"  {k:<12} {n}" for k, n in cov.per_kind.items()]
    lines += ["", "Entries citing each source (and its date):"]
    dates = cov.source_dates or {}
    lines += [f"  {s:<36} {n:>3}   {dates.get(s, '')}" for s, n in cov.per_source.items()]
    lines += ["", "Entries per topic:"]
    lines += [f"  {t:<18} {n}" for t, n in cov.per_topic.items()]
    lines.append("")
    if cov.uncited_sources:
        lines.append("Sources no entry cites: " + ", ".join(cov.uncited_sources))
    else:
        lines.append("Every source is cited.")
    lines += ["", *format_findings(cov.findings)]
    return "\n".join(lines)


def format_findings(findings: tuple[Finding, ...]) -> list[str]:
    """The content checks: a count per rule (zero included), then each finding, entry by entry."""
    per_rule = Counter(f.rule for f in findings)
    entries = {f.entry_id for f in findings}
    if not findings:
        lines = ["Content checks: every rule met."]
    else:
        lines = [f"Content checks: {len(findings)} problems in {len(entries)} entries."]
    lines += [f"  {per_rule.get(rule, 0):>4}  {label}" for rule, label in RULES.items()]
    current = ""
    for finding in findings:
        where = f"{_short(finding.path)}: entry '{finding.entry_id}'"
        if where != current:
            lines += ["", where]
            current = where
        lines.append(f"  - {finding.problem}")
    return lines


def _short(path: str) -> str:
    """``path`` relative to the working directory when it lies below it (shorter to read)."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative
