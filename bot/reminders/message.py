"""The reminder message: the practice of the week, its source, "Done ✅" and "Another one".

Built on the entry rendering of :mod:`bot.render.blocks`, whose buttons are replaced by the
reminder's own. Who has done the practice is kept by the store (``add_reminder_done``) and
also carried by the "Done" button, so the message is rebuilt with everyone on each click.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, ContextBlock, MarkdownTextObject

from ..knowledge import Entry, KnowledgeBase, Lang
from ..messages import t
from ..render.blocks import entry_reply

DONE = "socialtip_remind_done"
ANOTHER = "socialtip_remind_another"
BUTTONS_BLOCK = "remind_buttons"
DONE_BLOCK = "remind_done_by"
MAX_VALUE = 2000
MAX_BLOCKS = 50


@dataclass(frozen=True, slots=True)
class ReminderValue:
    """What the reminder's buttons carry: the entry, the language and who has done it."""

    entry_id: str
    lang: Lang
    done_by: tuple[str, ...] = ()

    def encode(self) -> str:
        users = list(self.done_by)
        while True:
            raw = json.dumps({"e": self.entry_id, "l": self.lang, "d": users})
            if len(raw) <= MAX_VALUE:
                return raw
            users = users[1:]  # keep the most recent within Slack's 2,000 characters

    @classmethod
    def decode(cls, raw: str) -> ReminderValue:
        """Parse a button value; raises ``ValueError`` when it is not a reminder's."""
        data = json.loads(raw)
        if not isinstance(data, dict) or not isinstance(data.get("e"), str):
            raise ValueError("not a reminder button value")
        lang: Lang = "en" if data.get("l") == "en" else "fr"
        done = tuple(u for u in data.get("d") or () if isinstance(u, str))
        return cls(entry_id=data["e"], lang=lang, done_by=done)


def reminder_message(
    entry: Entry, kb: KnowledgeBase, lang: Lang, done_by: tuple[str, ...] = ()
) -> dict[str, Any]:
    """``{"text", "blocks"}`` for chat.postMessage / chat.update."""
    reply = entry_reply(entry, kb, lang, ephemeral=False, intro=t("remind_title", lang))
    kept = [block for block in reply.blocks if block.block_id not in ("buttons", "feedback")]  # not an answer
    blocks = [block.to_dict() for block in kept][: MAX_BLOCKS - 2]
    value = ReminderValue(entry.id, lang, done_by).encode()
    if done_by:
        users = ", ".join(f"<@{user}>" for user in done_by)
        blocks.append(
            ContextBlock(
                block_id=DONE_BLOCK,
                elements=[MarkdownTextObject(text=t("remind_done_by", lang, users=users))],
            ).to_dict()
        )
    blocks.append(
        ActionsBlock(
            block_id=BUTTONS_BLOCK,
            elements=[
                ButtonElement(text=t("remind_btn_done", lang), action_id=DONE, value=value, style="primary"),
                ButtonElement(text=t("remind_btn_another", lang), action_id=ANOTHER, value=value),
            ],
        ).to_dict()
    )
    return {
        "text": f"{t('remind_title', lang)} : {reply.text}"
        if lang == "fr"
        else f"{t('remind_title', lang)}: {reply.text}",
        "blocks": blocks,
    }
