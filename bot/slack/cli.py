"""The Slack side of the command line: ``serve``, ``console`` and ``run`` (imported lazily)."""

from __future__ import annotations

import asyncio
import logging
import sys

from ..config import ConfigError, Settings, load_settings

EXIT_OK = 0
EXIT_CONFIG = 2


def _logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def serve(*, mode: str | None = None, port: int | None = None, settings: Settings | None = None) -> int:
    """Serve Slack: Socket Mode with ``SLACK_APP_TOKEN`` (or ``mode="socket"``), else HTTP."""
    try:
        settings = settings or load_settings(port=port)
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
        print(f"socialtip: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    from ..storage import StoreUnavailable
    from .server import serve_http, serve_socket_mode

    _logging()
    try:
        asyncio.run(serve_socket_mode(settings) if socket else serve_http(settings))
    except StoreUnavailable as exc:  # DATABASE_URL wrong or the database down: one line, no traceback
        print(f"socialtip: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    return EXIT_OK


def console(*, db: str | None = None) -> int:
    """The local playground; the store is in memory unless ``db`` (a TinyDB file) is given."""
    from ..storage.tinydb_store import TinyDBStore
    from .console import run_console

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    async def main() -> None:
        store = TinyDBStore(db) if db else TinyDBStore()
        try:
            await run_console(store=store)
        finally:
            await store.close()

    asyncio.run(main())
    return EXIT_OK


def run() -> int:
    """``serve`` when Slack credentials are configured, else the console."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"socialtip: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if settings.has_slack_credentials:
        return serve(settings=settings)
    print(
        "socialtip: no Slack credentials configured (see .env.example): starting the console.\n", flush=True
    )
    return console()
