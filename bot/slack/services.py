"""What every listener needs: the knowledge base, its index, the store, background tasks, languages."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from ..knowledge import KnowledgeBase, Lang
from ..knowledge.lang import detect_lang
from ..knowledge.search import SearchIndex
from ..knowledge.smalltalk import small_talk
from ..render.blocks import Reply, entry_reply, no_answer_reply, small_talk_reply
from ..storage.base import Store
from .tasks import BackgroundTasks

logger = logging.getLogger(__name__)

LOCALE_TTL_SECONDS = 3600.0
MAX_QUESTION_CHARS = 1000
"""Longer questions are answered (searched, echoed, kept) on their first 1,000 characters."""
MAX_KEPT_ANSWERS = 1024
"""Replies kept for repeated questions (oldest dropped first)."""
MAX_LOCKS = 1024
"""Past this many per-key locks, the ones nobody holds are dropped."""
_UNKNOWN: Any = object()


class LatestWins:
    """Run work for a key so that the last value submitted is the one that ends up applied.

    :meth:`submit` for a key that is already being worked on only leaves its value for the
    running worker, which loops until no newer value is waiting. A burst of clicks on one key
    thus runs a handful of times, never in parallel, and the final run sees the final value:
    after a checklist redraw held up by a rate-limited retry, the next redraw shows the latest
    ticks, never an older state.
    """

    def __init__(self) -> None:
        self._waiting: dict[Hashable, Callable[[], Awaitable[None]]] = {}
        self._running: set[Hashable] = set()

    async def submit(self, key: Hashable, work: Callable[[], Awaitable[None]]) -> None:
        """Run ``work`` for ``key`` now, or leave it for the worker already running for ``key``
        (replacing any work still waiting there)."""
        self._waiting[key] = work
        if key in self._running:
            return
        self._running.add(key)
        try:
            while key in self._waiting:
                current = self._waiting.pop(key)
                try:
                    await current()
                except Exception:
                    logger.exception("latest-wins work failed")
        finally:
            self._running.discard(key)


def locale_lang(locale: str | None) -> Lang | None:
    """``fr-FR`` -> ``fr``, ``en-GB`` -> ``en``; any other locale -> None."""
    prefix = (locale or "").split("-", 1)[0].lower()
    return prefix if prefix in ("fr", "en") else None  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Answer:
    """The reply to a text and the entry it gives. ``refused``: no good answer in the articles
    (``entry_id`` None); small talk (a greeting, thanks) is neither answered nor refused."""

    reply: Reply
    entry_id: str | None
    refused: bool = False

    @property
    def is_question(self) -> bool:
        """An answer or a refusal (what the editors' insights count), not small talk."""
        return self.entry_id is not None or self.refused


@dataclass
class Services:
    """The app's shared state, put into every Bolt context as ``context["socialtip"]``."""

    kb: KnowledgeBase
    index: SearchIndex
    store: Store
    tasks: BackgroundTasks = field(default_factory=BackgroundTasks)
    installations: AsyncInstallationStore | None = None
    """Multi-workspace mode: where Bolt keeps installations (uninstall deletes them too)."""
    editors: frozenset[str] = frozenset()
    """Slack user ids who see the Home tab's insights besides admins and owners (SOCIALTIP_EDITORS)."""
    keep_questions_days: int = 90
    """How long the questions asked are kept for the insights (SOCIALTIP_KEEP_QUESTIONS_DAYS)."""
    _langs: dict[tuple[str, str], str | None] = field(default_factory=dict)
    _locales: dict[tuple[str, str], tuple[Lang | None, float]] = field(default_factory=dict)
    _locks: dict[tuple[str, ...], asyncio.Lock] = field(default_factory=dict)
    _answers: dict[tuple[str, str, bool], Answer] = field(default_factory=dict)
    latest: LatestWins = field(default_factory=lambda: LatestWins())
    """Work where only the last request per key matters (checklist redraws, a person's vote)."""

    def answer(self, question: str, lang: Lang, *, ephemeral: bool) -> Reply:
        """The reply message to a question (see :meth:`answer_of`)."""
        return self.answer_of(question, lang, ephemeral=ephemeral).reply

    def answer_of(self, question: str, lang: Lang, *, ephemeral: bool) -> Answer:
        """The reply to a question (search, then Block Kit) and its entry, kept for repeated questions.

        A reply depends only on the question, its language and whether it is ephemeral (the
        knowledge base never changes while the app runs), so teams asking the same questions
        again and again get the same message without rebuilding it. Only the first
        :data:`MAX_QUESTION_CHARS` characters count, so the kept replies stay small (a DM may
        hold 40,000 characters).
        """
        question = question[:MAX_QUESTION_CHARS]
        key = (question, lang, ephemeral)
        answer = self._answers.get(key)
        if answer is None:
            chat = small_talk(question)
            result = None if chat else self.index.search(question, lang=lang, limit=3)
            if result is None:
                answer = Answer(small_talk_reply(chat or "greeting", lang), None)
            elif not result.hits:
                answer = Answer(
                    no_answer_reply(question, self.kb, lang, result.near_topics()), None, refused=True
                )
            else:
                best, *others = [hit.entry for hit in result.hits]
                reply = entry_reply(
                    best, self.kb, lang, question=question, related=others[:2], ephemeral=ephemeral
                )
                answer = Answer(reply, best.id)
            if len(self._answers) >= MAX_KEPT_ANSWERS:
                self._answers.pop(next(iter(self._answers)))
            self._answers[key] = answer
        return answer

    # Stored preference, read through an in-process cache when this process is the only writer
    # (TinyDB); a store other processes write too (PostgreSQL behind several web processes) is read each time.
    async def stored_lang(self, team_id: str, user_id: str) -> Lang | None:
        key = (team_id, user_id)
        if key not in self._langs or getattr(self.store, "shared", False):
            self._langs[key] = await self.store.get_user_lang(team_id, user_id)
        lang = self._langs[key]
        return lang if lang in ("fr", "en") else None  # type: ignore[return-value]

    async def set_lang(self, team_id: str, user_id: str, lang: Lang) -> None:
        await self.store.set_user_lang(team_id, user_id, lang)
        self._langs[(team_id, user_id)] = lang

    def forget_team(self, team_id: str) -> None:
        """Drop cached data of a workspace (after the store deleted it)."""
        for cache in (self._langs, self._locales):
            for key in [k for k in cache if k[0] == team_id]:
                del cache[key]

    def lock(self, *key: str) -> asyncio.Lock:
        """One lock per key, e.g. a channel's reminder rotation (unused locks are dropped)."""
        if len(self._locks) > MAX_LOCKS:
            for stale in [k for k, lock in self._locks.items() if not lock.locked()]:
                del self._locks[stale]
        return self._locks.setdefault(key, asyncio.Lock())

    # Language of a reply.
    async def quick_lang(
        self, team_id: str, user_id: str, *, hint: Lang | None = None, text: str = ""
    ) -> Lang | None:
        """The reply language without calling Slack: preference, then ``hint`` or the text's
        language, then a cached Slack locale. None when only the Slack locale can tell."""
        lang = await self.stored_lang(team_id, user_id) or hint or (detect_lang(text) if text else None)
        if lang:
            return lang
        cached = self._cached_locale(team_id, user_id)
        if cached is _UNKNOWN:
            return None
        return cached or "fr"

    async def reply_lang(
        self, client: AsyncWebClient, team_id: str, user_id: str, *, hint: Lang | None = None, text: str = ""
    ) -> Lang:
        """Preference, else ``hint``/the text's language, else the Slack locale, else French."""
        lang = await self.quick_lang(team_id, user_id, hint=hint, text=text)
        if lang:
            return lang
        return await self.slack_locale(client, team_id, user_id) or "fr"

    def _cached_locale(self, team_id: str, user_id: str) -> Any:
        hit = self._locales.get((team_id, user_id))
        if hit is None or hit[1] < time.monotonic():
            return _UNKNOWN
        return hit[0]

    async def slack_locale(self, client: AsyncWebClient, team_id: str, user_id: str) -> Lang | None:
        """The language of the person's Slack locale (users.info), cached for an hour."""
        cached = self._cached_locale(team_id, user_id)
        if cached is not _UNKNOWN:
            return cached
        try:
            resp = await client.users_info(user=user_id, include_locale=True)
            lang = locale_lang((resp.get("user") or {}).get("locale"))
        except SlackApiError as exc:
            logger.warning("users.info failed for a user: %s", exc.response.get("error"))
            lang = None
        self._locales[(team_id, user_id)] = (lang, time.monotonic() + LOCALE_TTL_SECONDS)
        return lang


def get_services(context: Any) -> Services:
    """The :class:`Services` of a Bolt listener's ``context``."""
    return context["socialtip"]
