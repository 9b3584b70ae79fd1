"""Run the Slack app: over HTTP (aiohttp) or Socket Mode, and stop cleanly on SIGTERM.

HTTP mode serves ``POST /slack/events`` (events, slash commands, interactivity) and
``GET /healthz``; in multi-workspace mode also Bolt's ``GET /slack/install`` and
``GET /slack/oauth_redirect`` (see :mod:`bot.slack.oauth`). On SIGTERM or SIGINT the server
stops taking requests, lets the requests in flight finish, waits for the replies still being
sent, closes the store and returns, all within :data:`SHUTDOWN_SECONDS`.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from ..config import Settings
from ..reminders.service import start_reminder_loop
from ..storage import connect_store
from ..storage.base import Store
from .app import create_app
from .oauth import INSTALL_PATH, oauth_credentials
from .tasks import BackgroundTasks

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
SHUTDOWN_SECONDS = 10.0
HTTP_GRACE_SECONDS = 3.0
"""Of the shutdown budget: how long requests in flight may take; the rest goes to replies."""
REMINDER_STOP_SECONDS = 1.0
"""Of the shutdown budget: how long a reminder run in progress may take to finish (a run cut short
leaves its claim to be taken over after the lease, see bot/reminders/deliver.py)."""


def web_app(bolt_app: AsyncApp) -> web.Application:
    """The aiohttp application: Slack's requests on ``/slack/events``, health on ``/healthz``,
    and the install flow when the app has one (multi-workspace mode)."""

    async def slack_events(request: web.Request) -> web.Response:
        bolt_response = await bolt_app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app = web.Application(client_max_size=1024 * 1024)
    app.router.add_post(EVENTS_PATH, slack_events)
    app.router.add_get("/healthz", healthz)
    flow = bolt_app.oauth_flow
    if flow is not None:

        async def install(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

        async def oauth_redirect(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

        app.router.add_get(flow.install_path, install)
        app.router.add_get(flow.redirect_uri_path, oauth_redirect)
    return app


async def start_http(bolt_app: AsyncApp, *, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Start serving ``bolt_app``; returns the runner (``await runner.cleanup()`` to stop) and the port."""
    runner = web.AppRunner(web_app(bolt_app), access_log=None, shutdown_timeout=HTTP_GRACE_SECONDS)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    sockets = site._server.sockets if site._server else ()  # type: ignore[union-attr]
    return runner, (sockets[0].getsockname()[1] if sockets else port)


@dataclass
class Running:
    """What a running app owns and must release on shutdown."""

    app: AsyncApp
    store: Store
    tasks: BackgroundTasks


@contextlib.asynccontextmanager
async def running_app(settings: Settings, *, http: bool) -> AsyncIterator[Running]:
    """Open the store and an HTTP session, build the app; on exit wait for the replies in flight
    (what remains of the shutdown budget), then close the session and the store."""
    store = await connect_store(settings.store_location)  # PostgreSQL: connects and migrates now
    tasks = BackgroundTasks()
    try:
        async with aiohttp.ClientSession() as session:
            app = create_app(
                store=store,
                token=settings.bot_token or "",
                oauth=oauth_credentials(settings),
                signing_secret=settings.signing_secret if http else None,
                api_url=settings.api_url,
                tasks=tasks,
                session=session,
            )
            reminders = start_reminder_loop(store, settings)  # weekly reminders (bot/reminders)
            # The knowledge base and its index live as long as the process: keep them out of the
            # garbage collector's full passes, which otherwise walk them all under load.
            gc.freeze()
            yield Running(app, store, tasks)
            await reminders.stop(timeout=REMINDER_STOP_SECONDS)
            if len(tasks):
                logger.info("shutdown: finishing %d reply(ies) in flight", len(tasks))
            await tasks.drain(SHUTDOWN_SECONDS - HTTP_GRACE_SECONDS - 1.0)
    finally:
        await store.close()


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def serve_http(settings: Settings, *, host: str = "0.0.0.0") -> None:
    """Serve Slack over HTTP on ``settings.port`` until SIGTERM or SIGINT."""
    stop = _stop_on_signals()
    async with running_app(settings, http=True) as running:
        runner, port = await start_http(running.app, host=host, port=settings.port)
        logger.info("socialtip listening on http://%s:%d%s", host, port, EVENTS_PATH)
        print(f"socialtip: HTTP mode on port {port} (POST {EVENTS_PATH}, GET /healthz)", flush=True)
        if running.app.oauth_flow is not None:
            print(f"socialtip: multi-workspace mode, install from GET {INSTALL_PATH}", flush=True)
        await stop.wait()
        logger.info("shutdown: no longer accepting requests")
        await runner.cleanup()
    print("socialtip: stopped", flush=True)


async def serve_socket_mode(settings: Settings) -> None:
    """Connect to Slack over Socket Mode (``SLACK_APP_TOKEN``) until SIGTERM or SIGINT."""
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    stop = _stop_on_signals()
    async with running_app(settings, http=False) as running:
        handler = AsyncSocketModeHandler(running.app, settings.app_token, web_client=running.app.client)
        await handler.connect_async()
        print("socialtip: Socket Mode connected", flush=True)
        await stop.wait()
        logger.info("shutdown: disconnecting from Socket Mode")
        await handler.close_async()
    print("socialtip: stopped", flush=True)
