"""Greetings and thanks: messages that are not questions, and deserve a friendly word, not a search.

``small_talk("merci !")`` -> ``"thanks"``; ``small_talk("bonjour @socialtip :wave:")`` ->
``"greeting"``; anything that carries a question -> None.
"""

from __future__ import annotations

from typing import Literal

from .text import strip_slack_markup, words

SmallTalk = Literal["greeting", "thanks"]

_GREETINGS = frozenset(
    """
    bonjour bonsoir salut coucou hello hi hey yo hola morning evening hiya howdy bjr slt cc re
    """.split()
)
_THANKS = frozenset(
    """
    merci thanks thank thx ty cheers mercii merciii bravo nickel parfait super top genial great
    awesome perfect nice cool excellent
    """.split()
)
# Words that may surround a greeting or thanks without making it a question.
_AROUND = frozenset(
    """
    a all beaucoup bien bonne bot ca comment cest c dear de du everyone everybody folks good gros
    guys hello la le les lot many me mille much monde ok okay oui so socialtip team the there tlm
    tous tout toute va very vous you yes yeah tres journee soiree day again encore pour ton votre
    your it that for help aide it s is un une infiniment how are doing vas allez going est cest
    """.split()
)


def small_talk(text: str) -> SmallTalk | None:
    """``"thanks"`` or ``"greeting"`` when ``text`` is only that (with mentions, emoji, filler)."""
    tokens = words(strip_slack_markup(text))
    if not tokens or len(tokens) > 8:
        return None
    if any(t not in _GREETINGS and t not in _THANKS and t not in _AROUND for t in tokens):
        return None
    if any(t in _THANKS for t in tokens):
        return "thanks"
    if any(t in _GREETINGS for t in tokens) or {"how", "are"} <= set(tokens) or {"ca", "va"} <= set(tokens):
        return "greeting"
    return None
