"""Slack's mrkdwn as a terminal shows it: what Slack would format, formatted, never raw markup.

``*bold*``, ``_italic_``, ``~strike~`` and ```code``` become ANSI styles on a terminal (and plain
words elsewhere); ``<https://x|label>`` becomes ``label (https://x)``, ``<@U123>`` ``@U123``,
``<#C1|general>`` ``#general``, ``<!here>`` ``@here``; ``&amp;``, ``&lt;`` and ``&gt;`` their
characters; a ``>`` quote line a bar. Example::

    render_mrkdwn("*Source* : <https://example.com|l'article> &amp; co", color=False)
    # "Source : l'article (https://example.com) & co"
"""

from __future__ import annotations

import re

BOLD, ITALIC, STRIKE, CODE, RESET = "\x1b[1m", "\x1b[3m", "\x1b[9m", "\x1b[2m", "\x1b[0m"

_TOKEN = re.compile(r"<([^<>\n]*)>")
_PLACEHOLDER = "\ue000{}\ue001"
_PLACEHOLDERS = re.compile("\ue000(\\d+)\ue001")


def _emphasis(marker: str) -> re.Pattern[str]:
    m = re.escape(marker)
    # Slack's rule: the marker hugs the text and is not inside a word.
    return re.compile(rf"(?<![\w{m}]){m}(?=\S)([^{m}\n]*?\S){m}(?![\w{m}])")


_STYLES = [("`", CODE), ("*", BOLD), ("_", ITALIC), ("~", STRIKE)]
_PATTERNS = [(_emphasis(marker), style) for marker, style in _STYLES]


def _token(inner: str) -> str:
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return "@" + (label or target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        return label or "@" + target[1:].split("^", 1)[0]
    if label and label != target:
        return f"{label} ({target})"
    return target


def render_mrkdwn(text: str, *, color: bool) -> str:
    """``text`` (Slack mrkdwn) as a terminal line or lines; ANSI styles only when ``color``."""
    tokens: list[str] = []

    def keep(match: re.Match[str]) -> str:
        tokens.append(_token(match.group(1)))
        return _PLACEHOLDER.format(len(tokens) - 1)

    text = _TOKEN.sub(keep, text)  # links and mentions first: their URLs may hold * or _
    for pattern, style in _PATTERNS:
        text = pattern.sub(lambda m, s=style: f"{s}{m.group(1)}{RESET}" if color else m.group(1), text)
    text = _PLACEHOLDERS.sub(lambda m: tokens[int(m.group(1))], text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return "\n".join("┃ " + line[2:] if line.startswith("> ") else line for line in text.split("\n"))
