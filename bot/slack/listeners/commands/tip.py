"""``/socialtip`` with no text: a tip, never the one this person saw last."""

from __future__ import annotations

from ....knowledge.browse import pick_tip
from ....messages import t
from ....render.blocks import Reply, entry_reply
from .request import CommandRequest


async def tip(req: CommandRequest) -> Reply:
    """A tip for this person, rotating; on a bare mention or DM, also how to ask."""
    store, kb = req.services.store, req.services.kb
    last = await store.get_last_tip(req.team_id, req.user_id)
    entry = pick_tip(kb, exclude=last)
    req.later(lambda: store.set_last_tip(req.team_id, req.user_id, entry.id))
    intro = "" if req.surface == "command" else t("how_to_ask", req.lang)
    return entry_reply(entry, kb, req.lang, ephemeral=req.ephemeral, intro=intro)
