"""What a citation and an entry's own words must look like: the rules ``kb check`` enforces.

A quote is one whole sentence of its article, copied exactly (runs of whitespace aside), at most
:data:`MAX_QUOTE_CHARS` long. Three cuts keep it verbatim and contiguous and are the only ones
allowed (see knowledge/README.md):

- a dependent-clause opening dropped (« En précisant que », « Avant de préciser que »);
- a bracketed link title dropped at the end of the sentence (« (Quelques chiffres méconnus sur Twitter) »);
- a sentence of quoted speech cited on its own, without the quotation marks and « indique-t-il ».

An entry's own text states dated claims with their year: a time word (« aujourd'hui », « encore »,
"now", "still"...) needs a year in the same sentence. Quoted words (« … », "…") are not checked.
"""

from __future__ import annotations

import re

MAX_QUOTE_CHARS = 400

_UPPER = "A-ZÀ-ÖØ-ÞŒ"
# Inside a quote, where one sentence ends and another starts: ". Le", "… Mais", "dimanche. la",
# ". - Le" (a list item).
_BOUNDARY = re.compile(
    rf"(?:[.!?]|…)[\"»”)]*\s+(?:[-–•]\s+)?[«\"“(]?[{_UPPER}]|[.!?][\"»”]*\s+(?:[-–•]\s+)?[a-zà-ÿ]"
)
_SENTENCE_END = re.compile(r"(?:[.!?]|…)[\"»”]*$")
# What may come right before a quote in its article: a sentence end, a line break (after a
# heading), a list bullet or dash, or the opening of quoted speech.
_STARTS_AFTER = '.!?…"«“•\n'
# A dependent-clause opening that a quote may drop: « En précisant que », « Avant de préciser que ».
_OPENING_WORDS = r"(?:En|Avant de|Après avoir)\s+\S+\s+(?:que\s+|qu[’'])"
_OPENING = re.compile(rf"(?:^|[.!?…\"»”\n]\s*){_OPENING_WORDS}$")
_OPENS_ON_CLAUSE = re.compile(rf"^{_OPENING_WORDS}")
# A bracketed link title (capitalised) that ends the quoted sentence: drop it from the quote.
_LINK_TITLE_AT_END = re.compile(rf"\([{_UPPER}][^)]*\)\s*(?:[.!?…]|$)")
# What may come right after a quote that does not end its sentence: the end of quoted speech, the
# next list item, or a bracketed link title (capitalised) that ends the sentence.
_ENDS_BEFORE = re.compile(rf"^[ \t]*(?:$|\n|[\"”»•]|\([{_UPPER}][^)]*\)\s*(?:$|\n|[.!?…•]))")

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”")
_TIME_WORDS = re.compile(
    r"\b(?:aujourd['’]hui|désormais|actuellement|maintenant|dorénavant|de nos jours|"
    r"à l['’]heure actuelle|en ce moment|à présent|tout juste|"
    r"encore(?!\s+(?:plus|moins|mieux|une fois|faut-il))|"
    r"now|nowadays|today|still|currently|these days|at present|at the moment)\b",
    re.IGNORECASE,
)
_TEXT_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def sentence_count(quote: str) -> int:
    """How many sentences ``quote`` holds (one, for a well-formed citation)."""
    return 1 + len(_BOUNDARY.findall(quote))


# The rules, as ``kb check`` counts them.
RULES: dict[str, str] = {
    "quote_en": "citations without quote_en (English rendering)",
    "length": f"quotes over {MAX_QUOTE_CHARS} characters",
    "sentences": "quotes of more than one sentence",
    "opening": "quotes opening on a dependent clause",
    "link_title": "quotes ending with a bracketed link title",
    "start": "quotes starting mid-sentence",
    "end": "quotes stopping mid-sentence",
    "time_word": "texts with a time word and no year",
    "step": "checklist steps or overview points no citation supports",
    "shared": "quotes cited by two tips or cases",
}


def quote_problems(quote: str, source_text: str) -> list[tuple[str, str]]:
    """``(rule, problem)`` for what is wrong with ``quote`` (whitespace-collapsed) as a citation of
    ``source_text`` (the article as published).

    Empty when the quote is one whole sentence within the limit. A quote that is not in the
    source at all is the loader's business (a hard error), not reported here.
    """
    problems = []
    if len(quote) > MAX_QUOTE_CHARS:
        problems.append(("length", f"quote of {len(quote)} characters (max {MAX_QUOTE_CHARS})"))
    sentences = sentence_count(quote)
    if sentences > 1:
        problems.append(("sentences", f"quote holds {sentences} sentences (cite one sentence per citation)"))
    if _OPENS_ON_CLAUSE.match(quote):
        problems.append(("opening", f"quote opens on a dependent clause (drop it): {quote[:40]!r}"))
    if _LINK_TITLE_AT_END.search(quote):
        problems.append(("link_title", "quote ends with a bracketed link title (drop it)"))
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    spans = [m.span() for m in re.finditer(pattern, source_text)]
    if spans and not any(_starts_well(source_text, start, quote) for start, _ in spans):
        problems.append(("start", f"quote starts mid-sentence: {quote[:50]!r}"))
    if spans and not any(_ends_well(source_text, end, quote) for _, end in spans):
        problems.append(("end", f"quote stops mid-sentence: {quote[-50:]!r}"))
    return problems


def _starts_well(text: str, start: int, quote: str) -> bool:
    before = text[:start].rstrip(" \t")
    if not before or before[-1] in _STARTS_AFTER:
        return True
    if before[-1] == "-":  # a list dash: "- Le premier intérêt de Twitter"
        return quote[:1].isupper()
    return bool(_OPENING.search(text[:start]))


def _ends_well(text: str, end: int, quote: str) -> bool:
    if _SENTENCE_END.search(quote):
        return end == len(text) or not text[end].isalnum()
    return bool(_ENDS_BEFORE.match(text[end:]))


def undated_time_words(text: str) -> list[str]:
    """The time words of ``text`` that stand in a sentence without a year (quoted words ignored)."""
    found = []
    for sentence in _TEXT_SENTENCE.split(_QUOTED.sub("", text)):
        if _YEAR.search(sentence):
            continue
        found += [m.group(0) for m in _TIME_WORDS.finditer(sentence)]
    return found
