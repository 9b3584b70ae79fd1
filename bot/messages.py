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
    # Weekly reminders (bot/reminders).
    "remind_bad_day": {
        "fr": "« {value} » n'est pas un jour de la semaine que je connais.",
        "en": "\u201c{value}\u201d is not a day of the week I know.",
    },
    "remind_bad_time": {
        "fr": "« {value} » n'est pas une heure valable (par exemple 9h, 14h30 ou 9:00).",
        "en": "\u201c{value}\u201d is not a valid time (for example 9am, 2:30pm or 14:30).",
    },
    "remind_bad_zone": {
        "fr": "« {value} » n'est pas un fuseau horaire que je connais (par exemple Europe/Paris, America/Montreal, UTC).",
        "en": "\u201c{value}\u201d is not a time zone I know (for example Europe/Paris, America/New_York, UTC).",
    },
    "remind_missing_day": {
        "fr": "Il me faut un jour de la semaine.",
        "en": "I need a day of the week.",
    },
    "remind_missing_time": {
        "fr": "Il me faut une heure.",
        "en": "I need a time.",
    },
    "remind_examples": {
        "fr": "Exemples : `/socialtip rappel lundi 9h`, `/socialtip rappel mardi 14h30 Europe/Paris`, `/socialtip rappel stop`.",
        "en": "Examples: `/socialtip remind monday 9:00`, `/socialtip remind tuesday 2:30pm America/New_York`, `/socialtip remind off`.",
    },
    "remind_weekdays": {
        "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
        "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    },
    "remind_months": {
        "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "en": "January February March April May June July August September October November December",
    },
    "remind_every": {"fr": "chaque {weekday} à {time} ({tz})", "en": "every {weekday} at {time} ({tz})"},
    "remind_date": {"fr": "{weekday} {day} {month} à {time}", "en": "{weekday}, {month} {day} at {time}"},
    "remind_subscribed": {
        "fr": "📅 <@{user}> a programmé la pratique de la semaine dans ce canal : {schedule}. Premier rappel : {next}. Pour arrêter : `/socialtip rappel stop`.",
        "en": "📅 <@{user}> scheduled the practice of the week in this channel: {schedule}. First one: {next}. To stop: `/socialtip remind off`.",
    },
    "remind_unsubscribed": {
        "fr": "<@{user}> a arrêté la pratique de la semaine dans ce canal.",
        "en": "<@{user}> stopped the practice of the week in this channel.",
    },
    "remind_none": {
        "fr": "Ce canal ne reçoit pas de pratique de la semaine.",
        "en": "This channel gets no practice of the week.",
    },
    "remind_status": {
        "fr": "Ce canal reçoit la pratique de la semaine {schedule}. Prochain rappel : {next}.",
        "en": "This channel gets the practice of the week {schedule}. Next one: {next}.",
    },
    "remind_status_paused": {
        "fr": "Le rappel de ce canal ({schedule}) est en pause : je ne peux pas y publier. Invitez-moi (`/invite @socialtip`) puis reprogrammez-le avec `/socialtip rappel …`.",
        "en": "This channel's reminder ({schedule}) is paused: I can't post here. Invite me (`/invite @socialtip`), then schedule it again with `/socialtip remind …`.",
    },
    "remind_status_disabled": {
        "fr": "Le rappel de ce canal ({schedule}) est désactivé ({reason}). Reprogrammez-le avec `/socialtip rappel …`.",
        "en": "This channel's reminder ({schedule}) is disabled ({reason}). Schedule it again with `/socialtip remind …`.",
    },
    "remind_paused_dm": {
        "fr": "Je n'ai pas pu publier la pratique de la semaine dans <#{channel}> : c'est un canal privé où je ne suis pas invité. Le rappel est en pause ; invitez-moi (`/invite @socialtip`) puis reprogrammez-le avec `/socialtip rappel …`.",
        "en": "I couldn't post the practice of the week in <#{channel}>: it's a private channel I'm not in. The reminder is paused; invite me (`/invite @socialtip`), then schedule it again with `/socialtip remind …`.",
    },
    "remind_title": {"fr": "🗓️ La pratique de la semaine", "en": "🗓️ Practice of the week"},
    "remind_btn_done": {"fr": "Fait ✅", "en": "Done ✅"},
    "remind_btn_another": {"fr": "Une autre", "en": "Another one"},
    "remind_done_by": {"fr": "✅ Fait par {users}", "en": "✅ Done by {users}"},
}


def t(key: str, lang: str, **values: Any) -> str:
    """The message ``key`` in ``lang`` (French when the language is unknown), filled with ``values``."""
    texts = MESSAGES[key]
    text = texts.get(lang) or texts["fr"]
    return text.format(**values) if values else text
