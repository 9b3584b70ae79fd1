"""The in-process scheduler: run :func:`~bot.reminders.deliver.run_due` every minute.

Started inside ``socialtip serve``; :meth:`ReminderLoop.stop` lets the current run finish (so no
claim is left hanging) before returning, which is what SIGTERM handling calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from ..knowledge import KnowledgeBase
from ..storage import Store
from .deliver import LEASE, ClientFactory, run_due

logger = logging.getLogger(__name__)

INTERVAL_SECONDS = 60.0


def utc_now() -> datetime:
    return datetime.now(UTC)


class ReminderLoop:
    """Runs due reminders periodically in a background task.

    Example::

        loop = ReminderLoop(store, kb, lambda team: client)
        loop.start()
        ...
        await loop.stop()
    """

    def __init__(
        self,
        store: Store,
        kb: KnowledgeBase,
        client_factory: ClientFactory,
        *,
        interval: float = INTERVAL_SECONDS,
        clock: Callable[[], datetime] = utc_now,
        lease: timedelta = LEASE,
    ) -> None:
        self._store = store
        self._kb = kb
        self._client_factory = client_factory
        self._interval = interval
        self._clock = clock
        self._lease = lease
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.runs = 0

    def start(self) -> asyncio.Task[None]:
        """Start the background task (idempotent)."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="socialtip-reminders")
        return self._task

    async def _run(self) -> None:
        logger.info("reminder loop started (every %.0f s)", self._interval)
        while not self._stopping.is_set():
            try:
                await run_due(self._store, self._kb, self._client_factory, self._clock(), lease=self._lease)
            except Exception:
                logger.exception("reminder run failed; next try in %.0f s", self._interval)
            self.runs += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self._interval)
        logger.info("reminder loop stopped")

    async def stop(self, timeout: float = 60.0) -> None:
        """Stop after the current run (waiting up to ``timeout`` seconds, then cancelling)."""
        self._stopping.set()
        if self._task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout=timeout)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
