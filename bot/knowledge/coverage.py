"""Coverage of the knowledge base: how entries spread over kinds, sources and topics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .loader import KnowledgeBase
from .models import KINDS


@dataclass(frozen=True, slots=True)
class Coverage:
    """Counts of entries per kind, per cited source and per topic; sources nobody cites."""

    per_kind: dict[str, int]
    per_source: dict[str, int]
    per_topic: dict[str, int]
    uncited_sources: list[str]
    total: int


def coverage(kb: KnowledgeBase) -> Coverage:
    """Summarise ``kb``: every kind, source and topic appears, with zero where nothing uses it."""
    per_kind = Counter(e.kind for e in kb.entries.values())
    per_source = Counter(a for e in kb.entries.values() for a in {c.article for c in e.sources})
    per_topic = Counter(t for e in kb.entries.values() for t in e.topics)
    return Coverage(
        per_kind={k: per_kind.get(k, 0) for k in KINDS},
        per_source={s: per_source.get(s, 0) for s in kb.sources},
        per_topic={t: per_topic.get(t, 0) for t in kb.topics},
        uncited_sources=[s for s in kb.sources if not per_source.get(s)],
        total=len(kb.entries),
    )


def format_coverage(cov: Coverage) -> str:
    """The ``socialtip kb check`` report, as plain text."""
    lines = [f"OK: {cov.total} entries", "", "Entries per kind:"]
    lines += [f"  {k:<12} {n}" for k, n in cov.per_kind.items()]
    lines += ["", "Entries citing each source:"]
    lines += [f"  {s:<36} {n}" for s, n in cov.per_source.items()]
    lines += ["", "Entries per topic:"]
    lines += [f"  {t:<18} {n}" for t, n in cov.per_topic.items()]
    lines.append("")
    if cov.uncited_sources:
        lines.append("Sources no entry cites: " + ", ".join(cov.uncited_sources))
    else:
        lines.append("Every source is cited.")
    return "\n".join(lines)
