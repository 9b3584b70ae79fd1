"""Every user-facing string, in French and English, in one place.

``t("no_answer", "en")`` returns the English text; ``{placeholders}`` are filled from keyword
arguments. Keys are grouped by the surface that uses them; add new keys in both languages.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    # Answers (shared by the CLI, the console and Slack).
    "no_answer": {
        "fr": "Je n'ai pas de bonne réponse à cette question dans mes sources : je préfère ne rien inventer.",
        "en": "I have no good answer to that in my sources, and I'd rather not make one up.",
    },
    "suggest_topics": {
        "fr": "Essayez une question sur l'un de ces sujets : {topics}.",
        "en": "Try a question on one of these topics: {topics}.",
    },
    "source": {"fr": "Source", "en": "Source"},
    "why": {"fr": "Pourquoi", "en": "Why it matters"},
    "practice": {"fr": "À mettre en pratique", "en": "Put it into practice"},
    "outcome": {"fr": "Résultat", "en": "What came of it"},
    "lesson": {"fr": "La leçon", "en": "The lesson"},
    "steps": {"fr": "Étapes", "en": "Steps"},
    "see_also": {"fr": "Voir aussi", "en": "See also"},
    "kind_tip": {"fr": "Conseil", "en": "Tip"},
    "kind_checklist": {"fr": "Check-list", "en": "Checklist"},
    "kind_case": {"fr": "Cas", "en": "Case"},
    "no_checklist": {
        "fr": "Je ne connais pas de check-list « {name} ». Voici celles que j'ai :",
        "en": "I don't know a checklist called \u201c{name}\u201d. Here are the ones I have:",
    },
    "no_case": {
        "fr": "Je n'ai pas d'exemple pour « {name} ». Voici les marques que je connais : {brands}.",
        "en": "I have no example for \u201c{name}\u201d. Here are the brands I know: {brands}.",
    },
    "checklists_list": {"fr": "Check-lists disponibles", "en": "Available checklists"},
    "cases_list": {"fr": "Exemples de marques", "en": "Brand examples"},
    "topics_list": {"fr": "Sujets", "en": "Topics"},
    "no_topic": {
        "fr": "Sujet inconnu « {topic} ». Sujets possibles : {topics}.",
        "en": "Unknown topic \u201c{topic}\u201d. Possible topics: {topics}.",
    },
}


def t(key: str, lang: str, **values: Any) -> str:
    """The message ``key`` in ``lang`` (French when the language is unknown), filled with ``values``."""
    texts = MESSAGES[key]
    text = texts.get(lang) or texts["fr"]
    return text.format(**values) if values else text
