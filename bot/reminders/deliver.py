"""Deliver the reminders due at an instant, exactly once per channel and week.

For each active subscription whose slot is due (:func:`~bot.reminders.schedule.due_slot`):
claim the slot in the store, post, then mark the claim sent (never again) or released (a
later run inside the 12-hour window retries). A claim left by a crashed process is taken over
after :data:`LEASE`. The loop inside ``socialtip serve`` and ``socialtip reminders run-due``
both call :func:`run_due`, so any mix of them never sends a slot twice.

Why a 15-minute lease: a delivery is bounded well below it (30 s per HTTP call, at most three
5xx retries with backoff, a couple of 429 waits), so a live owner never loses its claim, while
a process killed mid-delivery delays that channel's reminder by at most 15 minutes (still
inside the 12-hour window). The one case that can send twice is a crash in the instant between
Slack accepting the post and the claim being marked sent; the alternative (mark first) could
lose a reminder instead, and a duplicate is the lesser harm.

Slack errors:

- ``not_in_channel``: join when the channel is public and post again; when it is private,
  pause the subscription and tell the subscriber by DM;
- ``channel_not_found``, ``is_archived``: disable the subscription;
- ``invalid_auth``, ``token_revoked``, ``account_inactive``: disable the workspace's
  subscriptions;
- 429 and 5xx are retried by the client (:mod:`bot.reminders.client`); if they persist, or for
  any other error, the delivery counts as failed and its claim is released.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ..knowledge import KnowledgeBase
from ..messages import t
from ..storage import Store, Subscription
from .message import reminder_message
from .rotation import eligible_entries, next_entry
from .schedule import due_slot

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=15)
DISABLE_CHANNEL = frozenset({"channel_not_found", "is_archived"})
DISABLE_TEAM = frozenset({"invalid_auth", "token_revoked", "account_inactive", "token_expired"})

ClientFactory = Callable[[str], AsyncWebClient | None]
"""The Web API client for a workspace (team id), or None when socialtip has no token for it."""

Outcome = Literal["sent", "failed", "team_disabled"]


@dataclass(slots=True)
class RunReport:
    """What one run did: ``due`` slots, of which ``sent``, ``skipped`` (already sent or being
    sent by another process) and ``failed`` (not sent; retried while the window lasts)."""

    due: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def default_owner() -> str:
    """A claim owner unique to this run: host, process and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


async def run_due(
    store: Store,
    kb: KnowledgeBase,
    client_factory: ClientFactory,
    now: datetime,
    *,
    owner: str | None = None,
    lease: timedelta = LEASE,
    rng: random.Random | None = None,
) -> dict[str, int]:
    """Deliver every reminder due at ``now`` (aware) that nobody has delivered yet.

    Returns ``{"due": n, "sent": n, "skipped": n, "failed": n}``.

    Example::

        report = await run_due(store, kb, lambda team: client, datetime.now(UTC))
    """
    owner = owner or default_owner()
    report = RunReport()
    disabled_teams: set[str] = set()
    for sub in await store.list_subscriptions():
        if sub.status != "active":
            continue
        slot = due_slot(sub, now)
        if slot is None:
            continue
        report.due += 1
        if sub.team_id in disabled_teams:
            report.failed += 1
            continue
        if not await store.claim_delivery(
            sub.team_id, sub.channel_id, slot.key, owner=owner, now=now, lease=lease
        ):
            report.skipped += 1
            continue
        try:
            outcome, seen = await _deliver(store, kb, client_factory, sub, rng)
        except Exception:
            logger.exception("reminder for %s/%s failed unexpectedly", sub.team_id, sub.channel_id)
            outcome, seen = "failed", None
        await store.finish_delivery(
            sub.team_id, sub.channel_id, slot.key, owner=owner, sent=outcome == "sent"
        )
        if outcome == "sent":
            report.sent += 1
            if seen is not None:
                await store.set_seen(sub.team_id, sub.channel_id, seen)
        else:
            report.failed += 1
            if outcome == "team_disabled":
                disabled_teams.add(sub.team_id)
    if report.due:
        logger.info("reminders at %s: %s", now.isoformat(), report.as_dict())
    return report.as_dict()


