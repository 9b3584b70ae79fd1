"""Multi-workspace installs: Bolt's OAuth flow, keeping installations and states in our Store.

When ``SLACK_CLIENT_ID``, ``SLACK_CLIENT_SECRET`` and ``SLACK_STATE_SECRET`` are set,
:func:`~bot.slack.app.create_app` gives Bolt :func:`oauth_settings`: ``GET /slack/install``
redirects to Slack's authorize page, ``GET /slack/oauth_redirect`` exchanges the code
(``oauth.v2.access``, on ``SLACK_API_URL``) and saves the installation; then Bolt's authorize
finds each workspace's bot token in the same store for every request.

:class:`StoreInstallationStore` puts slack_sdk's installation store over
:class:`~bot.storage.base.Store` (TinyDB, or PostgreSQL with ``DATABASE_URL``), so several
``web`` processes share installations. OAuth states need no storage: :class:`SignedStateStore`
signs them, so starting an install writes nothing.

Example::

    store = TinyDBStore("data/socialtip.json")
    settings = oauth_settings(OAuthCredentials("123.456", "client-secret", "state-secret"), store, client)
    app = AsyncApp(client=client, signing_secret="...", oauth_settings=settings)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient

from ..config import Settings
from ..storage.base import InstallationRecord, Store

logger = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_TTL = timedelta(minutes=10)
MAX_USED_STATES = 100_000
"""Used states remembered (each for at most :data:`STATE_TTL`); past that, installs are refused."""

BOT_SCOPES: tuple[str, ...] = (
    "app_mentions:read",
    "assistant:write",
    "channels:join",
    "channels:read",
    "chat:write",
    "chat:write.public",
    "commands",
    "groups:read",
    "im:history",
    "im:write",
    "users:read",
)
"""The bot scopes asked for at install: the same as ``manifest.json`` (a test keeps them equal)."""

# Fields an InstallationRecord holds as its own columns; the rest of Installation goes to ``data``.
_KEY_FIELDS = ("enterprise_id", "team_id", "user_id", "is_enterprise_install", "bot_token", "installed_at")


@dataclass(frozen=True, slots=True)
class OAuthCredentials:
    """The three settings of multi-workspace mode (never logged)."""

    client_id: str
    client_secret: str = ""
    state_secret: str = ""

    def __repr__(self) -> str:
        return f"OAuthCredentials(client_id={self.client_id!r}, client_secret=..., state_secret=...)"


def oauth_credentials(settings: Settings) -> OAuthCredentials | None:
    """The OAuth credentials of multi-workspace mode, or None in single-workspace mode."""
    if not settings.oauth:
        return None
    return OAuthCredentials(
        settings.client_id or "", settings.client_secret or "", settings.state_secret or ""
    )


def to_record(installation: Installation) -> InstallationRecord:
    """An slack_sdk ``Installation`` as the JSON-able record the store keeps."""
    raw = installation.to_dict_for_copying()
    data = {name: _jsonable(value) for name, value in raw.items() if name not in _KEY_FIELDS}
    return InstallationRecord(
        enterprise_id=installation.enterprise_id,
        team_id=installation.team_id,
        user_id=installation.user_id,
        is_enterprise_install=bool(installation.is_enterprise_install),
        bot_token=installation.bot_token,
        installed_at=float(installation.installed_at),
        data=data,
    )


def from_record(record: InstallationRecord) -> Installation:
    """The slack_sdk ``Installation`` a record was made from."""
    fields: dict[str, Any] = dict(record.data)
    fields.update(
        enterprise_id=record.enterprise_id,
        team_id=record.team_id,
        user_id=record.user_id,
        is_enterprise_install=record.is_enterprise_install,
        bot_token=record.bot_token,
        installed_at=record.installed_at,
    )
    return Installation(**fields)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


class StoreInstallationStore(AsyncInstallationStore):
    """slack_sdk's ``AsyncInstallationStore`` over our :class:`~bot.storage.base.Store`.

    One record per (enterprise, workspace, installing user); lookups without a user return the
    workspace's latest installation, which is where Bolt's authorize takes the bot token from.
    socialtip asks for bot scopes only, so deleting the bot deletes the workspace's records.
    """

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def logger(self) -> logging.Logger:
        return logger

    async def async_save(self, installation: Installation) -> None:
        await self._store.save_installation(to_record(installation))
        logger.info(
            "installed in workspace %s (enterprise %s) by %s",
            installation.team_id,
            installation.enterprise_id,
            installation.user_id,
        )

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        record = await self._store.find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=bool(is_enterprise_install),
        )
        return from_record(record) if record is not None else None

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        installation = await self.async_find_installation(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        if installation is None or installation.bot_token is None:
            return None
        return installation.to_bot()

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await self._store.delete_installations(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._store.delete_installations(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        count = await self._store.delete_installations(enterprise_id=enterprise_id, team_id=team_id)
        logger.info(
            "deleted %d installation(s) of workspace %s (enterprise %s)", count, team_id, enterprise_id
        )


class SignedStateStore(AsyncOAuthStateStore):
    """slack_sdk's ``AsyncOAuthStateStore`` with signed, stateless states: ``GET /slack/install``
    writes nothing (anyone can call it, as often as they like).

    A state is ``<expires>.<nonce>.<signature>``: when it expires (Unix seconds, issue time +
    :data:`STATE_TTL`), a random nonce, and an HMAC-SHA256 of both with ``SLACK_STATE_SECRET``.
    On the way back the signature and the expiry are checked with no I/O at all, so a forged,
    tampered or expired state costs nothing, and one issued by another deployment (another
    secret) is refused. A state is accepted once: used nonces are remembered in memory until
    they expire (at most :data:`MAX_USED_STATES`). Bolt also checks that the browser carries the
    state in a cookie, which ties the redirect to the browser that started the install, and
    Slack's ``code`` itself works once, so a state replayed on another process still installs
    nothing.
    """

    def __init__(
        self,
        secret: str,
        *,
        ttl: timedelta = STATE_TTL,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if not secret:
            raise ValueError("the state secret must not be empty")
        self._key = secret.encode()
        self._ttl = ttl
        self._clock = clock
        self._used: dict[str, float] = {}  # nonce -> when it expires

    @property
    def logger(self) -> logging.Logger:
        return logger

    def _sign(self, payload: str) -> str:
        digest = hmac.new(self._key, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        expires = int((self._clock() + self._ttl).timestamp())
        payload = f"{expires}.{secrets.token_urlsafe(18)}"
        return f"{payload}.{self._sign(payload)}"

    async def async_consume(self, state: str) -> bool:
        payload, _, signature = (state or "").rpartition(".")
        if not payload or not hmac.compare_digest(signature.encode(), self._sign(payload).encode()):
            logger.warning("OAuth redirect with a state that is not ours: refused")
            return False
        raw_expires, _, nonce = payload.partition(".")
        now = self._clock().timestamp()
        if not raw_expires.isdigit() or int(raw_expires) <= now:
            logger.warning("OAuth redirect with an expired state: refused")
            return False
        self._used = {n: until for n, until in self._used.items() if until > now}
        if nonce in self._used:
            logger.warning("OAuth redirect with a state already used: refused")
            return False
        if len(self._used) >= MAX_USED_STATES:
            logger.warning("OAuth redirect refused: %d installs in the last %s", len(self._used), self._ttl)
            return False
        self._used[nonce] = float(raw_expires)
        return True


def oauth_settings(credentials: OAuthCredentials, store: Store, client: AsyncWebClient) -> AsyncOAuthSettings:
    """Bolt's OAuth settings: install and redirect paths, our bot scopes, our stores.

    ``GET /slack/install`` redirects straight to Slack's authorize page (no intermediate
    page). ``client`` (on ``SLACK_API_URL``) is the one Bolt's flow calls ``oauth.v2.access`` with.
    """
    installations = StoreInstallationStore(store)
    settings = AsyncOAuthSettings(
        client_id=credentials.client_id,
        client_secret=credentials.client_secret,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        install_page_rendering_enabled=False,
        installation_store=installations,
        state_store=SignedStateStore(credentials.state_secret),
        state_expiration_seconds=int(STATE_TTL.total_seconds()),
        logger=logger,
    )
    return settings


def installation_authorize(
    credentials: OAuthCredentials, installations: AsyncInstallationStore, client: AsyncWebClient
) -> AsyncInstallationStoreAuthorize:
    """Bolt's authorize over our installations, with its result cached per token.

    Bolt checks each token with ``auth.test`` once and then reuses the answer (the installation
    itself is still looked up in the store on every request, so an uninstalled workspace is
    refused at once). ``client`` keeps token rotation, if ever enabled, on ``SLACK_API_URL``.
    """
    return AsyncInstallationStoreAuthorize(
        logger=logger,
        installation_store=installations,
        client_id=credentials.client_id,
        client_secret=credentials.client_secret,
        cache_enabled=True,
        client=client,
    )
