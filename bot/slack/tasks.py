"""Work that runs after Slack has its acknowledgement, tracked so shutdown can wait for it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

logger = logging.getLogger(__name__)


class BackgroundTasks:
    """A set of running tasks: :meth:`spawn` starts one, :meth:`drain` waits for all of them.

    Bolt's own lazy listeners start untracked futures; tracking our tasks is what lets
    ``serve`` finish the replies in flight on SIGTERM before it exits.
    """

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    def __len__(self) -> int:
        return len(self._tasks)

    def spawn(self, coro: Coroutine[Any, Any, None], *, name: str) -> asyncio.Task[None]:
        """Run ``coro`` in the background; an exception is logged, never lost."""
        task = asyncio.create_task(self._guard(coro, name), name=name)
        self._tasks.add(task)
        self._idle.clear()
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not self._tasks:
            self._idle.set()

    @staticmethod
    async def _guard(coro: Coroutine[Any, Any, None], name: str) -> None:
        try:
            await coro
        except asyncio.CancelledError:
            logger.warning("background task %s cancelled", name)
            raise
        except Exception:
            logger.exception("background task %s failed", name)

    async def wait_idle(self) -> None:
        """Wait until no task is running (tasks spawned meanwhile are waited for too)."""
        while self._tasks:
            await self._idle.wait()

    async def drain(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for every task, then cancel the rest. True if all finished."""
        try:
            await asyncio.wait_for(self.wait_idle(), timeout)
            return True
        except TimeoutError:
            pending = list(self._tasks)
            logger.warning("shutdown: cancelling %d unfinished task(s)", len(pending))
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            return False
