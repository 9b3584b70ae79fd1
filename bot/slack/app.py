"""Build socialtip's Bolt app: the Web API client, shared services, and every listener."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    async_default_handlers,
)
from slack_sdk.web.async_client import AsyncWebClient

from ..config import DEFAULT_API_URL, drop_empty_variables
from ..knowledge import KnowledgeBase, load_knowledge
from ..knowledge.search import SearchIndex
from ..messages import t
from ..storage.base import Store
from .listeners import register_listeners
from .oauth import OAuthCredentials, installation_authorize, oauth_settings
from .services import Services
from .tasks import BackgroundTasks

logger = logging.getLogger(__name__)


def build_client(
    *, token: str | None, api_url: str = DEFAULT_API_URL, session: aiohttp.ClientSession | None = None
) -> AsyncWebClient:
    """The Web API client: ``api_url`` as base URL, retrying connection errors and HTTP 429."""
    handlers = [*async_default_handlers(), AsyncRateLimitErrorRetryHandler(max_retry_count=2)]
    return AsyncWebClient(token=token, base_url=api_url, retry_handlers=handlers, session=session, timeout=10)


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
) -> AsyncApp:
    """socialtip's Slack app: one workspace with ``token``, or many installed with ``oauth``.

    With ``oauth`` (multi-workspace mode) the app serves Bolt's install flow and finds each
    workspace's bot token among the installations in ``store`` (see :mod:`bot.slack.oauth`);
    ``token`` is then ignored. The caller owns ``store`` and ``tasks``: it closes the store and drains the tasks on
    shutdown. ``signing_secret`` is needed in HTTP mode (Socket Mode requests are not signed).

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
    )
    client = build_client(token=None if oauth else token, api_url=api_url, session=session)
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
    return app
