"""The storage interface: what socialtip remembers, whatever the backend keeps it in.

Every record is keyed by workspace (``team_id``) so no workspace ever sees another's data.
Each method returns only once the change is durable (on disk, committed): callers tell the
user "done" after the call returns. The one exception is :meth:`Store.set_last_tip`, which
only steers which tip comes next: it may be kept in memory and written a moment later, after
the reply (losing it to a crash only means a tip may repeat).

Writes check their input (:mod:`bot.storage.limits`): a value out of bounds raises
:class:`~bot.storage.limits.InvalidInput` and nothing is stored.

A backend implements :class:`Store`. Methods that depend on time take ``now`` from the caller
(an injected clock), so behaviour is testable and identical across backends; the only
exception is :meth:`Store.claim_event`, whose short retention uses the wall clock.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

Vote = Literal["up", "down"]
SubscriptionStatus = Literal["active", "paused", "disabled"]
SUBSCRIPTION_STATUSES: tuple[SubscriptionStatus, ...] = ("active", "paused", "disabled")


@dataclass(frozen=True, slots=True)
class Subscription:
    """A channel's weekly reminder: one per channel, a new one replaces the old.

    ``weekday`` is 0 for Monday … 6 for Sunday; ``hour``/``minute`` are wall-clock time in the
    IANA zone ``tz``. ``status`` is ``active`` (delivered), ``paused`` (the bot cannot post, e.g.
    not in a private channel: resubscribing reactivates it) or ``disabled`` (channel gone or
    token revoked). ``reason`` says why when not active (a Slack error code).
    """

    team_id: str
    channel_id: str
    weekday: int
    hour: int
    minute: int
    tz: str
    lang: str
    subscriber_id: str
    status: SubscriptionStatus = "active"
    reason: str = ""
    since: float = 0.0
    """When it was set (Unix time): a slot earlier than this is never due, so subscribing after
    today's time has passed waits for next week, as the confirmation says."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Subscription:
        return cls(**{name: raw[name] for name in cls.__dataclass_fields__ if name in raw})


@dataclass(frozen=True, slots=True)
class Feedback:
    """A person's vote on one answer: 👍 (``up``) or 👎 (``down``), kept once per answer.

    ``answer`` identifies what was voted on (see :func:`answer_key`): the same person voting
    again on the same answer replaces their vote. ``at`` is Unix time of the latest vote.
    ``lang`` is the answer's language and ``surface`` where it was shown (``command``, ``dm``,
    ``mention``); both are empty for votes kept before they were recorded.
    """

    team_id: str
    user_id: str
    answer: str
    entry_id: str
    question: str
    vote: Vote
    at: float
    lang: str = ""
    surface: str = ""


@dataclass(frozen=True, slots=True)
class Question:
    """A question socialtip was asked: the entry it answered with, or None when it refused.

    ``text`` is kept only for refused questions (what editors need to see); ``at`` is Unix time.
    """

    team_id: str
    lang: str
    entry_id: str | None
    at: float
    text: str = ""


QUESTION_TEXT_CHARS = 1000
"""A refused question is kept on its first 1,000 characters."""
SURFACES = ("", "command", "dm", "mention")
"""Where an answer voted on was shown (``""``: not said)."""


def answer_key(entry_id: str, question: str) -> str:
    """The id of "this entry given as the answer to this question" (whitespace and case ignored).

    The same question answered twice with the same entry is one answer: a person who votes on
    both keeps one vote. PostgreSQL computes the same value for rows kept before migration 4.
    """
    normal = " ".join(question.split()).lower()
    return hashlib.md5(f"{entry_id}\n{normal}".encode(), usedforsecurity=False).hexdigest()


