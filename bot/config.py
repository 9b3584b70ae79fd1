"""Settings: the only place socialtip reads the environment (after loading ``.env`` once).

Every setting can be passed explicitly; the environment is the fallback, then a default::

    settings = load_settings(port=8080)          # PORT from the argument, the rest from the env
    settings.require("SLACK_BOT_TOKEN")           # ConfigError naming the variable when unset
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DB = "data/socialtip.json"
DEFAULT_PORT = 3000
DEFAULT_KEEP_QUESTIONS_DAYS = 90
_SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")

_HINTS = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-...) from your Slack app's OAuth & Permissions page",
    "SLACK_SIGNING_SECRET": "the Signing Secret from your Slack app's Basic Information page",
    "SLACK_APP_TOKEN": "an app-level token (xapp-...) with connections:write, for Socket Mode",
    "SLACK_CLIENT_ID": "the Client ID from your Slack app's Basic Information page (multi-workspace mode)",
    "SLACK_CLIENT_SECRET": "the Client Secret from your Slack app's Basic Information page (multi-workspace mode)",
    "SLACK_STATE_SECRET": "any long random string, used to sign the OAuth state (multi-workspace mode)",
    "SOCIALTIP_LOG_LEVEL": "one of debug, info, warning, error, critical",
}

_dotenv_loaded = False


class ConfigError(ValueError):
    """A required setting is missing or invalid; the message is one line naming the variable."""

    def __init__(self, name: str, problem: str = "is not set") -> None:
        self.name = name
        hint = _HINTS.get(name)
        super().__init__(f"{name} {problem}" + (f": {hint} (see .env.example)" if hint else ""))


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything socialtip reads from its environment."""

    bot_token: str | None
    signing_secret: str | None
    app_token: str | None
    api_url: str
    db_path: Path
    port: int
    client_id: str | None = None
    client_secret: str | None = None
    state_secret: str | None = None
    database_url: str | None = None
    reminder_interval: float | None = None
    reminder_lease: float | None = None
    editors: frozenset[str] = frozenset()
    """``SOCIALTIP_EDITORS``: Slack user ids who see the Home tab's insights besides admins and owners."""
    keep_questions_days: int = DEFAULT_KEEP_QUESTIONS_DAYS
    """``SOCIALTIP_KEEP_QUESTIONS_DAYS``: how long the questions asked are kept for the insights."""

    @property
    def store_location(self) -> str | Path:
        """Where the store lives: ``DATABASE_URL`` (PostgreSQL) when set, else the TinyDB file."""
        return self.database_url or self.db_path

    def require(self, *names: str) -> None:
        """Raise :class:`ConfigError` for the first of ``names`` (env variable names) that is unset."""
        values = {
            "SLACK_BOT_TOKEN": self.bot_token,
            "SLACK_SIGNING_SECRET": self.signing_secret,
            "SLACK_APP_TOKEN": self.app_token,
            "SLACK_CLIENT_ID": self.client_id,
            "SLACK_CLIENT_SECRET": self.client_secret,
            "SLACK_STATE_SECRET": self.state_secret,
        }
        for name in names:
            if not values[name]:
                raise ConfigError(name)

    @property
    def oauth(self) -> bool:
        """True in multi-workspace mode: ``SLACK_CLIENT_ID``, ``_SECRET`` and ``SLACK_STATE_SECRET`` set."""
        return bool(self.client_id and self.client_secret and self.state_secret)

    @property
    def has_slack_credentials(self) -> bool:
        """True when tokens (a bot token, or the OAuth settings) and a way to receive events
        (signing secret or app token) are set."""
        return bool((self.bot_token or self.oauth) and (self.signing_secret or self.app_token))


# Prefixes of the variables socialtip and Bolt read. Bolt reads some of them from ``os.environ``
# itself (``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET`` merely being *present* turn on its OAuth
# flow), so an empty ``SLACK_CLIENT_ID=`` line must not survive as an empty string.
_OUR_PREFIXES = ("SLACK_", "SOCIALTIP_")
_OUR_NAMES = frozenset({"DATABASE_URL", "PORT"})


def drop_empty_variables(environ: MutableMapping[str, str] | None = None) -> None:
    """Remove socialtip's and Bolt's variables that are set but empty: an empty value means unset."""
    environ = os.environ if environ is None else environ
    for name in [
        n for n, v in environ.items() if (n.startswith(_OUR_PREFIXES) or n in _OUR_NAMES) and not v.strip()
    ]:
        del environ[name]


def load_dotenv_once() -> None:
    """Load ``.env`` from the working directory (never overriding the real environment), once,
    then drop the variables left empty (see :func:`drop_empty_variables`)."""
    global _dotenv_loaded
    if _dotenv_loaded:
        return
    _dotenv_loaded = True
    from dotenv import find_dotenv, load_dotenv

    path = find_dotenv(usecwd=True)
    if path:
        load_dotenv(path, override=False)
    drop_empty_variables()


