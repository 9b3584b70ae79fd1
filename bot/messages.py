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
    "near_topics": {
        "fr": "Les sujets les plus proches de votre question :",
        "en": "The topics closest to your question:",
    },
    "small_talk_greeting": {
        "fr": "Bonjour ! 👋 Je réponds aux questions sur les réseaux sociaux des marques, sources à l'appui.",
        "en": "Hello! 👋 I answer questions about brands on social media, with my sources.",
    },
    "small_talk_thanks": {
        "fr": "Avec plaisir ! 🙂",
        "en": "You're welcome! 🙂",
    },
    "suggest_topics": {
        "fr": "Essayez une question sur l'un de ces sujets : {topics}.",
        "en": "Try a question on one of these topics: {topics}.",
    },
    "source": {"fr": "Source", "en": "Source"},
    "translation": {"fr": "Traduction", "en": "Translation"},
    "date_estimate": {"fr": "vers {date}", "en": "c. {date}"},
    "months": {
        "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "en": "January February March April May June July August September October November December",
    },
    "step_n": {"fr": "étape {n}", "en": "step {n}"},
    "point_n": {"fr": "point {n}", "en": "point {n}"},
    "key_points": {"fr": "Points clés", "en": "Key points"},
    "read_next": {"fr": "À lire aussi", "en": "Read next"},
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
    # Slack app (bot/slack): buttons, help, App Home, errors.
    "btn_share": {"fr": "Partager dans le canal", "en": "Share in channel"},
    "btn_another_tip": {"fr": "Un autre conseil", "en": "Another tip"},
    "btn_up": {"fr": "👍 Utile", "en": "👍 Helpful"},
    "btn_down": {"fr": "👎 Pas utile", "en": "👎 Not helpful"},
    "feedback_up_label": {"fr": "Cette réponse m'a été utile", "en": "This answer was helpful"},
    "feedback_down_label": {"fr": "Cette réponse ne m'a pas aidé", "en": "This answer did not help"},
    "btn_open_checklist": {"fr": "Ouvrir", "en": "Open"},
    "shared_by": {"fr": "partagé par {user}", "en": "shared by {user}"},
    "your_question": {"fr": "Votre question : {question}", "en": "Your question: {question}"},
    "step_done": {"fr": "Fait", "en": "Done"},
    "checklist_progress": {"fr": "{done}/{total} faites", "en": "{done}/{total} done"},
    "checklist_shared": {
        "fr": "Les cases cochées sont partagées par tout le canal.",
        "en": "Ticked steps are shared by everyone in this channel.",
    },
    "feedback_thanks": {
        "fr": "Merci pour votre retour, il m'aide à m'améliorer.",
        "en": "Thanks for the feedback, it helps me improve.",
    },
    "feedback_changed": {
        "fr": "C'est noté : votre nouveau vote remplace le précédent. Merci !",
        "en": "Noted: your new vote replaces the previous one. Thanks!",
    },
    "apology": {
        "fr": "Désolé, quelque chose s'est mal passé de mon côté. Réessayez dans un instant.",
        "en": "Sorry, something went wrong on my side. Please try again in a moment.",
    },
    "bad_button": {
        "fr": "Désolé, ce bouton n'est pas valide (il vient peut-être d'un ancien message) : je n'ai rien enregistré. Reposez votre question avec /socialtip.",
        "en": "Sorry, that button isn't valid (it may come from an old message): I saved nothing. Ask your question again with /socialtip.",
    },
    "files_not_read": {
        "fr": "Je ne lis pas les fichiers joints : écrivez-moi votre question en toutes lettres, par exemple « comment réagir à un bad buzz ? ».",
        "en": "I can't read attached files: type your question in words, for example \u201chow do we handle a backlash?\u201d.",
    },
    "lang_set": {
        "fr": "C'est noté : je vous répondrai désormais en français.",
        "en": "Got it: from now on I'll answer you in English.",
    },
    "lang_usage": {
        "fr": "Choisissez `fr` ou `en`, par exemple : /socialtip lang en",
        "en": "Choose `fr` or `en`, for example: /socialtip lang fr",
    },
    "how_to_ask": {
        "fr": "Posez-moi une question : « @socialtip comment réagir à un bad buzz ? », ou tapez /socialtip aide.",
        "en": "Ask me a question: \u201c@socialtip how do we handle a backlash?\u201d, or type /socialtip help.",
    },
    "topics_hint": {
        "fr": "Posez une question sur l'un de ces sujets, par exemple : /socialtip comment gérer les critiques ?",
        "en": "Ask a question on any of these topics, for example: /socialtip how should we handle criticism?",
    },
    "pick_checklist": {
        "fr": "Ajoutez son nom, par exemple : /socialtip liste {example}",
        "en": "Add its name, for example: /socialtip checklist {example}",
    },
    "pick_case": {
        "fr": "Ajoutez le nom de la marque, par exemple : /socialtip cas {example}",
        "en": "Add the brand's name, for example: /socialtip case {example}",
    },
    "help_title": {"fr": "Ce que je sais faire", "en": "What I can do"},
    "help_intro": {
        "fr": "Des conseils cités pour vos réseaux sociaux. Tapez /socialtip suivi de :",
        "en": "Cited advice for your social media. Type /socialtip followed by:",
    },
    "help_example": {"fr": "Exemple : {example}", "en": "Example: {example}"},
    "help_tip": {
        "fr": "rien : un conseil, jamais deux fois le même d'affilée",
        "en": "nothing: a tip, never the same one twice in a row",
    },
    "help_question": {
        "fr": "votre question : la meilleure réponse, sa source, et d'autres pistes",
        "en": "your question: the best answer, its source, and other leads",
    },
    "help_checklist": {
        "fr": "une check-list à cocher en équipe (sans nom : la liste des check-lists)",
        "en": "a checklist the channel ticks together (no name: the list of checklists)",
    },
    "help_case": {
        "fr": "l'exemple d'une marque (sans nom : les marques connues)",
        "en": "a brand's example (no name: the brands I know)",
    },
    "help_topics": {"fr": "les sujets que je connais", "en": "the topics I know"},
    "help_lang": {"fr": "la langue de mes réponses pour vous", "en": "the language I answer you in"},
    "help_help": {"fr": "cette aide", "en": "this help"},
    "usage_tip": {"fr": "/socialtip", "en": "/socialtip"},
    "example_tip": {"fr": "/socialtip", "en": "/socialtip"},
    "usage_question": {"fr": "/socialtip <votre question>", "en": "/socialtip <your question>"},
    "example_question": {
        "fr": "/socialtip comment réagir à un bad buzz ?",
        "en": "/socialtip how should we handle a backlash?",
    },
    "usage_checklist": {"fr": "/socialtip liste [nom]", "en": "/socialtip checklist [name]"},
    "example_checklist": {"fr": "/socialtip liste bad buzz", "en": "/socialtip checklist bad buzz"},
    "usage_case": {"fr": "/socialtip cas [marque]", "en": "/socialtip case [brand]"},
    "example_case": {"fr": "/socialtip cas Oreo", "en": "/socialtip case Oreo"},
    "usage_topics": {"fr": "/socialtip sujets", "en": "/socialtip topics"},
    "example_topics": {"fr": "/socialtip sujets", "en": "/socialtip topics"},
    "usage_lang": {"fr": "/socialtip lang fr|en", "en": "/socialtip lang fr|en"},
    "example_lang": {"fr": "/socialtip lang en", "en": "/socialtip lang fr"},
    "usage_help": {"fr": "/socialtip aide", "en": "/socialtip help"},
    "example_help": {"fr": "/socialtip aide", "en": "/socialtip help"},
    "home_title": {"fr": "socialtip", "en": "socialtip"},
    "home_week": {"fr": "La pratique de la semaine", "en": "This week's practice"},
    "home_how": {"fr": "Comment m'utiliser", "en": "How to use me"},
    "checklist_posted": {
        "fr": "Je vous ai envoyé la check-list dans l'onglet Messages.",
        "en": "I sent you the checklist in the Messages tab.",
    },
    # The Messages tab (Slack's agent messaging experience): suggested prompts, checked with `socialtip ask`.
    "prompts_title": {"fr": "Par exemple :", "en": "For example:"},
    "prompt_week_title": {"fr": "La pratique de la semaine", "en": "This week's practice"},
    "prompt_week": {"fr": "La pratique de la semaine", "en": "This week's practice"},
    "prompt_bad_buzz_title": {"fr": "Gérer un bad buzz", "en": "Handling a bad buzz"},
    "prompt_bad_buzz": {"fr": "Comment gérer un bad buzz ?", "en": "How do we handle a bad buzz?"},
    "prompt_own_account_title": {"fr": "Un compte SAV à part ?", "en": "A separate support account?"},
    "prompt_own_account": {
        "fr": "Faut-il un compte SAV séparé du compte officiel ?",
        "en": "Should customer service have its own Twitter account, separate from the brand's?",
    },
    "prompt_followers_title": {"fr": "Peu d'abonnés ?", "en": "Few followers?"},
    "prompt_followers": {
        "fr": "Notre compte a peu d'abonnés, c'est grave ?",
        "en": "Does our follower count matter?",
    },
    # The Workflow Builder step `socialtip_tip` (errors are shown in the workflow's activity).
    "step_unknown_topic": {
        "fr": "Sujet inconnu « {topic} ». Sujets possibles : {topics}.",
        "en": "Unknown topic \u201c{topic}\u201d. Known topics: {topics}.",
    },
    "step_bad_language": {
        "fr": "Langue inconnue « {language} » : indiquez fr ou en.",
        "en": "Unknown language \u201c{language}\u201d: use fr or en.",
    },
    "step_no_tip": {
        "fr": "La base de connaissances n'a aucun conseil à proposer.",
        "en": "The knowledge base has no tip to offer.",
    },
    "step_failed": {
        "fr": "socialtip n'a pas pu préparer le conseil ; réessayez plus tard.",
        "en": "socialtip could not prepare the tip; please try again later.",
    },
    # Ask the team (bot/render/expert.py, /socialtip expert).
    "btn_ask_team": {"fr": "Demander à l'équipe", "en": "Ask the team"},
    "btn_expert_answer": {"fr": "Répondre", "en": "Answer"},
    "feedback_ask_team": {
        "fr": "Si les articles ne suffisent pas, posez la question à l'équipe :",
        "en": "If the articles aren't enough, ask the team:",
    },
    "expert_asks": {"fr": "{user} demande :", "en": "{user} asks:"},
    "expert_asks_plain": {
        "fr": "Question pour l'équipe : {question}",
        "en": "A question for the team: {question}",
    },
    "expert_answer_given": {
        "fr": "Réponse des articles, jugée insuffisante : « {title} »",
        "en": "The articles' answer, rated not enough: \u201c{title}\u201d",
    },
    "expert_no_answer_given": {
        "fr": "Les articles n'ont pas de bonne réponse.",
        "en": "The articles have no good answer.",
    },
    "expert_see_conversation": {"fr": "voir la conversation", "en": "see the conversation"},
    "expert_sent": {
        "fr": "C'est envoyé à l'équipe dans <#{channel}> : vous recevrez la réponse en message privé.",
        "en": "Sent to the team in <#{channel}>: you'll get the answer as a direct message.",
    },
    "expert_none": {
        "fr": "Aucun canal d'experts n'est défini pour le moment ; un membre peut en choisir un avec /socialtip expert #canal.",
        "en": "No expert channel is set right now; anyone can pick one with /socialtip expert #channel.",
    },
    "expert_post_failed": {
        "fr": "Je n'ai pas pu publier dans <#{channel}> ({error}). Invitez-moi dans ce canal, ou choisissez-en un autre avec /socialtip expert #canal.",
        "en": "I couldn't post in <#{channel}> ({error}). Invite me to that channel, or pick another with /socialtip expert #channel.",
    },
    "modal_answer_title": {"fr": "Répondre", "en": "Answer"},
    "modal_answer_submit": {"fr": "Envoyer", "en": "Send"},
    "modal_answer_close": {"fr": "Annuler", "en": "Cancel"},
    "modal_answer_label": {"fr": "Votre réponse", "en": "Your answer"},
    "modal_answer_hint": {
        "fr": "Elle est envoyée en message privé à la personne qui demande, et ajoutée au fil de la question.",
        "en": "It goes to the person who asked as a direct message, and into the question's thread.",
    },
    "modal_answer_empty": {"fr": "Écrivez une réponse.", "en": "Please write an answer."},
    "expert_answered_you": {
        "fr": "{user}, de l'équipe, répond à votre question :",
        "en": "{user} from the team answered your question:",
    },
    "expert_answered_you_plain": {
        "fr": "L'équipe a répondu : {answer}",
        "en": "The team answered: {answer}",
    },
    "expert_answer_sent": {
        "fr": "{user} a répondu (envoyé à {asker} en message privé) :",
        "en": "{user} answered (sent to {asker} as a direct message):",
    },
    "expert_set": {
        "fr": "C'est noté : les questions sans bonne réponse, et les réponses jugées 👎, proposeront « Demander à l'équipe », qui les publie dans <#{channel}>.",
        "en": "Done: questions without a good answer, and answers rated 👎, will offer \u201cAsk the team\u201d, which posts them in <#{channel}>.",
    },
    "expert_announce": {
        "fr": "<@{user}> a choisi ce canal pour les questions auxquelles socialtip n'a pas de bonne réponse. Chaque question arrive avec un bouton « Répondre » : la réponse part en message privé à la personne qui demande.",
        "en": "<@{user}> chose this channel for the questions socialtip has no good answer to. Each question comes with an \u201cAnswer\u201d button: the answer goes to the person who asked as a direct message.",
    },
    "expert_off": {
        "fr": "C'est noté : plus de bouton « Demander à l'équipe ».",
        "en": "Done: no more \u201cAsk the team\u201d button.",
    },
    "expert_status": {
        "fr": "Les questions sans bonne réponse peuvent être posées à l'équipe dans <#{channel}>. Pour arrêter : /socialtip expert off",
        "en": "Questions without a good answer can be asked to the team in <#{channel}>. To stop: /socialtip expert off",
    },
    "expert_usage": {
        "fr": "Indiquez le canal des experts, par exemple : /socialtip expert #marketing-experts (ou /socialtip expert off).",
        "en": "Name the experts' channel, for example: /socialtip expert #marketing-experts (or /socialtip expert off).",
    },
    "expert_unknown_channel": {
        "fr": "Je ne trouve pas le canal « {name} ». Choisissez-le dans la liste que Slack propose en tapant #, ou invitez-moi d'abord s'il est privé.",
        "en": "I can't find the channel \u201c{name}\u201d. Pick it from the list Slack offers as you type #, or invite me first if it's private.",
    },
    "expert_private_not_member": {
        "fr": "<#{channel}> est privé et je n'y suis pas : invitez-moi (/invite @socialtip) puis recommencez.",
        "en": "<#{channel}> is private and I'm not in it: invite me (/invite @socialtip), then try again.",
    },
    "expert_missing_scope": {
        "fr": "socialtip n'a pas encore le droit de lire la liste des canaux : un admin doit le réinstaller depuis la page de l'app (nouveau manifeste).",
        "en": "socialtip isn't allowed to read the channel list yet: an admin must reinstall it from the app's settings (new manifest).",
    },
    "expert_archived": {
        "fr": "<#{channel}> est archivé : choisissez un autre canal.",
        "en": "<#{channel}> is archived: pick another channel.",
    },
    "usage_expert": {"fr": "/socialtip expert #canal | off", "en": "/socialtip expert #channel | off"},
    "example_expert": {"fr": "/socialtip expert #experts-social", "en": "/socialtip expert #social-experts"},
    "help_expert": {
        "fr": "le canal où l'équipe répond quand les articles ne suffisent pas (« Demander à l'équipe »)",
        "en": "the channel where the team answers when the articles aren't enough (\u201cAsk the team\u201d)",
    },
    # Insights for editors (socialtip insights, the Home tab of admins and editors).
    "insights_title": {
        "fr": "Insights : ce qui manque à la base",
        "en": "Insights: what the knowledge base is missing",
    },
    "insights_scope": {
        "fr": "Depuis le {since} ({days} jours) · {where}",
        "en": "Since {since} ({days} days) · {where}",
    },
    "insights_all_teams": {"fr": "tous les espaces de travail", "en": "all workspaces"},
    "insights_team": {"fr": "espace de travail {team}", "en": "workspace {team}"},
    "insights_counts": {
        "fr": "{questions} questions : {answered} avec une réponse, {refused} sans bonne réponse.",
        "en": "{questions} questions: {answered} answered, {refused} without a good answer.",
    },
    "insights_unanswered": {"fr": "Questions sans bonne réponse", "en": "Questions without a good answer"},
    "insights_unanswered_line": {
        "fr": "{count} × « {text} » ({language}, dernière le {last})",
        "en": "{count} × \u201c{text}\u201d ({language}, last on {last})",
    },
    "insights_entries": {
        "fr": "Réponses données (fois données, 👍, 👎)",
        "en": "Answers given (times given, 👍, 👎)",
    },
    "insights_rated_down": {"fr": "Réponses les plus jugées 👎", "en": "Answers rated 👎 most"},
    "insights_none": {"fr": "Rien pour l'instant.", "en": "Nothing yet."},
    "insights_home_note": {
        "fr": "Visible seulement par les admins de l'espace de travail et les éditeurs de la base. Détails : socialtip insights",
        "en": "Only workspace admins and the knowledge base's editors see this. Details: socialtip insights",
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
    "remind_done_by_more": {
        "fr": "✅ Fait par {users} et {more} autres",
        "en": "✅ Done by {users} and {more} others",
    },
    "usage_remind": {
        "fr": "/socialtip rappel <jour> <heure> [fuseau] | stop",
        "en": "/socialtip remind <day> <time> [zone] | off",
    },
    "example_remind": {"fr": "/socialtip rappel lundi 9h", "en": "/socialtip remind monday 9:00"},
    "help_remind": {
        "fr": "la pratique de la semaine dans ce canal (sans rien : le réglage actuel)",
        "en": "the practice of the week in this channel (nothing: the current setting)",
    },
    # Multi-workspace installs (bot/slack/oauth.py).
    "not_installed": {
        "fr": "⚠️ socialtip n'est plus installé dans cet espace de travail : réinstallez-le depuis sa page d'installation.",
        "en": "⚠️ socialtip is no longer installed in this workspace: please reinstall it from its install page.",
    },
}


def t(key: str, lang: str, **values: Any) -> str:
    """The message ``key`` in ``lang`` (French when the language is unknown), filled with ``values``."""
    texts = MESSAGES[key]
    text = texts.get(lang) or texts["fr"]
    return text.format(**values) if values else text
