"""Parse ``remind``/``rappel`` arguments, in French or English, into a command.

Accepted, in any order, with accents and case optional and filler words ignored
(``à``, ``at``, ``chaque``, ``every``…):

- a day: ``lundi``/``lun``/``monday``/``mon`` … ``dimanche``/``dim``/``sunday``/``sun``;
- a time: ``9h``, ``9h30``, ``14h05``, ``9:00``, ``9``, ``9am``, ``2:30 pm``, ``21h``;
- optionally a time zone: an IANA name (``Europe/Paris``, ``america/montreal``, ``UTC``) or a
  zone's city alone (``Paris``, ``Montreal``).

Nothing, ``status``/``statut`` means "show the setting"; ``off``, ``stop``, ``arrêt``,
``annuler``, ``cancel``… means "unsubscribe". Anything else raises :class:`ReminderSyntaxError`
whose ``key`` names the message (in :mod:`bot.messages`) explaining what was wrong.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from dataclasses import dataclass
from functools import cache

DAYS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        ("lundi", "lun", "monday", "mon"),
        ("mardi", "mar", "tuesday", "tue", "tues"),
        ("mercredi", "mer", "wednesday", "wed"),
        ("jeudi", "jeu", "thursday", "thu", "thur", "thurs"),
        ("vendredi", "ven", "friday", "fri"),
        ("samedi", "sam", "saturday", "sat"),
        ("dimanche", "dim", "sunday", "sun"),
    )
):
    for _name in _names:
        DAYS[_name] = _index

OFF_WORDS = frozenset(
    {"off", "stop", "arret", "arreter", "annuler", "cancel", "desactiver", "disable", "non"}
)
STATUS_WORDS = frozenset({"status", "statut", "etat", "show", "voir"})
FILLERS = frozenset({"a", "at", "le", "les", "chaque", "tous", "every", "each", "on", "the", "de", "du"})

_TIME_FR = re.compile(r"^(\d{1,2})h(\d{2})?$")
_TIME_COLON = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$")


@dataclass(frozen=True, slots=True)
class Subscribe:
    """Subscribe the channel: every ``weekday`` (0 = Monday) at ``hour:minute`` in ``tz``.

    ``tz`` is None when none was given (the caller falls back to the person's Slack zone).
    """

    weekday: int
    hour: int
    minute: int
    tz: str | None = None


@dataclass(frozen=True, slots=True)
class Unsubscribe:
    """Stop the channel's reminders."""


@dataclass(frozen=True, slots=True)
class Status:
    """Show the channel's setting and the next date."""


ReminderCommand = Subscribe | Unsubscribe | Status


class ReminderSyntaxError(ValueError):
    """What the person typed is not a reminder setting.

    ``key`` is the :mod:`bot.messages` key of the explanation (``remind_bad_day``,
    ``remind_bad_time``, ``remind_bad_zone``, ``remind_missing_day``, ``remind_missing_time``);
    ``value`` is the offending word, to quote back.
    """

    def __init__(self, key: str, value: str = "") -> None:
        super().__init__(f"{key}: {value!r}")
        self.key = key
        self.value = value


def fold(text: str) -> str:
    """Lower case without accents: ``Arrêt`` -> ``arret``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def parse_reminder(text: str) -> ReminderCommand:
    """Parse the words after ``remind``/``rappel``.

    Example::

        >>> parse_reminder("mardi 14h30 Europe/Paris")
        Subscribe(weekday=1, hour=14, minute=30, tz='Europe/Paris')

    Raises:
        ReminderSyntaxError: an invalid or missing day, time or zone.
    """
    tokens = _tokens(text)
    if not tokens or (len(tokens) == 1 and fold(tokens[0]) in STATUS_WORDS):
        return Status()
    if len(tokens) == 1 and fold(tokens[0]) in OFF_WORDS:
        return Unsubscribe()

    weekday: int | None = None
    clock: tuple[int, int] | None = None
    tz: str | None = None
    for raw in tokens:
        word = fold(raw).rstrip(".,;")
        if word in FILLERS:
            continue
        day = _day(word)
        if day is not None and weekday is None:
            weekday = day
            continue
        if word[:1].isdigit():
            if clock is not None:
                raise ReminderSyntaxError("remind_bad_time", raw)
            clock = parse_time(raw)
            continue
        zone = find_zone(raw)
        if zone is not None and tz is None:
            tz = zone
            continue
        if "/" in raw or weekday is not None:
            raise ReminderSyntaxError("remind_bad_zone", raw)
        raise ReminderSyntaxError("remind_bad_day", raw)
    if weekday is None:
        raise ReminderSyntaxError("remind_missing_day")
    if clock is None:
        raise ReminderSyntaxError("remind_missing_time")
    return Subscribe(weekday=weekday, hour=clock[0], minute=clock[1], tz=tz)


def _tokens(text: str) -> list[str]:
    """Split on spaces, gluing ``am``/``pm``/``h`` to the number before (``9 am`` -> ``9am``)."""
    tokens: list[str] = []
    for word in text.split():
        if tokens and fold(word) in ("am", "pm", "h") and tokens[-1][:1].isdigit():
            tokens[-1] += word
        else:
            tokens.append(word)
    return tokens


def _day(word: str) -> int | None:
    if word in DAYS:
        return DAYS[word]
    if word.endswith("s") and word[:-1] in DAYS and len(word) > 4:  # "lundis", "mondays"
        return DAYS[word[:-1]]
    return None


def parse_time(raw: str) -> tuple[int, int]:
    """``9h30``, ``9:30``, ``9``, ``9am``, ``12pm`` -> ``(hour, minute)`` on a 24-hour clock.

    Raises:
        ReminderSyntaxError: not a time, or out of range (``25h``, ``9h75``, ``13pm``).
    """
    word = fold(raw)
    match = _TIME_FR.match(word) or _TIME_COLON.match(word)
    if match is None:
        raise ReminderSyntaxError("remind_bad_time", raw)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = match.group(3) if match.re is _TIME_COLON else None
    if suffix:
        if not 1 <= hour <= 12:
            raise ReminderSyntaxError("remind_bad_time", raw)
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ReminderSyntaxError("remind_bad_time", raw)
    return hour, minute


@cache
def _zones() -> tuple[dict[str, str], dict[str, str]]:
    """IANA names by folded name, and by folded city when the city names only one zone."""
    by_name: dict[str, str] = {}
    by_city: dict[str, str | None] = {}
    for name in zoneinfo.available_timezones():
        by_name[fold(name)] = name
        if "/" in name and not name.startswith(("Etc/", "SystemV/")):
            city = fold(name.rsplit("/", 1)[1]).replace("_", " ")
            by_city[city] = None if city in by_city and by_city[city] != name else name
    return by_name, {city: name for city, name in by_city.items() if name}


def find_zone(raw: str) -> str | None:
    """The IANA zone ``raw`` names (``europe/paris``, ``Paris``, ``UTC``), or None."""
    by_name, by_city = _zones()
    word = fold(raw).strip(".,;")
    return by_name.get(word) or by_city.get(word.replace("_", " "))
