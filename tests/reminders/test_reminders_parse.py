"""Parsing ``remind``/``rappel`` arguments in French and English."""

from __future__ import annotations

import pytest

from bot.messages import t
from bot.reminders.parse import ReminderSyntaxError, Status, Subscribe, Unsubscribe, parse_reminder
from bot.reminders.wording import syntax_error_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lundi 9h", Subscribe(0, 9, 0)),
        ("monday 9:00", Subscribe(0, 9, 0)),
        ("mardi 14h30 Europe/Paris", Subscribe(1, 14, 30, "Europe/Paris")),
        ("Mercredi à 8h05", Subscribe(2, 8, 5)),
        ("thu 9am", Subscribe(3, 9, 0)),
        ("every friday at 2:30 pm", Subscribe(4, 14, 30)),
        ("sam. 12am utc", Subscribe(5, 0, 0, "UTC")),
        ("dim 12pm", Subscribe(6, 12, 0)),
        ("9h LUNDI", Subscribe(0, 9, 0)),
        ("jeudi 9 h america/new_york", Subscribe(3, 9, 0, "America/New_York")),
        ("vendredi 17h montreal", Subscribe(4, 17, 0, "America/Montreal")),
        ("chaque lundi 21", Subscribe(0, 21, 0)),
        ("tuesdays 7.45", Subscribe(1, 7, 45)),
    ],
)
def test_subscribe_settings(text: str, expected: Subscribe) -> None:
    assert parse_reminder(text) == expected


@pytest.mark.parametrize("text", ["off", "stop", "OFF", "arrêt", "arret", "annuler", "cancel"])
def test_unsubscribe_words(text: str) -> None:
    assert parse_reminder(text) == Unsubscribe()


@pytest.mark.parametrize("text", ["", "   ", "status", "statut"])
def test_nothing_means_status(text: str) -> None:
    assert parse_reminder(text) == Status()


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("lundy 9h", "remind_bad_day", "lundy"),
        ("funday 9:00", "remind_bad_day", "funday"),
        ("lundi 25h", "remind_bad_time", "25h"),
        ("monday 9:75", "remind_bad_time", "9:75"),
        ("monday 13pm", "remind_bad_time", "13pm"),
        ("monday 9h 10h", "remind_bad_time", "10h"),
        ("mardi 9h Europe/Pariss", "remind_bad_zone", "Europe/Pariss"),
        ("mardi 9h Mars/Olympus", "remind_bad_zone", "Mars/Olympus"),
        ("lundi", "remind_missing_time", ""),
        ("9am", "remind_missing_day", ""),
    ],
)
def test_errors_name_the_problem(text: str, key: str, value: str) -> None:
    with pytest.raises(ReminderSyntaxError) as caught:
        parse_reminder(text)
    assert (caught.value.key, caught.value.value) == (key, value)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_error_text_quotes_the_word_and_gives_examples(lang: str) -> None:
    with pytest.raises(ReminderSyntaxError) as caught:
        parse_reminder("lundy 9h")
    text = syntax_error_text(caught.value, lang)
    assert "lundy" in text
    assert t("remind_examples", lang) in text
    assert ("rappel lundi 9h" if lang == "fr" else "remind monday 9:00") in text


def test_echoed_word_is_escaped_for_slack() -> None:
    with pytest.raises(ReminderSyntaxError) as caught:
        parse_reminder("lundi 9h <!channel>")
    text = syntax_error_text(caught.value, "en")
    assert "&lt;!channel&gt;" in text and "<!channel>" not in text
