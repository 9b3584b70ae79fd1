"""Getting a reply to a person, or telling them it failed: nothing is dropped silently.

Slack's ``response_url`` answers HTTP 200 when it took the message and something else when it
did not (expired after 30 minutes, used more than 5 times, a 5xx): Bolt's ``respond`` returns
that status without raising, so a failed reply would pass unnoticed. :class:`CheckedRespond`
is a ``respond`` that retries connection errors and 5xx (slack_sdk's retry handlers), gives up
after :data:`RESPONSE_URL_TIMEOUT` seconds per attempt, and raises :class:`ReplyFailed` when
Slack did not take the message. :func:`tell_failure` then tries the other way to reach the
person (an ephemeral message through the Web API) and logs what happened either way.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook import WebhookResponse
from slack_sdk.webhook.async_client import AsyncWebhookClient

from ..reminders.client import AnyServerErrorRetryHandler

logger = logging.getLogger(__name__)

RESPONSE_URL_TIMEOUT = 10
"""Seconds per ``response_url`` attempt."""


class ReplyFailed(Exception):
    """Slack did not take a ``response_url`` message (the status and Slack's answer say why)."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"response_url answered HTTP {status}: {body[:100]}")
        self.status = status


SEND_ERRORS = (ReplyFailed, SlackApiError, aiohttp.ClientError, TimeoutError, OSError, ValueError)
"""What sending a message can raise (ValueError: no response_url, e.g. a Home tab click)."""


def response_url_retry_handlers() -> list[AsyncRetryHandler]:
    """Connection errors and any 5xx, retried twice with a short backoff (someone is waiting)."""
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
        AnyServerErrorRetryHandler(
            max_retry_count=2, interval_calculator=BackoffRetryIntervalCalculator(backoff_factor=0.3)
        ),
    ]


class CheckedRespond(AsyncRespond):
    """Bolt's ``respond``, with retries and a timeout, raising :class:`ReplyFailed` on a refusal."""

    def __init__(self, *, response_url: str | None, timeout: int = RESPONSE_URL_TIMEOUT) -> None:
        super().__init__(response_url=response_url)
        self.timeout = timeout

    async def __call__(  # type: ignore[override]
        self, text: str | dict[str, Any] = "", **fields: Any
    ) -> WebhookResponse:
        if not self.response_url:
            raise ValueError("this click or command has no response_url")
        message = dict(text) if isinstance(text, dict) else {"text": text, **fields}
        message = {key: value for key, value in message.items() if value is not None}
        if "blocks" in message:
            message["blocks"] = [b if isinstance(b, dict) else b.to_dict() for b in message["blocks"]]
        client = AsyncWebhookClient(
            url=self.response_url, timeout=self.timeout, retry_handlers=response_url_retry_handlers()
        )
        response = await client.send_dict(message)
        if response.status_code != 200:
            raise ReplyFailed(response.status_code, str(response.body))
        return response


def checked(respond: AsyncRespond) -> CheckedRespond:
    """A :class:`CheckedRespond` on the same ``response_url`` as Bolt's ``respond``."""
    return (
        respond if isinstance(respond, CheckedRespond) else CheckedRespond(response_url=respond.response_url)
    )


async def tell_failure(
    text: str,
    *,
    respond: AsyncRespond | None,
    client: AsyncWebClient | None,
    channel_id: str | None,
    user_id: str,
    what: str,
) -> bool:
    """Tell ``user_id`` that ``what`` failed (``text``): through ``respond``, else as an ephemeral
    message in ``channel_id``, else in a DM. Logs the outcome; True when the person was told."""
    if respond is not None:
        try:
            await respond(response_type="ephemeral", replace_original=False, text=text)
            logger.warning("%s failed; the person was told", what)
            return True
        except SEND_ERRORS as exc:
            logger.warning("%s failed, and so did the apology through response_url (%s)", what, _why(exc))
    if client is not None:
        for target in (channel_id, user_id):
            if not target:
                continue
            try:
                if target == user_id:
                    await client.chat_postMessage(channel=user_id, text=text)
                else:
                    await client.chat_postEphemeral(channel=target, user=user_id, text=text)
                logger.warning("%s failed; the person was told in %s", what, target)
                return True
            except SEND_ERRORS as exc:
                logger.warning("%s: could not tell the person in %s either (%s)", what, target, _why(exc))
    logger.error("%s failed and %s could not be told", what, user_id)
    return False


def _why(exc: BaseException) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error"))
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
