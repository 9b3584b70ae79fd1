"""Build socialtip's Bolt app: the Web API client, shared services, and every listener."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.web.async_client import AsyncWebClient

from ..config import DEFAULT_API_URL, DEFAULT_KEEP_QUESTIONS_DAYS, drop_empty_variables
from ..knowledge import KnowledgeBase, load_knowledge
from ..knowledge.search import SearchIndex
from ..messages import t
from ..reminders.client import AnyServerErrorRetryHandler
from ..storage.base import Store
from .listeners import register_listeners
from .oauth import OAuthCredentials, installation_authorize, oauth_settings
from .services import Services
from .tasks import BackgroundTasks

logger = logging.getLogger(__name__)

WEB_API_TIMEOUT = 10
"""Seconds a Web API request may take (each attempt), whatever the session."""


def web_api_session(timeout: int = WEB_API_TIMEOUT) -> aiohttp.ClientSession:
    """An HTTP session for the Web API client whose requests give up after ``timeout`` seconds.

    slack_sdk applies its own ``timeout`` only to sessions it creates; a session handed to it
    keeps its own (aiohttp's default is 300 s), so a shared session must carry the limit.
    """
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout))


def build_client(
    *,
    token: str | None,
    api_url: str = DEFAULT_API_URL,
    session: aiohttp.ClientSession | None = None,
    timeout: int = WEB_API_TIMEOUT,
) -> AsyncWebClient:
    """The Web API client: ``api_url`` as base URL, ``timeout`` seconds per request, retrying
    connection errors, HTTP 429 (after ``Retry-After``) and any 5xx (twice, short backoff).

    Raises:
        ValueError: ``session`` would let a request hang longer than ``timeout`` (make it with
            :func:`web_api_session`).
    """
    if session is not None and (session.timeout.total is None or session.timeout.total > timeout):
        raise ValueError(f"the Web API session must time out within {timeout} s (see web_api_session)")
    handlers = [
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
        AsyncRateLimitErrorRetryHandler(max_retry_count=2),
        AnyServerErrorRetryHandler(
            max_retry_count=2, interval_calculator=BackoffRetryIntervalCalculator(backoff_factor=0.3)
        ),
    ]
    return AsyncWebClient(
        token=token, base_url=api_url, retry_handlers=handlers, session=session, timeout=timeout
    )


def create_app(
    *,
    store: Store,
    token: str | None = None,
    oauth: OAuthCredentials | None = None,
    signing_secret: str | None = None,
    api_url: str = DEFAULT_API_URL,
    kb: KnowledgeBase | None = None,
    index: SearchIndex | None = None,
    tasks: BackgroundTasks | None = None,
    session: aiohttp.ClientSession | None = None,
    api_timeout: int = WEB_API_TIMEOUT,
    editors: Iterable[str] = (),
    keep_questions_days: int = DEFAULT_KEEP_QUESTIONS_DAYS,
) -> AsyncApp:
    """socialtip's Slack app: one workspace with ``token``, or many installed with ``oauth``.

    With ``oauth`` (multi-workspace mode) the app serves Bolt's install flow and finds each
    workspace's bot token among the installations in ``store`` (see :mod:`bot.slack.oauth`);
    ``token`` is then ignored. The caller owns ``store`` and ``tasks``: it closes the store and drains the tasks on
    shutdown. ``signing_secret`` is needed in HTTP mode (Socket Mode requests are not signed).
    A shared ``session`` must come from :func:`web_api_session` (its requests time out).
    ``editors`` (Slack user ids) see the Home tab's insights besides admins and owners; the
    questions asked are kept ``keep_questions_days`` days for them.

    Example::

        app = create_app(store=TinyDBStore("data/socialtip.json"), token="xoxb-...", signing_secret="...")
    """
    drop_empty_variables()  # Bolt reads SLACK_CLIENT_ID & co. itself: an empty one must not mean OAuth
    kb = kb or load_knowledge()
    services = Services(
        kb=kb,
        index=index or SearchIndex(kb),
        store=store,
        tasks=tasks if tasks is not None else BackgroundTasks(),
        editors=frozenset(editors),
        keep_questions_days=keep_questions_days,
    )
    client = build_client(
        token=None if oauth else token, api_url=api_url, session=session, timeout=api_timeout
    )
    multi: dict[str, Any] = {}
    if oauth is not None:
        settings = oauth_settings(oauth, store, client)
        multi = {
            "oauth_settings": settings,
            "authorize": installation_authorize(oauth, settings.installation_store, client),
            "user_facing_authorize_error_message": t("not_installed", "fr") + "\n" + t("not_installed", "en"),
        }
        services.installations = settings.installation_store
    app = AsyncApp(
        name="socialtip",
        client=client,
        signing_secret=signing_secret or "",
        # Our listeners ack at once and move slow work to tracked background tasks, so
        # Bolt need not run them as unawaited futures while polling for the ack every 10 ms.
        process_before_response=True,
        **multi,
    )

    async def attach_services(context: Any, next: Callable[[], Awaitable[Any]]) -> Any:
        context["socialtip"] = services
        return await next()

    app.use(attach_services)
    register_listeners(app)
    _SERVICES[app] = services
    return app


_SERVICES: weakref.WeakKeyDictionary[AsyncApp, Services] = weakref.WeakKeyDictionary()


def services_of(app: AsyncApp) -> Services:
    """The :class:`Services` of an app made by :func:`create_app` (e.g. its store, for ``/healthz``)."""
    return _SERVICES[app]
