"""Text normalisation for search: Slack markup removal, accent folding, tokens, stop words, stems."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import Stemmer

from .models import Lang

# Slack markup: <@U123>, <#C123|name>, <!here>, <https://x|label>, :emoji:, *bold*, _it_, ~strike~, `code`.
_SLACK_LINK = re.compile(r"<(https?://[^|>]+)(?:\|([^>]*))?>")
_SLACK_REF = re.compile(r"<[@#!][^>]*>")
_EMOJI = re.compile(r":[a-z0-9_+\-']+:")
_WORD = re.compile(r"[a-z0-9]+")


def _fold_table() -> dict[int, str]:
    """Lower-case accent-free replacements for the Latin letters French and English use."""
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char.lower()) if not unicodedata.combining(c))
        if base != char:
            table[code] = base
    table.update({ord("œ"): "oe", ord("Œ"): "oe", ord("æ"): "ae", ord("Æ"): "ae", ord("ß"): "ss"})
    return table


_FOLD = _fold_table()

STOPWORDS_FR = frozenset(
    """
    a ai aie aient aies ait alors as au aucun aucune aupres aussi autre autres aux avaient avais avait avec
    avez aviez avoir avons ayant bah bcp bien bon c ca car ce ceci cela celle celles celui cependant ces cet
    cette ceux chaque chez ci comme comment d dans de des deja donc dont du elle elles en encore entre es est
    et etaient etais etait etant ete etes etre eu eux faire fait faut fois font ici il ils j je jusqu l la le
    les leur leurs lui m ma mais me meme mes moi mon n ne ni nos notre nous on ont ou par parce pas peu peut
    peux plus pour pourquoi qu quand que quel quelle quelles quels qui quoi s sa sans se ses si sil son sont
    sous soyez suis sur t ta te tes toi ton tous tout toute toutes tres tu un une vers voici voila vos votre
    vous y svp stp merci bonjour salut hello coucou ok dois doit doivent devons devez faudrait aurait serait
    etre avoir quoi est-ce ya cest jai quest estce quil quelles mieux vraiment grave combien semaine
    fera ferait ferons ferez feront fais faisons faites faisait sera serait serons serez seront va vais vont
    aller allez allons irait aura aurais aurons auront avait
    depuis genre truc trucs machin an ans annee annees mois vaut valoir maintenant deja encore toujours
    """.split()
)
STOPWORDS_EN = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her
    here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only
    or other our ours out over own same she should so some such than that the their theirs them then there
    these they this those through to too under until up very was we were what when where which while who whom
    why will with would you your yours yourself ok please thanks hi hey hello really get got any anything
    something someone whats hows dont doesnt isnt im ive lets us shall might must may need needs many much week
    """.split()
)
STOPWORDS = STOPWORDS_FR | STOPWORDS_EN


def strip_slack_markup(text: str) -> str:
    """Remove mentions, channel links and emoji codes; keep link labels and the words of formatted text."""
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SLACK_REF.sub(" ", text)
    text = _EMOJI.sub(" ", text)
    return html.unescape(text)


def fold(text: str) -> str:
    """Lower-case and strip accents: ``Réactivité`` -> ``reactivite``, ``cœur`` -> ``coeur``."""
    return text.lower().translate(_FOLD)


def words(text: str) -> list[str]:
    """Folded word tokens; elisions split off (``l'intérêt`` -> ``l``, ``interet``)."""
    return _WORD.findall(fold(text))


def is_content_word(word: str) -> bool:
    """A folded token that carries meaning: not a stop word, not a lone letter, not a one- or
    two-digit number ("2 ans", "3-4 clients"); longer numbers count ("300 abonnés")."""
    if word.isdigit():
        return len(word) > 2
    return word not in STOPWORDS and len(word) > 1


# Stop words for keyword search that still say something when a whole question is compared with
# example questions: how much (« peu d'abonnés », "too many"), how serious (« c'est grave ? »), why.
NUANCE_WORDS = frozenset(
    """
    peu trop beaucoup grave combien mieux pourquoi sans toujours encore depuis vraiment jamais rien
    personne aucun aucune seul seule seulement few many much too why more most only never nothing
    nobody no not without still really enough assez
    """.split()
)


def is_question_word(word: str) -> bool:
    """A word worth comparing questions on: a content word, or a nuance word (:data:`NUANCE_WORDS`)."""
    return is_content_word(word) or word in NUANCE_WORDS


def content_words(text: str) -> list[str]:
    """Folded tokens without stop words or one-letter words (numbers are kept)."""
    return [w for w in words(text) if is_content_word(w)]


_STEMMERS = {"fr": Stemmer.Stemmer("french"), "en": Stemmer.Stemmer("english")}


MAX_CACHED_WORD = 40
"""Words longer than this are stemmed each time instead of cached: no real word is that long, and
caching distinct long junk words (a pasted hash, a 4,000-character "word") is what made the
cache grow to hundreds of megabytes. The cache holds at most 65,536 words of at most 40
characters: a few megabytes."""


def stem(word: str, lang: Lang) -> str:
    """The Snowball stem of a folded word in ``lang``."""
    if len(word) > MAX_CACHED_WORD:
        return _STEMMERS[lang].stemWord(word)
    return _cached_stem(word, lang)


@lru_cache(maxsize=65536)
def _cached_stem(word: str, lang: Lang) -> str:
    return _STEMMERS[lang].stemWord(word)


def light(word: str) -> str:
    """A language-neutral light form for phrase matching: plural ``s``/``x`` dropped."""
    if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        return word[:-1]
    return word