def load_settings(
    *,
    bot_token: str | None = None,
    signing_secret: str | None = None,
    app_token: str | None = None,
    api_url: str | None = None,
    db_path: Path | str | None = None,
    port: int | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
    state_secret: str | None = None,
    database_url: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Build :class:`Settings`: explicit arguments first, then ``env`` (default: ``os.environ`` + ``.env``).

    Raises:
        ConfigError: ``PORT`` is not a number, or only some of the three OAuth settings are set.
    """
    if env is None:
        load_dotenv_once()
        env = os.environ

    def pick(value: str | None, name: str) -> str | None:
        return value if value else ((env.get(name) or "").strip() or None)

    if port is None:
        raw_port = env.get("PORT") or str(DEFAULT_PORT)
        try:
            port = int(raw_port)
        except ValueError:
            raise ConfigError("PORT", f"is not a number ({raw_port!r})") from None
    api = pick(api_url, "SLACK_API_URL") or DEFAULT_API_URL
    oauth = {
        "SLACK_CLIENT_ID": pick(client_id, "SLACK_CLIENT_ID"),
        "SLACK_CLIENT_SECRET": pick(client_secret, "SLACK_CLIENT_SECRET"),
        "SLACK_STATE_SECRET": pick(state_secret, "SLACK_STATE_SECRET"),
    }
    if any(oauth.values()) and not all(oauth.values()):
        given = next(name for name, value in oauth.items() if value)
        missing = next(name for name, value in oauth.items() if not value)
        raise ConfigError(missing, f"is not set but {given} is (multi-workspace mode needs all three)")
    return Settings(
        bot_token=pick(bot_token, "SLACK_BOT_TOKEN"),
        signing_secret=pick(signing_secret, "SLACK_SIGNING_SECRET"),
        app_token=pick(app_token, "SLACK_APP_TOKEN"),
        api_url=api if api.endswith("/") else api + "/",
        db_path=Path(db_path or env.get("SOCIALTIP_DB") or DEFAULT_DB),
        port=port,
        client_id=oauth["SLACK_CLIENT_ID"],
        client_secret=oauth["SLACK_CLIENT_SECRET"],
        state_secret=oauth["SLACK_STATE_SECRET"],
        database_url=pick(database_url, "DATABASE_URL"),
        reminder_interval=_seconds(env, "SOCIALTIP_REMINDER_INTERVAL"),
        reminder_lease=_seconds(env, "SOCIALTIP_REMINDER_LEASE"),
        editors=_user_ids(env, "SOCIALTIP_EDITORS"),
        keep_questions_days=_days(env, "SOCIALTIP_KEEP_QUESTIONS_DAYS", DEFAULT_KEEP_QUESTIONS_DAYS),
    )


def _user_ids(env: Mapping[str, str], name: str) -> frozenset[str]:
    """Comma-separated Slack user ids (``U0123ABC,W0456DEF``); spaces and empty items ignored."""
    ids = [part.strip() for part in (env.get(name) or "").split(",") if part.strip()]
    bad = [i for i in ids if not _SLACK_USER_ID.match(i)]
    if bad:
        raise ConfigError(name, f"has {bad[0]!r}, which is not a Slack user id (like U0123ABCD)")
    return frozenset(ids)


def _days(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole number of days, at least 1."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(name, f"is not a whole number of days ({raw!r})") from None
    if value < 1:
        raise ConfigError(name, f"must be at least 1 ({raw!r})")
    return value


def _seconds(env: Mapping[str, str], name: str) -> float | None:
    """An optional positive number of seconds (tests shorten the reminder loop and lease)."""
    raw = env.get(name)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(name, f"is not a number of seconds ({raw!r})") from None
    if value <= 0:
        raise ConfigError(name, f"must be positive ({raw!r})")
    return value


def log_level(explicit: str | None, default: str, env: Mapping[str, str] | None = None) -> str:
    """The log level: ``explicit`` (``--log-level``), else ``SOCIALTIP_LOG_LEVEL``, else ``default``.

    Raises:
        ConfigError: ``SOCIALTIP_LOG_LEVEL`` is not one of :data:`bot.logs.LEVELS`.
    """
    from .logs import LEVELS

    if explicit:
        return explicit
    if env is None:
        load_dotenv_once()
        env = os.environ
    raw = (env.get("SOCIALTIP_LOG_LEVEL") or "").strip()
    if not raw:
        return default
    if raw.lower() not in LEVELS:
        raise ConfigError("SOCIALTIP_LOG_LEVEL", f"is not a log level ({raw!r})")
    return raw.lower()


def cache_dir(env: Mapping[str, str] | None = None) -> Path | None:
    """Where socialtip may keep caches (the built search index): ``SOCIALTIP_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/socialtip``, else ``~/.cache/socialtip``; None when set to ``off``."""
    if env is None:
        load_dotenv_once()
        env = os.environ
    explicit = env.get("SOCIALTIP_CACHE_DIR")
    if explicit:
        return None if explicit.lower() == "off" else Path(explicit)
    base = env.get("XDG_CACHE_HOME") or (str(Path(env["HOME"]) / ".cache") if env.get("HOME") else "")
    return Path(base) / "socialtip" if base else None
