"""SOCIALTIP_EDITORS and SOCIALTIP_KEEP_QUESTIONS_DAYS: read, checked, one clear line when wrong."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, load_settings


def test_editors_and_retention_are_read_from_the_environment() -> None:
    settings = load_settings(
        env={"SOCIALTIP_EDITORS": " U0123ABCD, W0456DEF ,", "SOCIALTIP_KEEP_QUESTIONS_DAYS": "30"}
    )
    assert settings.editors == frozenset({"U0123ABCD", "W0456DEF"})
    assert settings.keep_questions_days == 30
    default = load_settings(env={})
    assert default.editors == frozenset() and default.keep_questions_days == 90


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"SOCIALTIP_EDITORS": "U0123ABCD,@alice"}, "SOCIALTIP_EDITORS"),
        ({"SOCIALTIP_KEEP_QUESTIONS_DAYS": "a month"}, "SOCIALTIP_KEEP_QUESTIONS_DAYS"),
        ({"SOCIALTIP_KEEP_QUESTIONS_DAYS": "0"}, "SOCIALTIP_KEEP_QUESTIONS_DAYS"),
    ],
)
def test_a_wrong_value_names_its_variable(env: dict[str, str], name: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(env=env)
    assert str(err.value).startswith(name) and "\n" not in str(err.value)
