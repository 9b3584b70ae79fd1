"""The knowledge base: loading, validation and search. Nothing here knows about Slack."""

from .loader import KnowledgeBase, KnowledgeError, load_knowledge
from .models import KINDS, LANGS, Citation, Content, Entry, Kind, Lang, Source, Topic

__all__ = [
    "KINDS",
    "LANGS",
    "Citation",
    "Content",
    "Entry",
    "Kind",
    "KnowledgeBase",
    "KnowledgeError",
    "Lang",
    "Source",
    "Topic",
    "load_knowledge",
]
