"""Which entries answer a question labelled with article passages.

Question sets written blind (by people who read only the articles) name the passage that answers
each question, as verbatim sentences of one article. An entry answers such a question when one of
its citations quotes that passage: the citation contains the passage, or the passage contains the
citation (a citation may be one sentence, or a trimmed part of one). This keeps the labels true
whatever the entries become: they are re-derived from the citations every time.
"""

from __future__ import annotations

from collections.abc import Iterable

from .loader import KnowledgeBase, collapse_spaces


def answering_entries(kb: KnowledgeBase, article: str, passages: Iterable[str]) -> set[str]:
    """Ids of the entries of ``kb`` whose citations of ``article`` quote one of ``passages``."""
    wanted = [collapse_spaces(p) for p in passages if p.strip()]
    found: set[str] = set()
    for entry in kb.entries.values():
        for citation in entry.sources:
            if citation.article != article:
                continue
            quote = collapse_spaces(citation.quote)
            if any(p in quote or quote in p for p in wanted):
                found.add(entry.id)
                break
    return found
