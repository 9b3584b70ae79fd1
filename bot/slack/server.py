"""Run the Slack app: over HTTP (aiohttp) or Socket Mode, and stop cleanly on SIGTERM or Ctrl-C.

HTTP mode serves ``POST /slack/events`` (events, slash commands, interactivity) and
``GET /healthz``; in multi-workspace mode also Bolt's ``GET /slack/install`` and
``GET /slack/oauth_redirect`` (see :mod:`bot.slack.oauth`).

Once the store is open, :func:`check_credentials` asks Slack whether the tokens work
(:mod:`bot.slack.startup`). A signal during start-up cancels it; once serving, the server stops
taking requests, lets the requests in flight finish, waits for the replies still being sent,
closes the store and returns, all within :data:`~bot.slack.lifecycle.SHUTDOWN_SECONDS` (the
watchdog of :class:`~bot.slack.lifecycle.Shutdown` ends the process if anything hangs).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.aiohttp import SocketModeClient

from ..config import ConfigError, Settings
from ..reminders.service import start_reminder_loop
from ..storage import connect_store
from ..storage.base import Store
from .app import create_app, services_of, web_api_session
from .gate import MAX_BODY_BYTES, Refused, RequestGate
from .guard import KEEPALIVE_SECONDS, ConnectionGuard, GuardedSite
from .lifecycle import SHUTDOWN_SECONDS, Shutdown
from .oauth import INSTALL_PATH, oauth_credentials
from .startup import (
    CHECK_SECONDS,
    EXIT_BAD_TOKEN,
    EXIT_UNREACHABLE,
    SLACK_SIDE_ERRORS,
    StartupError,
    check_bot_token,
    check_client,
    check_reachable,
    open_socket_mode_url,
)
from .tasks import BackgroundTasks

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HTTP_GRACE_SECONDS = 3.0
"""Of the shutdown budget: how long requests in flight may take; the rest goes to replies."""
REMINDER_STOP_SECONDS = 1.0
"""Of the shutdown budget: how long a reminder run in progress may take to finish (a run cut short
leaves its claim to be taken over after the lease, see bot/reminders/deliver.py)."""


def web_app(
    bolt_app: AsyncApp, *, signing_secret: str, guard: ConnectionGuard | None = None
) -> web.Application:
    """The aiohttp application: Slack's requests on ``/slack/events`` (through the
    :class:`~bot.slack.gate.RequestGate`), health on ``/healthz``, and the install flow when the
    app has one (multi-workspace mode)."""
    gate = RequestGate(signing_secret)

    async def slack_events(request: web.Request) -> web.Response:
        try:
            async with guard.reading_body(request) if guard else contextlib.nullcontext():
                bolt_request = await gate.admit(request)
        except Refused as refused:
            return gate.refusal(request, refused)
        return await to_aiohttp_response(await bolt_app.async_dispatch(bolt_request))

    logged: list[str | None] = [None]

    async def healthz(request: web.Request) -> web.Response:
        # 503 when the store cannot be read or written (corrupt, full, read-only, unreachable);
        # what is wrong goes to the log (once per new problem), not to whoever asks.
        problem = await services_of(bolt_app).store.check_health()
        if problem != logged[0]:
            logged[0] = problem
            if problem is not None:
                logger.error("health check: %s", problem)
        if problem is not None:
            return web.json_response({"ok": False, "error": "store_unavailable"}, status=503)
        return web.json_response({"ok": True})

    app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[guard.middleware] if guard else [])
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


async def start_http(
    bolt_app: AsyncApp, *, host: str, port: int, signing_secret: str, guard: ConnectionGuard | None = None
) -> tuple[web.AppRunner, int]:
    """Start serving ``bolt_app``, its connections under ``guard`` (default: the limits of
    :mod:`bot.slack.guard`); returns the runner (``await runner.cleanup()`` to stop) and the port."""
    guard = guard or ConnectionGuard()
    runner = web.AppRunner(
        web_app(bolt_app, signing_secret=signing_secret, guard=guard),
        access_log=None,
        shutdown_timeout=HTTP_GRACE_SECONDS,
        keepalive_timeout=KEEPALIVE_SECONDS,
    )
    await runner.setup()
    site = GuardedSite(runner, host, port, guard=guard)
    await site.start()
    return runner, site.port


@dataclass
class Running:
    """What a running app owns and must release on shutdown."""

    app: AsyncApp
    store: Store
    tasks: BackgroundTasks
    socket_url: str | None = None
    """Socket Mode: the WebSocket URL Slack handed out when the app token was checked."""


@contextlib.asynccontextmanager
async def running_app(settings: Settings, *, http: bool) -> AsyncIterator[Running]:
    """Open the store, check the credentials with Slack (:func:`check_credentials`), open an HTTP
    session and build the app; on exit (also when start-up is cut short) stop the reminders, wait
    for the replies in flight (what remains of the shutdown budget), then close the session and
    the store."""
    store = await connect_store(settings.store_location)  # PostgreSQL: connects and migrates now
    tasks = BackgroundTasks()
    try:
        socket_url = await check_credentials(settings, socket=not http)
        async with web_api_session() as session:
            app = create_app(
                store=store,
                token=settings.bot_token or "",
                oauth=oauth_credentials(settings),
                signing_secret=settings.signing_secret if http else None,
                api_url=settings.api_url,
                tasks=tasks,
                session=session,
                editors=settings.editors,
                keep_questions_days=settings.keep_questions_days,
            )
            reminders = start_reminder_loop(store, settings)  # weekly reminders (bot/reminders)
            # The knowledge base and its index live as long as the process: keep them out of the
            # garbage collector's full passes, which otherwise walk them all under load.
            gc.freeze()
            try:
                yield Running(app, store, tasks, socket_url)
            finally:
                await reminders.stop(timeout=REMINDER_STOP_SECONDS)
                if len(tasks):
                    logger.info("shutdown: finishing %d reply(ies) in flight", len(tasks))
                await tasks.drain(SHUTDOWN_SECONDS - HTTP_GRACE_SECONDS - 1.0)
    finally:
        await store.close()


class _Signals:
    """What a signal does: during start-up it cancels the serving task; once serving it sets
    :attr:`stop` so the server winds down in order."""

    def __init__(self, shutdown: Shutdown) -> None:
        self.stop = asyncio.Event()
        self.serving = False
        self._task = asyncio.current_task()
        shutdown.attach(asyncio.get_running_loop(), self._on_signal)

    def _on_signal(self) -> None:
        if self.serving:
            self.stop.set()
        elif self._task is not None:
            self._task.cancel()


@contextlib.asynccontextmanager
async def _stopped_while_starting(shutdown: Shutdown) -> AsyncIterator[None]:
    """A cancellation caused by a signal during start-up ends serving quietly."""
    try:
        yield
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if not shutdown.requested.is_set() or task is None:
            raise
        task.uncancel()
        logger.info("stopped during start-up")


async def check_credentials(settings: Settings, *, socket: bool) -> str | None:
    """Ask Slack whether the settings work (see :mod:`bot.slack.startup`); in Socket Mode,
    returns the WebSocket URL to connect to. Raises :class:`StartupError`."""
    client = check_client(settings.api_url)
    if settings.oauth:  # no single bot token: each workspace's is checked on its first request
        await check_reachable(client)
        return None
    await check_bot_token(client, settings.bot_token or "")
    return await open_socket_mode_url(client, settings.app_token or "") if socket else None


async def serve_http(settings: Settings, shutdown: Shutdown | None = None, *, host: str = "0.0.0.0") -> None:
    """Serve Slack over HTTP on ``settings.port`` until SIGTERM or SIGINT (handled by ``shutdown``,
    else by a :class:`Shutdown` of its own)."""
    if shutdown is None:
        with Shutdown() as own:
            return await serve_http(settings, own, host=host)
    signals = _Signals(shutdown)
    async with _stopped_while_starting(shutdown), running_app(settings, http=True) as running:
        runner, port = await start_http(
            running.app, host=host, port=settings.port, signing_secret=settings.signing_secret or ""
        )
        try:
            signals.serving = True
            logger.info("socialtip listening on http://%s:%d%s", host, port, EVENTS_PATH)
            print(f"socialtip: HTTP mode on port {port} (POST {EVENTS_PATH}, GET /healthz)", flush=True)
            if running.app.oauth_flow is not None:
                print(f"socialtip: multi-workspace mode, install from GET {INSTALL_PATH}", flush=True)
            await signals.stop.wait()
            logger.info("shutdown: no longer accepting requests")
        finally:
            await runner.cleanup()
    print("socialtip: stopped", flush=True)


class _SocketModeClient(SocketModeClient):
    """slack_sdk's Socket Mode client, except that an app token Slack refuses (revoked, deleted)
    stops the app instead of being retried with a traceback every few seconds, forever."""

    def __init__(self, *, on_refused: Callable[[str], None], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._on_refused = on_refused

    async def issue_new_wss_url(self) -> str:
        try:
            response = await self.web_client.apps_connections_open(app_token=self.app_token)
            return str(response["url"])
        except SlackApiError as exc:
            data = exc.response.data if exc.response is not None else None
            code = str(data.get("error")) if isinstance(data, dict) else "unknown_error"
            status = exc.response.status_code if exc.response is not None else 0
            if code == "ratelimited":
                await asyncio.sleep(int(exc.response.headers.get("Retry-After", "30")))
                return await self.issue_new_wss_url()
            if code in SLACK_SIDE_ERRORS or status >= 500:
                logger.warning("Socket Mode: Slack answered apps.connections.open with %s; retrying", code)
                raise
            self.closed = True  # the SDK's reconnection loops stop here
            self._on_refused(code)
            raise


class SocketModeConnection(AsyncSocketModeHandler):
    """Bolt's Socket Mode handler over :class:`_SocketModeClient`; :attr:`refused` is set (with
    Slack's error in :attr:`refusal`) when Slack refuses the app token."""

    def __init__(self, app: AsyncApp, app_token: str) -> None:  # replaces Bolt's, to pick the client
        self.app = app
        self.app_token = app_token
        self.refused = asyncio.Event()
        self.refusal = ""
        self.client = _SocketModeClient(
            app_token=app_token,
            logger=logging.getLogger("slack_sdk.socket_mode"),
            web_client=app.client,
            ping_interval=10,
            on_refused=self._on_refused,
        )
        self.client.socket_mode_request_listeners.append(self.handle)  # type: ignore[arg-type]

    def _on_refused(self, code: str) -> None:
        self.refusal = code
        self.refused.set()


