"""``/socialtip checklist|liste [name]``: a checklist with this channel's ticks, or the list."""

from __future__ import annotations

from ....knowledge import Entry, Lang
from ....knowledge.browse import find_checklist
from ....messages import t
from ....render.blocks import Reply, entry_reply, text_reply
from .ask import ask
from .request import CommandRequest


def _listing(checklists: list[Entry], lang: Lang) -> list[str]:
    return [f"{e.title(lang)} — {e.id.removeprefix('checklist-')}" for e in checklists]


async def checklist(req: CommandRequest) -> Reply:
    """The named checklist (ticks belong to the channel); unknown names list the checklists."""
    kb, lang = req.services.kb, req.lang
    entry = find_checklist(kb, req.args) if req.args else None
    if entry is not None:
        ticked = await req.services.store.get_checklist_ticks(req.team_id, req.channel_id, entry.id)
        return entry_reply(entry, kb, lang, ticked=ticked, ephemeral=req.ephemeral)
    if len(req.args.split()) >= 3:  # "liste des bonnes pratiques pour ..." is a question
        return await ask(req)
    checklists = sorted(kb.of_kind("checklist"), key=lambda e: e.title(lang))
    example = checklists[0].id.removeprefix("checklist-") if checklists else ""
    intro = t("no_checklist", lang, name=req.args) if req.args else t("pick_checklist", lang, example=example)
    return text_reply(intro, title=t("checklists_list", lang), lines=_listing(checklists, lang))
