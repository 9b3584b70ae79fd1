"""``/socialtip case|cas|exemple [brand]``: a brand's example, or the brands known."""

from __future__ import annotations

from ....knowledge.browse import find_case
from ....messages import t
from ....render.blocks import Reply, entry_reply, text_reply
from .ask import ask
from .request import CommandRequest


async def case(req: CommandRequest) -> Reply:
    """The brand's case; an unknown brand lists the brands (a longer text is a question)."""
    kb, lang = req.services.kb, req.lang
    entry = find_case(kb, req.args) if req.args else None
    if entry is not None:
        return entry_reply(entry, kb, lang, ephemeral=req.ephemeral)
    if len(req.args.split()) >= 3:  # "exemple de marque qui répond au SAV" is a question
        return await ask(req)
    cases = sorted(kb.of_kind("case"), key=lambda e: e.brand.lower())
    brands = ", ".join(dict.fromkeys(e.brand for e in cases))
    if req.args:
        intro = t("no_case", lang, name=req.args, brands=brands)
    else:
        intro = t("pick_case", lang, example=cases[0].brand if cases else "")
    lines = [f"{e.brand} — {e.title(lang)}" for e in cases]
    return text_reply(intro, title=t("cases_list", lang), lines=lines)
