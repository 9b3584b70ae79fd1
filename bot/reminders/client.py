"""The Web API client the reminders post with, configured like the app's.

``base_url`` comes from ``SLACK_API_URL`` (through :mod:`bot.config`), so tests point it at a
local stand-in. Retry handlers: connection errors, HTTP 429 (waits ``Retry-After``), and 5xx
with exponential backoff; after that the error reaches :func:`bot.reminders.deliver.run_due`,
which releases the claim so a later run inside the 12-hour window tries again.
"""

from __future__ import annotations

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

DEFAULT_TIMEOUT = 30
SERVER_ERROR_RETRIES = 3


class AnyServerErrorRetryHandler(AsyncServerErrorRetryHandler):
    """Retries every 5xx (slack_sdk's handler only retries 500 and 503)."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and 500 <= response.status_code <= 599


def make_client(
    token: str,
    *,
    base_url: str,
    timeout: int = DEFAULT_TIMEOUT,
    backoff_factor: float = 0.5,
) -> AsyncWebClient:
    """An ``AsyncWebClient`` for ``token`` with socialtip's retry policy.

    Args:
        token: the bot token (never logged).
        base_url: the Web API root, ``https://slack.com/api/`` or a local stand-in.
        timeout: seconds per HTTP request.
        backoff_factor: first 5xx retry waits about this long, then doubles.
    """
    return AsyncWebClient(
        token=token,
        base_url=base_url,
        timeout=timeout,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),
            AnyServerErrorRetryHandler(
                max_retry_count=SERVER_ERROR_RETRIES,
                interval_calculator=BackoffRetryIntervalCalculator(backoff_factor=backoff_factor),
            ),
        ],
    )
