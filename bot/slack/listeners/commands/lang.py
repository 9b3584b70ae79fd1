"""``/socialtip lang fr|en``: remember the language a person wants answers in."""

from __future__ import annotations

from ....knowledge import Lang
from ....knowledge.text import fold
from ....messages import t
from ....render.blocks import Reply, text_reply
from .request import CommandRequest

_NAMES: dict[str, Lang] = {
    "fr": "fr",
    "francais": "fr",
    "french": "fr",
    "en": "en",
    "anglais": "en",
    "english": "en",
}


async def set_lang(req: CommandRequest) -> Reply:
    """Store the preference (durably, before saying so) and confirm in the new language."""
    lang = _NAMES.get(fold(req.args.strip()))
    if lang is None:
        return text_reply(t("lang_usage", req.lang))
    await req.services.set_lang(req.team_id, req.user_id, lang)
    return text_reply(t("lang_set", lang))
