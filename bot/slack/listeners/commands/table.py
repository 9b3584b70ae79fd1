"""The sub-command table: the first word of ``/socialtip ...`` (French or English) -> its handler.

To add a sub-command, write ``async def handler(req: CommandRequest) -> Reply`` in its own
module and add one line below; for the help, add ``help_<name>``, ``usage_<name>`` and
``example_<name>`` to ``bot/messages.py`` and give the route ``help="<name>"``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ....knowledge import Lang
from ....knowledge.text import fold
from ....messages import t
from ....render.blocks import HelpLine
from .ask import ask
from .case import case
from .checklist import checklist
from .expert import expert
from .help import show_help
from .lang import set_lang
from .remind import remind
from .request import Handler
from .tip import tip
from .topics import topics
from .weekly import weekly, weekly_request_lang


@dataclass(frozen=True, slots=True)
class Route:
    """A sub-command word's handler. ``lang``: the language the word itself is in, if it tells;
    ``takes_args``: False sends ``help me with hashtags`` to the question handler instead;
    ``help``: the name of its help messages (None: not listed in the help)."""

    handler: Handler
    lang: Lang | None = None
    takes_args: bool = True
    help: str | None = None


SUBCOMMANDS: dict[str, Route] = {
    "help": Route(show_help, "en", takes_args=False, help="help"),
    "aide": Route(show_help, "fr", takes_args=False, help="help"),
    "checklist": Route(checklist, help="checklist"),
    "checklists": Route(checklist),
    "check-list": Route(checklist),
    "liste": Route(checklist, "fr", help="checklist"),
    "listes": Route(checklist, "fr"),
    "case": Route(case, "en", help="case"),
    "cases": Route(case, "en"),
    "example": Route(case, "en"),
    "cas": Route(case, "fr", help="case"),
    "exemple": Route(case, "fr"),
    "exemples": Route(case, "fr"),
    "topics": Route(topics, "en", takes_args=False, help="topics"),
    "sujets": Route(topics, "fr", takes_args=False, help="topics"),
    "lang": Route(set_lang, help="lang"),
    "langue": Route(set_lang, "fr"),
    "language": Route(set_lang, "en"),
    "remind": Route(remind, "en", help="remind"),
    "rappel": Route(remind, "fr", help="remind"),
    "expert": Route(expert, help="expert"),
    "experts": Route(expert),
}
TIP = Route(tip, help="tip")
QUESTION = Route(ask, help="question")
WEEKLY: dict[Lang, Route] = {lang: Route(weekly, lang, takes_args=False) for lang in ("fr", "en")}
""""La pratique de la semaine" / "This week's practice" (a Messages tab prompt), whole text only."""


def resolve(text: str) -> tuple[Route, str]:
    """The route for ``text`` (plain text) and the rest of it: no text is a tip, an unknown first
    word (or extra words after one that takes none) makes the whole text a question."""
    text = text.strip()
    if not text:
        return TIP, ""
    weekly_lang = weekly_request_lang(text)
    if weekly_lang is not None:
        return WEEKLY[weekly_lang], ""
    word, _, rest = text.partition(" ")
    route = SUBCOMMANDS.get(fold(word.rstrip(":")))
    rest = rest.strip()
    if route is None or (rest and not route.takes_args):
        return QUESTION, text
    return route, rest


def help_lines(lang: Lang) -> list[HelpLine]:
    """One line per sub-command, in the table's order, with its usage and example in ``lang``."""
    names: list[str] = []
    for route in (TIP, QUESTION, *SUBCOMMANDS.values()):
        if route.help and route.help not in names:
            names.append(route.help)
    return [HelpLine(t(f"usage_{n}", lang), t(f"example_{n}", lang), t(f"help_{n}", lang)) for n in names]
