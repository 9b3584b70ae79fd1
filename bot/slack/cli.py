"""The Slack side of the command line: ``serve``, ``console`` and ``run`` (imported lazily).

Exit codes of ``serve``: 0 stopped by SIGTERM or Ctrl-C; 1 Slack could not be reached (or the
process had to be stopped forcibly); 2 a setting is missing or refused (one line names it).
"""

from __future__ import annotations

import asyncio
import sys

from .. import config
from ..config import ConfigError, Settings, load_settings
from ..logs import setup_logging
from .lifecycle import Interrupted, Shutdown

EXIT_OK = 0
EXIT_CONFIG = 2


def _fail(exc: BaseException, code: int) -> int:
    print(f"socialtip: {exc}", file=sys.stderr, flush=True)
    return code


def serve(
    *,
    mode: str | None = None,
    port: int | None = None,
    settings: Settings | None = None,
    log_level: str | None = None,
) -> int:
    """Serve Slack: Socket Mode with ``SLACK_APP_TOKEN`` (or ``mode="socket"``), else HTTP."""
    with Shutdown() as shutdown:
        try:
            return _serve(shutdown, mode=mode, port=port, settings=settings, log_level=log_level)
        except Interrupted:  # a signal before the event loop ran: nothing to clean up yet
            print("socialtip: stopped", flush=True)
            return EXIT_OK


def _serve(
    shutdown: Shutdown,
    *,
    mode: str | None,
    port: int | None,
    settings: Settings | None,
    log_level: str | None,
) -> int:
    try:
        settings = settings or load_settings(port=port)
        level = config.log_level(log_level, "info")
        if settings.oauth:  # multi-workspace: the install flow needs HTTP
            if mode == "socket":
                raise ConfigError(
                    "SLACK_CLIENT_ID", "is set: multi-workspace mode serves HTTP, not Socket Mode"
                )
            socket = False
            settings.require("SLACK_SIGNING_SECRET")
        else:
            socket = mode == "socket" or (mode is None and bool(settings.app_token))
            settings.require("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN" if socket else "SLACK_SIGNING_SECRET")
    except ConfigError as exc:
        return _fail(exc, EXIT_CONFIG)
    setup_logging(level)
    from ..storage import StoreUnavailable
    from .server import serve_http, serve_socket_mode
    from .startup import StartupError

    try:
        asyncio.run(serve_socket_mode(settings, shutdown) if socket else serve_http(settings, shutdown))
    except StartupError as exc:  # a token Slack refuses, or Slack out of reach: one line
        return _fail(exc, exc.exit_code)
    except StoreUnavailable as exc:  # DATABASE_URL wrong or the database down: one line, no traceback
        return _fail(exc, EXIT_CONFIG)
    return EXIT_OK


def console(*, db: str | None = None, log_level: str | None = None) -> int:
    """The local playground; the store is in memory unless ``db`` (a TinyDB file) is given."""
    from .console import run_console

    try:
        setup_logging(config.log_level(log_level, "warning"))
    except ConfigError as exc:
        return _fail(exc, EXIT_CONFIG)
    return run_console(db=db)


def run(*, log_level: str | None = None) -> int:
    """``serve`` when Slack credentials are configured, else the console."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        return _fail(exc, EXIT_CONFIG)
    if settings.has_slack_credentials:
        return serve(settings=settings, log_level=log_level)
    print(
        "socialtip: no Slack credentials configured (see .env.example): starting the console.\n", flush=True
    )
    return console(log_level=log_level)