@dataclass(frozen=True, slots=True)
class InstallationRecord:
    """One installation of the app (multi-workspace OAuth mode), as the backends keep it.

    Keyed by workspace: ``enterprise_id`` (None outside Enterprise Grid) and ``team_id`` (None
    for an org-wide install, ``is_enterprise_install``), plus the installing ``user_id``: a
    workspace has one record per person who installed it, the latest one wins on lookups.
    ``installed_at`` is Unix time (seconds). ``data`` holds everything else Slack's OAuth
    flow returned (JSON-able: strings, numbers, booleans, lists, None), for the Slack layer
    to rebuild its own object; the storage layer never looks inside it.
    """

    enterprise_id: str | None
    team_id: str | None
    user_id: str
    is_enterprise_install: bool
    bot_token: str | None
    installed_at: float
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> InstallationRecord:
        return cls(**{name: raw[name] for name in cls.__dataclass_fields__ if name in raw})


class Store(Protocol):
    """What the Slack app and the reminders need to remember."""

    # People's preferences and tip rotation.
    async def get_user_lang(self, team_id: str, user_id: str) -> str | None:
        """The language the person chose with ``/socialtip lang``, if any."""

    async def set_user_lang(self, team_id: str, user_id: str, lang: str) -> None: ...

    async def get_last_tip(self, team_id: str, user_id: str) -> str | None:
        """The id of the last tip shown to this person (so the next one differs)."""

    async def set_last_tip(self, team_id: str, user_id: str, entry_id: str) -> None:
        """Remember the tip just shown; may be written after it returns (see the module docstring)."""

    # Feedback on answers: one vote per person and answer.
    async def set_vote(
        self,
        *,
        team_id: str,
        user_id: str,
        entry_id: str,
        question: str,
        vote: Vote,
        answer: str | None = None,
        now: float | None = None,
        lang: str = "",
        surface: str = "",
    ) -> Vote | None:
        """Keep ``user_id``'s vote on an answer, replacing their earlier vote on it.

        ``answer`` identifies the answer (default :func:`answer_key` of the entry and the
        question); ``now`` is Unix time (default the clock); ``lang`` and ``surface`` say in
        which language and where the answer was shown (see :data:`SURFACES`). Returns the vote
        this one replaced, None for a first vote. Votes older than a year are pruned.
        """

    async def list_feedback(self, team_id: str | None = None) -> list[Feedback]:
        """The votes of one workspace (of all when ``team_id`` is None), oldest first (one per
        person and answer)."""

    # Questions asked, for the editors' insights: kept ``keep_days`` days.
    async def record_question(
        self, *, team_id: str, lang: str, entry_id: str | None, text: str = "", now: float, keep_days: int
    ) -> None:
        """Keep one question: the entry it got, or None when refused (then its ``text`` is kept
        too, on its first :data:`QUESTION_TEXT_CHARS` characters; an answered question's text is
        not kept). Questions older than ``keep_days`` days before ``now`` are pruned."""

    async def list_questions(self, team_id: str | None = None, *, since: float = 0.0) -> list[Question]:
        """The questions kept from ``since`` on (Unix time), of one workspace or all, oldest first."""

    # Workspace settings.
    async def get_expert_channel(self, team_id: str) -> str | None:
        """The channel where the workspace's experts answer (``/socialtip expert``), if any."""

    async def set_expert_channel(self, team_id: str, channel_id: str | None) -> None:
        """Name the workspace's expert channel (None: no expert channel)."""

    # Checklist state belongs to a channel (or a DM), shared by everyone in it.
    async def get_checklist_ticks(self, team_id: str, channel_id: str, checklist_id: str) -> set[int]:
        """The indexes (0-based) of the steps ticked in this channel."""

    async def tick_checklist_step(
        self, team_id: str, channel_id: str, checklist_id: str, step: int, done: bool
    ) -> set[int]:
        """Tick (``done``) or untick one step atomically, even across processes; the new ticks."""

    # Events API retries: remember which events were already handled.
    async def claim_event(self, event_id: str) -> bool:
        """True the first time an event id is claimed, False for every later claim.

        Ids are kept about an hour (Slack retries within minutes), so the store does not grow.
        """

    # Reminder subscriptions: one per channel.
    async def put_subscription(self, sub: Subscription) -> None:
        """Create the channel's subscription, or replace the one it has."""

    async def get_subscription(self, team_id: str, channel_id: str) -> Subscription | None: ...

    async def delete_subscription(self, team_id: str, channel_id: str) -> bool:
        """Remove the channel's subscription; False when it had none."""

    async def list_subscriptions(self, team_id: str | None = None) -> list[Subscription]:
        """Every subscription (of one workspace when ``team_id`` is given), any status."""

    async def set_subscription_status(
        self,
        team_id: str,
        status: SubscriptionStatus,
        *,
        channel_id: str | None = None,
        reason: str = "",
    ) -> int:
        """Set the status of one channel's subscription, or of all the workspace's when
        ``channel_id`` is None. Returns how many subscriptions changed."""

    # Delivery claims: a reminder goes out exactly once per (team, channel, slot date).
    async def claim_delivery(
        self, team_id: str, channel_id: str, slot: str, *, owner: str, now: datetime, lease: timedelta
    ) -> bool:
        """Claim the right to deliver the reminder of ``slot`` (the slot's local date, ISO).

        True when the slot had no claim, was released, or was claimed by someone else more
        than ``lease`` before ``now`` (a crashed process); False when it was sent or is
        claimed by a live owner. Claims older than a few weeks are pruned.
        """

    async def finish_delivery(
        self, team_id: str, channel_id: str, slot: str, *, owner: str, sent: bool
    ) -> None:
        """Mark ``owner``'s claim sent (never again for that slot) or released (retry later).

        Does nothing when the claim is no longer ``owner``'s (its lease expired and another
        process took it over).
        """

    # Per-channel rotation of reminder entries.
    async def get_seen(self, team_id: str, channel_id: str) -> list[str]:
        """Entry ids already sent to the channel in the current rotation, oldest first."""

    async def set_seen(self, team_id: str, channel_id: str, entry_ids: list[str]) -> None: ...

    # Installations (multi-workspace OAuth mode): one per (enterprise, team, installing user).
    async def save_installation(self, record: InstallationRecord) -> None:
        """Keep an installation, replacing the one the same user made in the same workspace (or org)."""

    async def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool = False,
    ) -> InstallationRecord | None:
        """The workspace's most recent installation (by ``installed_at``), or ``user_id``'s there.

        ``enterprise_id`` and ``team_id`` must match exactly (None matches None only). When
        ``is_enterprise_install`` is true, ``team_id`` is ignored and the org-wide installation
        of ``enterprise_id`` (stored with ``team_id`` None) is looked up.
        """

    async def delete_installations(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> int:
        """Remove the workspace's installations (only ``user_id``'s when given; exact match on
        ``enterprise_id`` and ``team_id``, None for an org-wide install). Returns how many went.

        :meth:`delete_team` does not touch installations: the Slack layer removes both on uninstall.
        """

    # Uninstall / token revocation.
    async def add_reminder_done(
        self, team_id: str, channel_id: str, message_ts: str, user_id: str
    ) -> list[str]:
        """Record that ``user_id`` did a reminder's practice; everyone who did, in click order.

        Atomic across processes: two clicks at the same instant are both kept."""

    async def get_reminder_done(self, team_id: str, channel_id: str, message_ts: str) -> list[str]:
        """Everyone who did a reminder's practice, in click order."""

    async def delete_team(self, team_id: str) -> None:
        """Forget everything about a workspace: preferences, feedback, questions, settings,
        ticks, subscriptions, delivery claims and rotations."""

    async def check_health(self) -> str | None:
        """None when the store can be read and written now, else one line saying what is wrong
        (naming the file or the database, never a password). Cheap enough for ``/healthz``."""

    async def close(self) -> None:
        """Write what is pending (see :meth:`set_last_tip`), then release the store."""
