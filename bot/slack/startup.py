"""What ``serve`` checks with Slack before it starts: the tokens work and Slack can be reached.

Each check takes at most :data:`CHECK_SECONDS` and raises :class:`StartupError`, whose message is
one line naming the setting at fault, with the exit code ``serve`` ends with: 2 for a token Slack
refuses (a configuration problem), 1 when Slack cannot be reached or is failing (try again later).

- single workspace: ``auth.test`` with ``SLACK_BOT_TOKEN`` (and it must be a bot token);
- Socket Mode: ``apps.connections.open`` with ``SLACK_APP_TOKEN`` (the WebSocket URL it returns is
  the one the connection then uses);
- multi-workspace (OAuth): there is no single bot token to check; each workspace's token is checked
  by Bolt when its first request comes in. ``api.test`` checks that Slack can be reached.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from ..config import ConfigError

logger = logging.getLogger(__name__)

CHECK_SECONDS = 10.0
EXIT_UNREACHABLE = 1
EXIT_BAD_TOKEN = 2

SLACK_SIDE_ERRORS = frozenset(
    {
        "ratelimited",
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
        "team_is_restricted",
    }
)
"""Errors that say nothing about the token: Slack is failing or busy (exit 1, try again)."""


class StartupError(Exception):
    """A start-up check failed: ``str(error)`` is one line, ``exit_code`` is what ``serve`` returns."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _error_code(exc: SlackApiError) -> str:
    data = exc.response.data if exc.response is not None else None
    return str(data.get("error", "unknown_error")) if isinstance(data, dict) else "unknown_error"


async def _call(what: str, api_url: str, call: Awaitable[AsyncSlackResponse]) -> dict[str, Any]:
    """Await the Web API ``call`` within :data:`CHECK_SECONDS`; network trouble -> exit 1."""
    try:
        response = await asyncio.wait_for(call, CHECK_SECONDS)
    except TimeoutError:
        raise StartupError(
            f"Slack did not answer {what} within {CHECK_SECONDS:.0f} s at {api_url}: "
            "check the network (or SLACK_API_URL) and start again",
            EXIT_UNREACHABLE,
        ) from None
    except (aiohttp.ClientError, OSError) as exc:
        reason = str(exc).split("\n")[0][:120] or type(exc).__name__
        raise StartupError(
            f"cannot reach Slack at {api_url} ({reason}): check the network (or SLACK_API_URL) and start again",
            EXIT_UNREACHABLE,
        ) from None
    return dict(response.data) if isinstance(response.data, dict) else {}


def _refused(exc: SlackApiError, *, variable: str, what: str, api_url: str) -> StartupError:
    code = _error_code(exc)
    status = exc.response.status_code if exc.response is not None else 0
    if code in SLACK_SIDE_ERRORS or status >= 500:
        return StartupError(
            f"Slack answered {what} with {code} (HTTP {status}) at {api_url}: try again later",
            EXIT_UNREACHABLE,
        )
    return StartupError(str(ConfigError(variable, f"was refused by Slack ({code})")), EXIT_BAD_TOKEN)


def check_client(api_url: str, session: aiohttp.ClientSession | None = None) -> AsyncWebClient:
    """A Web API client for the checks: no retries (the 10 s limit is the whole budget)."""
    return AsyncWebClient(base_url=api_url, timeout=int(CHECK_SECONDS), session=session, retry_handlers=[])


async def check_bot_token(client: AsyncWebClient, token: str) -> dict[str, Any]:
    """``auth.test`` with ``SLACK_BOT_TOKEN``; returns Slack's answer (team, bot user...)."""
    try:
        data = await _call("auth.test", client.base_url, client.auth_test(token=token))
    except SlackApiError as exc:
        raise _refused(exc, variable="SLACK_BOT_TOKEN", what="auth.test", api_url=client.base_url) from None
    if not data.get("bot_id"):
        raise StartupError(str(ConfigError("SLACK_BOT_TOKEN", "is not a bot token")), EXIT_BAD_TOKEN)
    logger.debug("SLACK_BOT_TOKEN works: workspace %s, bot user %s", data.get("team_id"), data.get("user_id"))
    return data


async def open_socket_mode_url(client: AsyncWebClient, app_token: str) -> str:
    """``apps.connections.open`` with ``SLACK_APP_TOKEN``: the WebSocket URL to connect to."""
    what = "apps.connections.open"
    try:
        data = await _call(what, client.base_url, client.apps_connections_open(app_token=app_token))
    except SlackApiError as exc:
        raise _refused(exc, variable="SLACK_APP_TOKEN", what=what, api_url=client.base_url) from None
    url = data.get("url")
    if not isinstance(url, str) or not url:
        raise StartupError(f"Slack answered {what} without a URL at {client.base_url}", EXIT_UNREACHABLE)
    return url


async def check_reachable(client: AsyncWebClient) -> None:
    """``api.test``: Slack's Web API answers at ``SLACK_API_URL`` (multi-workspace mode)."""
    try:
        await _call("api.test", client.base_url, client.api_test())
    except SlackApiError as exc:
        raise StartupError(
            f"Slack answered api.test with {_error_code(exc)} at {client.base_url}: try again later",
            EXIT_UNREACHABLE,
        ) from None
