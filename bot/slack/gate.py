"""Slack's HTTP requests checked before Bolt sees them: size, read time, signature, then shape.

Bolt parses a request's body before it checks the signature, so an unsigned malformed body got
HTTP 500 and a traceback, and a request failing the signature was logged whole (up to 1 MB, with
the person's text and ``response_url``). :class:`RequestGate` reads the raw body (within
:data:`BODY_SECONDS`, at most :data:`MAX_BODY_BYTES`), checks Slack's signature on the raw bytes
(https://docs.slack.dev/authentication/verifying-requests-from-slack/), and only then parses it.
A refused request gets 400, 401, 408 or 413 with a short text, and one short log line (never the
body, never a header's value, never a traceback); a flood of them is throttled in the log.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from collections.abc import Callable

from aiohttp import web
from slack_bolt.request.async_request import AsyncBoltRequest

from ..logs import Throttle

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
BODY_SECONDS = 10.0
MAX_AGE_SECONDS = 5 * 60
"""A signature older (or newer) than this is refused, as Slack advises (replays)."""


class Refused(Exception):
    """A request the gate turns away: ``status`` and a short ``reason`` (logged, and sent back)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def signature_problem(secret: bytes, timestamp: str, signature: str, body: bytes, now: float) -> str | None:
    """Why Slack's signature of ``body`` does not hold, or None when it does."""
    if not timestamp or not signature:
        return "no signature"
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        return "malformed signature timestamp"
    if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
        return "signature timestamp too old or in the future"
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret, base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        return "bad signature"
    return None


class RequestGate:
    """Turns an aiohttp request into a verified, parsed :class:`AsyncBoltRequest`, or refuses it."""

    def __init__(self, signing_secret: str, *, clock: Callable[[], float] = time.time) -> None:
        self._secret = signing_secret.encode()
        self._clock = clock
        self._log = Throttle(lines=10, seconds=10.0)

    async def admit(self, request: web.Request) -> AsyncBoltRequest:
        """The request as Bolt wants it; raises :class:`Refused`."""
        if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
            raise Refused(413, "body too large")
        try:
            body = await asyncio.wait_for(request.read(), BODY_SECONDS)
        except TimeoutError:
            raise Refused(408, f"body not received within {BODY_SECONDS:.0f} s") from None
        except web.HTTPRequestEntityTooLarge:
            raise Refused(413, "body too large") from None
        except Exception as exc:  # a broken chunked encoding, a reset: nothing to answer
            raise Refused(400, f"unreadable body ({type(exc).__name__})") from None
        problem = signature_problem(
            self._secret,
            request.headers.get("X-Slack-Request-Timestamp", ""),
            request.headers.get("X-Slack-Signature", ""),
            body,
            self._clock(),
        )
        if problem:
            raise Refused(401, problem)
        try:
            bolt_request = AsyncBoltRequest(
                body=body.decode("utf-8"), query=request.query_string, headers=request.headers
            )
        except (
            ValueError,
            TypeError,
            AttributeError,
            KeyError,
            IndexError,
        ) as exc:  # JSON, form, UTF-8, shape
            raise Refused(400, f"malformed body ({type(exc).__name__})") from None
        if not isinstance(bolt_request.body, dict):
            raise Refused(400, "malformed body (not an object)")
        return bolt_request

    def refusal(self, request: web.Request, refused: Refused) -> web.Response:
        """The answer to a refused request, after one short (throttled) log line."""
        admitted, dropped = self._log.admit()
        if admitted:
            more = f"; {dropped} more refused requests not logged" if dropped else ""
            logger.warning(
                "refused %s %s from %s: %s (HTTP %d, %s bytes)%s",
                request.method,
                request.path[:80],
                request.remote,
                refused.reason,
                refused.status,
                request.content_length if request.content_length is not None else "?",
                more,
            )
        response = web.Response(status=refused.status, text=refused.reason + "\n")
        if refused.status in (408, 413):
            response.force_close()  # the rest of the body is not worth reading
        return response