async def _deliver(
    store: Store,
    kb: KnowledgeBase,
    client_factory: ClientFactory,
    sub: Subscription,
    rng: random.Random | None,
) -> tuple[Outcome, list[str] | None]:
    """Post one reminder; returns the outcome and, when sent, the channel's new rotation."""
    client = client_factory(sub.team_id)
    if client is None:
        logger.warning("no Slack token for workspace %s; reminder not sent", sub.team_id)
        return "failed", None
    lang = "en" if sub.lang == "en" else "fr"
    candidates = [entry.id for entry in eligible_entries(kb, lang)]
    if not candidates:
        logger.error("the knowledge base has no entry with a practice in %s", lang)
        return "failed", None
    entry_id, seen = next_entry(candidates, await store.get_seen(sub.team_id, sub.channel_id), rng)
    message = reminder_message(kb.entries[entry_id], kb, lang)
    try:
        await _post(client, sub.channel_id, message)
    except _PrivateChannel:
        await _pause(store, client, sub)
        return "failed", None
    except SlackApiError as exc:
        return await _on_api_error(store, sub, exc), None
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        logger.warning(
            "reminder for %s/%s: network error %s", sub.team_id, sub.channel_id, type(exc).__name__
        )
        return "failed", None
    return "sent", seen


class _PrivateChannel(Exception):
    """The bot is not in the channel and cannot join it by itself."""


async def _post(client: AsyncWebClient, channel_id: str, message: dict[str, Any]) -> None:
    """chat.postMessage; on ``not_in_channel`` join a public channel and post again."""
    try:
        await client.chat_postMessage(channel=channel_id, **message)
        return
    except SlackApiError as exc:
        if error_code(exc) != "not_in_channel":
            raise
    try:
        info = await client.conversations_info(channel=channel_id)
        private = bool(info["channel"].get("is_private"))
    except SlackApiError as exc:
        logger.warning("conversations.info %s failed (%s); trying to join", channel_id, error_code(exc))
        private = False
    if private:
        raise _PrivateChannel
    try:
        await client.conversations_join(channel=channel_id)
    except SlackApiError as exc:
        logger.warning("could not join %s (%s)", channel_id, error_code(exc))
        raise _PrivateChannel from exc
    logger.info("joined public channel %s to post its reminder", channel_id)
    await client.chat_postMessage(channel=channel_id, **message)


async def _pause(store: Store, client: AsyncWebClient, sub: Subscription) -> None:
    await store.set_subscription_status(
        sub.team_id, "paused", channel_id=sub.channel_id, reason="not_in_channel"
    )
    logger.warning("paused reminder of %s/%s: private channel, bot not in it", sub.team_id, sub.channel_id)
    try:
        await client.chat_postMessage(
            channel=sub.subscriber_id, text=t("remind_paused_dm", sub.lang, channel=sub.channel_id)
        )
    except (TimeoutError, SlackApiError, aiohttp.ClientError, OSError) as exc:
        logger.warning("could not tell %s by DM (%s)", sub.subscriber_id, type(exc).__name__)


async def _on_api_error(store: Store, sub: Subscription, exc: SlackApiError) -> Outcome:
    code = error_code(exc)
    status = exc.response.status_code if exc.response is not None else None
    if code in DISABLE_CHANNEL:
        await store.set_subscription_status(sub.team_id, "disabled", channel_id=sub.channel_id, reason=code)
        logger.warning("disabled reminder of %s/%s: %s", sub.team_id, sub.channel_id, code)
        return "failed"
    if code in DISABLE_TEAM:
        count = await store.set_subscription_status(sub.team_id, "disabled", reason=code)
        logger.warning("disabled %d reminder(s) of workspace %s: %s", count, sub.team_id, code)
        return "team_disabled"
    logger.warning(
        "reminder for %s/%s failed (HTTP %s, %s); will retry within the window",
        sub.team_id,
        sub.channel_id,
        status,
        code,
    )
    return "failed"


def error_code(exc: SlackApiError) -> str | None:
    """Slack's ``error`` field, when the response had one."""
    data = exc.response.data if exc.response is not None else None
    return data.get("error") if isinstance(data, dict) else None
