"""Slack's message markup turned into plain text, so questions are searched and echoed safely."""

from __future__ import annotations

import re

_MARKUP = re.compile(r"<([^<>]*)>")


def _plain(token: str) -> str:
    target, _, label = token.partition("|")
    if target.startswith("@"):  # <@U123> or <@U123|name>
        return "@" + (label or target[1:])
    if target.startswith("#"):  # <#C123|general>
        return "#" + (label or target[1:])
    if target.startswith("!"):  # <!channel>, <!here>, <!subteam^S1|@team>, <!date^...|fallback>
        return label or "@" + target[1:].split("^", 1)[0]
    return label or target  # <https://x|label> or <https://x>


def slack_to_plain(text: str) -> str:
    """Replace Slack markup (mentions, channels, links) with readable words and unescape entities.

    The result is plain text: it must be escaped again (``bot.render.blocks.escape``) before
    being put back into a message.
    """
    text = _MARKUP.sub(lambda m: _plain(m.group(1)), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def strip_mention(text: str, user_id: str | None) -> str:
    """``text`` without the leading mention(s) of ``user_id`` (the app's bot user)."""
    if not user_id:
        return text.strip()
    pattern = re.compile(rf"^\s*<@{re.escape(user_id)}(?:\|[^>]*)?>[\s,:]*")
    while True:
        stripped = pattern.sub("", text, count=1)
        if stripped == text:
            return text.strip()
        text = stripped