async def serve_socket_mode(settings: Settings, shutdown: Shutdown | None = None) -> None:
    """Connect to Slack over Socket Mode (``SLACK_APP_TOKEN``) until SIGTERM or SIGINT, or until
    Slack refuses the app token (:class:`StartupError`, exit code 2)."""
    if shutdown is None:
        with Shutdown() as own:
            return await serve_socket_mode(settings, own)
    signals = _Signals(shutdown)
    async with _stopped_while_starting(shutdown), running_app(settings, http=False) as running:
        connection = SocketModeConnection(running.app, settings.app_token or "")
        connection.client.wss_uri = running.socket_url
        try:
            try:
                await asyncio.wait_for(connection.connect_async(), CHECK_SECONDS)
            except TimeoutError:
                raise StartupError(
                    f"could not open the Socket Mode connection within {CHECK_SECONDS:.0f} s: "
                    "check the network and start again",
                    EXIT_UNREACHABLE,
                ) from None
            signals.serving = True
            print("socialtip: Socket Mode connected", flush=True)
            stop, refused = (
                asyncio.ensure_future(signals.stop.wait()),
                asyncio.ensure_future(connection.refused.wait()),
            )
            await asyncio.wait((stop, refused), return_when=asyncio.FIRST_COMPLETED)
            stop.cancel()
            refused.cancel()
            logger.info("shutdown: disconnecting from Socket Mode")
        finally:
            await connection.close_async()
        if connection.refused.is_set():
            message = str(ConfigError("SLACK_APP_TOKEN", f"was refused by Slack ({connection.refusal})"))
            raise StartupError(message, EXIT_BAD_TOKEN)
    print("socialtip: stopped", flush=True)
