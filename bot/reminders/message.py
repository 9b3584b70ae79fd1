"""The reminder message: the practice of the week, its source, "Done ✅" and "Another one".

Built on the entry rendering of :mod:`bot.render.blocks`, whose buttons are replaced by the
reminder's own. Who has done the practice is kept by the store (``add_reminder_done``) and
also carried by the "Done" button, so the message is rebuilt with everyone on each click.
"""

from __future__ import annotations

import json
import re
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
MAX_DONE_NAMES = 30
"""At most this many people are named in "Done by"; the others are counted ("and 187 others")."""
MAX_TEXT = 3000
"""Slack's limit on a text object."""
_USER_ID = re.compile(r"^[UW][A-Z0-9]{1,20}$")
_ENTRY_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,64}$")


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
        """Parse a button value; raises ``ValueError`` when it is not a reminder's: not ours, longer
        than Slack allows, or naming anything but Slack user ids as having done it (a forged
        ``<!channel>`` there would notify the whole channel)."""
        if len(raw) > MAX_VALUE:
            raise ValueError("longer than a button value can be")
        data = json.loads(raw)
        if not isinstance(data, dict) or not isinstance(data.get("e"), str) or not _ENTRY_ID.match(data["e"]):
            raise ValueError("not a reminder button value")
        lang: Lang = "en" if data.get("l") == "en" else "fr"
        done = data.get("d") or []
        if not isinstance(done, list) or not all(isinstance(u, str) and _USER_ID.match(u) for u in done):
            raise ValueError("'done by' holds something other than user ids")
        return cls(entry_id=data["e"], lang=lang, done_by=tuple(done))


def done_by_text(done_by: tuple[str, ...], lang: Lang) -> str:
    """``✅ Done by <@U1>, <@U2>``; past :data:`MAX_DONE_NAMES` people (or Slack's 3,000
    characters), the first ones are named and the rest counted: ``… and 187 others``."""
    names = [f"<@{user}>" for user in done_by if _USER_ID.match(user)]
    shown = names[:MAX_DONE_NAMES]
    while True:
        more = len(names) - len(shown)
        users = ", ".join(shown)
        text = (
            t("remind_done_by_more", lang, users=users, more=more)
            if more
            else t("remind_done_by", lang, users=users)
        )
        if len(text) <= MAX_TEXT or len(shown) <= 1:
            return text
        shown = shown[:-1]


def reminder_message(
    entry: Entry, kb: KnowledgeBase, lang: Lang, done_by: tuple[str, ...] = ()
) -> dict[str, Any]:
    """``{"text", "blocks"}`` for chat.postMessage / chat.update."""
    reply = entry_reply(entry, kb, lang, ephemeral=False, intro=t("remind_title", lang))
    kept = [block for block in reply.blocks if block.block_id not in ("buttons", "feedback")]  # not an answer
    blocks = [block.to_dict() for block in kept][: MAX_BLOCKS - 2]
    value = ReminderValue(entry.id, lang, done_by).encode()
    if done_by:
        blocks.append(
            ContextBlock(
                block_id=DONE_BLOCK, elements=[MarkdownTextObject(text=done_by_text(done_by, lang))]
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
