""" "La pratique de la semaine" / "This week's practice": the Home tab's tip of the week, as an answer.

It is one of the Messages tab's suggested prompts, so the phrase (and a few close wordings) must
give this week's practice rather than a search result.
"""

from __future__ import annotations

from ....knowledge import Lang
from ....knowledge.browse import weekly_tip
from ....knowledge.text import words
from ....messages import t
from ....render.blocks import Reply, entry_reply, text_reply
from .request import CommandRequest

_PHRASES: dict[Lang, tuple[str, ...]] = {
    "fr": (
        t("prompt_week", "fr"),
        "pratique de la semaine",
        "quelle est la pratique de la semaine",
        "le conseil de la semaine",
        "conseil de la semaine",
    ),
    "en": (
        t("prompt_week", "en"),
        "this weeks practice",
        "practice of the week",
        "the practice of the week",
        "weekly practice",
        "tip of the week",
        "the tip of the week",
        "whats this weeks practice",
        "what is this weeks practice",
    ),
}
_INDEX: dict[str, Lang] = {
    " ".join(words(phrase.replace("'", ""))): lang for lang, phrases in _PHRASES.items() for phrase in phrases
}


def weekly_request_lang(text: str) -> Lang | None:
    """The language of ``text`` when it asks for this week's practice (and nothing else), else None."""
    return _INDEX.get(" ".join(words(text.replace("'", "").replace("\u2019", ""))))


async def weekly(req: CommandRequest) -> Reply:
    """This week's practice, as on the Home tab (the same for everyone this ISO week)."""
    kb = req.services.kb
    entry = weekly_tip(kb)
    if entry is None:
        return text_reply(t("no_answer", req.lang))
    return entry_reply(entry, kb, req.lang, ephemeral=req.ephemeral, intro=t("home_week", req.lang))
