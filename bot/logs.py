"""Logging for every ``socialtip`` command: one format, a level, and libraries kept to one line.

The level comes from ``--log-level``, else ``SOCIALTIP_LOG_LEVEL``, else the command's default
(``serve``: info; the console and the rest: warning). Libraries (aiohttp, asyncio, Slack's SDK and
Bolt) log tracebacks and whole request bodies in places an attacker can reach; their records are cut
to one short line, and the noisiest (a bad HTTP request, a refused ``accept()``) are throttled::

    setup_logging("info")
"""

from __future__ import annotations

import logging
import sys
import threading
import time

LEVELS = ("debug", "info", "warning", "error", "critical")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LIBRARY_LINE_LIMIT = 300
"""At most this many characters of a library's log message (request bodies are never wanted)."""

_START_UP_NOISE = (
    # Bolt reads SLACK_BOT_TOKEN itself and says it ignores it: socialtip gives it its client.
    "As you gave `client` as well, `token` will be unused.",
    "As `installation_store` or `authorize` has been used, `token` (or SLACK_BOT_TOKEN env variable) will be ignored.",
)

_THROTTLED = (
    # (logger name, start of the message): at most THROTTLE_LINES of each per THROTTLE_SECONDS.
    ("aiohttp.server", "Error handling request"),
    ("asyncio", "socket.accept() out of system resource"),
)
THROTTLE_LINES = 5
THROTTLE_SECONDS = 10.0


class Throttle:
    """At most ``lines`` records per ``seconds`` for one kind of message; the rest are counted and
    reported in the next line that gets through ("... and 52 more like it")."""

    def __init__(self, *, lines: int = THROTTLE_LINES, seconds: float = THROTTLE_SECONDS) -> None:
        self._lines = lines
        self._seconds = seconds
        self._window = 0.0
        self._passed = 0
        self._dropped = 0
        self._lock = threading.Lock()

    def admit(self, now: float | None = None) -> tuple[bool, int]:
        """(whether to log this one, how many were dropped since the last one logged)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if now - self._window >= self._seconds:
                self._window, self._passed = now, 0
            if self._passed >= self._lines:
                self._dropped += 1
                return False, 0
            self._passed += 1
            dropped, self._dropped = self._dropped, 0
            return True, dropped


class LibraryFilter(logging.Filter):
    """Keeps other libraries' records to one short line: no traceback (the exception's type and
    message are kept), at most :data:`LIBRARY_LINE_LIMIT` characters, start-up noise dropped,
    floods throttled. socialtip's own records (``bot.*``) pass unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self._throttles = {key: Throttle() for key in _THROTTLED}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "bot" or record.name.startswith("bot."):
            return True
        message = record.getMessage()
        if message in _START_UP_NOISE:
            return False
        for (name, start), throttle in self._throttles.items():
            if record.name == name and message.startswith(start):
                admitted, dropped = throttle.admit()
                if not admitted:
                    return False
                if dropped:
                    message += f" (and {dropped} more like it, not logged)"
                break
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            message += f": {type(exc).__name__}: {exc}"
        if len(message) > LIBRARY_LINE_LIMIT:
            message = message[: LIBRARY_LINE_LIMIT - 1] + "…"
        record.msg, record.args = message.replace("\n", " "), None
        record.exc_info = record.exc_text = record.stack_info = None
        return True


def parse_level(value: str) -> int:
    """``"info"`` (any case) -> ``logging.INFO``; ValueError for anything but :data:`LEVELS`."""
    name = value.strip().lower()
    if name not in LEVELS:
        raise ValueError(f"not a log level ({value!r}): one of {', '.join(LEVELS)}")
    return int(logging.getLevelName(name.upper()))


def setup_logging(level: str, *, stream: object = None) -> None:
    """Log records at ``level`` and above to stderr, one line each (replaces earlier set-ups)."""
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(LibraryFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(parse_level(level))
