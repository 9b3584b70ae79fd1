"""Guess whether a short question is French or English, from function words and accents."""

from __future__ import annotations

import re

from .models import Lang
from .text import fold, strip_slack_markup

_TOKEN = re.compile(r"[a-zà-ÿœ']+")
# Function words and frequent words that are clearly one language (few shared spellings).
_FR = frozenset(
    """
    le la les un une des du de et est sont au aux avec pour par sur dans ce cette ces qui que quoi quel quelle
    quels quelles comment pourquoi quand est-ce nous vous notre votre nos vos mon ma mes je tu il elle ils elles
    on pas plus faut faire fait doit dois peut peux avoir etre être ou où très bien aussi mais donc alors
    quoi c'est qu'est-ce l' d' j' n' s' qu' c' chez entre sans sous comme leur leurs y a-t-il faut-il
    marque marques compte abonnés réseaux réseau sociaux exemple client clients conseil conseils gérer
    """.split()
)
_EN = frozenset(
    """
    the a an and is are was were be been of to in on for with by at from this that these those what which who
    how why when where do does did should can could would will our your my we you they it its has have had
    not no any some there their than then about into just more most own very also but so if or
    brand brands account followers customer support example handle tips tip advice network networks
    """.split()
)
_FR_CHARS = re.compile(r"[éèêëàâçîïôûùœ]")


def detect_lang(text: str) -> Lang | None:
    """``"fr"`` or ``"en"`` for a question, or None when it gives no clue (e.g. ``"hashtag TV"``)."""
    raw = strip_slack_markup(text).lower().replace("’", "'")
    tokens = _TOKEN.findall(raw)
    expanded: list[str] = []
    for tok in tokens:
        if "'" in tok:
            head, _, tail = tok.partition("'")
            expanded.append(head + "'")
            if tail:
                expanded.append(tail)
        else:
            expanded.append(tok)
    fr = sum(1 for t in expanded if t in _FR or fold(t) in _FR)
    en = sum(1 for t in expanded if t in _EN)
    fr += 2 * len(_FR_CHARS.findall(raw)) if fr or not en else len(_FR_CHARS.findall(raw))
    if fr == en:
        return None
    return "fr" if fr > en else "en"
