"""Stopping on SIGTERM and Ctrl-C in any state (starting, running, shutting down) within 10 s.

:class:`Shutdown` replaces Python's signal handlers for as long as a command runs. The first
signal asks the command to stop: it calls the callback the command attached (from the event
loop, e.g. "cancel the start-up" or "stop serving"), or, with no callback attached, raises
:class:`Interrupted` where the main thread is (a start-up still in plain Python code, or a prompt).
It also starts a watchdog: whatever the process is doing, it exits :data:`SHUTDOWN_SECONDS` after
the signal. A second signal exits at once. Example::

    with Shutdown() as shutdown:
        asyncio.run(main(shutdown))   # main() calls shutdown.attach(loop, on_stop)
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable
from types import FrameType, TracebackType

SHUTDOWN_SECONDS = 10.0
WATCHDOG_MARGIN = 0.5
"""The watchdog ends the process this long before :data:`SHUTDOWN_SECONDS` (exit and flush time)."""
EXIT_FORCED = 1


class Interrupted(BaseException):
    """The process was asked to stop before it could attach a callback (not an error)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class Shutdown:
    """Signal handling for one command run; use as a context manager (restores the old handlers)."""

    def __init__(
        self,
        signals: tuple[signal.Signals, ...] = (signal.SIGTERM, signal.SIGINT),
        *,
        budget: float = SHUTDOWN_SECONDS,
    ) -> None:
        self._signals = signals
        self._budget = budget
        self._previous: dict[int, object] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._callback: Callable[[], None] | None = None
        self.requested = threading.Event()
        self.signum: int | None = None

    def __enter__(self) -> Shutdown:
        for sig in self._signals:
            self._previous[sig] = signal.signal(sig, self._on_signal)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
        self._loop = self._callback = None

    def attach(self, loop: asyncio.AbstractEventLoop, callback: Callable[[], None]) -> None:
        """Call ``callback`` in ``loop`` on the first signal (at once if one already came)."""
        self._loop, self._callback = loop, callback
        if self.requested.is_set():
            loop.call_soon(callback)

    def detach(self) -> None:
        """Signals raise :class:`Interrupted` again (the loop is closing)."""
        self._loop = self._callback = None

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.requested.is_set():  # a second signal: stop now
            _exit_now("socialtip: stopping at once (second signal)", EXIT_FORCED)
        self.requested.set()
        self.signum = signum
        threading.Thread(target=self._watchdog, name="socialtip-shutdown-watchdog", daemon=True).start()
        loop, callback = self._loop, self._callback
        if loop is not None and callback is not None and not loop.is_closed():
            loop.call_soon_threadsafe(callback)
        else:
            raise Interrupted(signum)

    def _watchdog(self) -> None:
        threading.Event().wait(max(0.0, self._budget - WATCHDOG_MARGIN))
        _exit_now(
            f"socialtip: could not stop cleanly within {self._budget:.0f} s; stopped anyway", EXIT_FORCED
        )


def _exit_now(line: str, code: int) -> None:
    """Write ``line`` to stderr and end the process without waiting for anything (no lock taken:
    the main thread may be stuck holding one)."""
    try:
        os.write(2, (line + "\n").encode())
    finally:
        os._exit(code)
