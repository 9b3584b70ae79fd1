"""Greetings and thanks are recognised as such, never taken for questions."""

from __future__ import annotations

import pytest

from bot.knowledge.smalltalk import small_talk


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("bonjour", "greeting"),
        ("Hello <@U024BE7LH> :wave:", "greeting"),
        ("salut tout le monde", "greeting"),
        ("how are you?", "greeting"),
        ("merci !", "thanks"),
        ("Merci beaucoup :pray:", "thanks"),
        ("thanks a lot!", "thanks"),
        ("c'est top merci", "thanks"),
    ],
)
def test_greetings_and_thanks(text: str, kind: str) -> None:
    assert small_talk(text) == kind


@pytest.mark.parametrize(
    "text",
    ["bonjour, comment gérer un bad buzz ?", "hi team, quick question about twitter", "twitter", "", "ok"],
)
def test_questions_are_not_small_talk(text: str) -> None:
    assert small_talk(text) is None
