"""Connection limits of the HTTP server: no stalled connection can hold a file descriptor for long.

aiohttp keeps a connection open until its client speaks; the red-team run held ~1,150 silent
connections open, which at a 1,024 file limit stopped all service (and asyncio then logged every
refused ``accept()``). :class:`ConnectionGuard` wraps each connection's protocol and:

- closes a connection whose request head has not fully arrived :data:`HEADER_SECONDS` after the
  connection opened (or after the first byte of a later request on a kept-alive connection);
- caps open connections at :func:`connection_limit` (below the process's file limit); a new
  connection beyond the cap closes the oldest connection that is not running a request (stalled
  or idle), so a burst of stalled connections cannot shut real requests out;
- leaves kept-alive idle connections to aiohttp's ``keepalive_timeout`` (:data:`KEEPALIVE_SECONDS`).

The body has its own limit, applied by the handler that reads it (``BODY_SECONDS`` in
:mod:`bot.slack.server`). Example::

    guard = ConnectionGuard(limit=connection_limit())
    site = GuardedSite(runner, "0.0.0.0", 3000, guard=guard)
    await site.start()
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import resource
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

logger = logging.getLogger(__name__)

HEADER_SECONDS = 10.0
KEEPALIVE_SECONDS = 75.0
"""Idle time of a kept-alive connection (above the 60 s idle timeout of common load balancers)."""
MAX_CONNECTIONS = 1000
RESERVED_FDS = 256
"""File descriptors kept free for everything else: the store, Slack's Web API, PostgreSQL, logs."""
SWEEP_SECONDS = 1.0
REPORT_SECONDS = 10.0


def connection_limit(max_connections: int = MAX_CONNECTIONS) -> int:
    """At most ``max_connections``, and :data:`RESERVED_FDS` below the file limit (``ulimit -n``)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return max_connections
    return max(16, min(max_connections, soft - RESERVED_FDS))


@dataclass
class _Connection:
    transport: asyncio.Transport
    waiting_since: float | None  # a request head is awaited since then; None when idle or busy
    busy: int = 0


@dataclass
class GuardStats:
    """What the guard did (for the log and the benchmarks)."""

    open: int = 0
    opened: int = 0
    timed_out: int = 0
    evicted: int = 0
    refused: int = 0


class ConnectionGuard:
    """Tracks every connection of one server; see the module docstring."""

    def __init__(
        self,
        *,
        limit: int | None = None,
        header_seconds: float = HEADER_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit if limit is not None else connection_limit()
        self.header_seconds = header_seconds
        self.stats = GuardStats()
        self._clock = clock
        self._connections: dict[asyncio.BaseTransport, _Connection] = {}  # oldest first
        self._sweeper: asyncio.Task[None] | None = None

    # Wiring.
    def protocol_factory(self, inner: Callable[[], asyncio.Protocol]) -> Callable[[], asyncio.Protocol]:
        """Wrap aiohttp's protocol factory (``runner.server``)."""
        return lambda: _GuardedProtocol(inner(), self)

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Marks the connection busy while a request runs (a busy connection is never cut)."""
        connection = self._connections.get(request.transport) if request.transport else None
        if connection is None:
            return await handler(request)
        connection.busy += 1
        connection.waiting_since = None
        try:
            return await handler(request)
        finally:
            connection.busy -= 1

    def start(self) -> None:
        if self._sweeper is None:
            self._sweeper = asyncio.get_running_loop().create_task(
                self._sweep(), name="http-connection-guard"
            )

    async def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
            self._sweeper = None

    # Events from the protocols.
    def _opened(self, transport: asyncio.BaseTransport) -> None:
        self.stats.opened += 1
        if len(self._connections) >= self.limit and not self._evict_one():
            self.stats.refused += 1
            transport.abort()  # type: ignore[attr-defined]
            return
        self._connections[transport] = _Connection(transport, self._clock())  # type: ignore[arg-type]
        self.stats.open = len(self._connections)

    def _data(self, transport: asyncio.BaseTransport) -> None:
        connection = self._connections.get(transport)
        if connection is not None and not connection.busy and connection.waiting_since is None:
            connection.waiting_since = self._clock()  # the next request on a kept-alive connection

    def _closed(self, transport: asyncio.BaseTransport) -> None:
        self._connections.pop(transport, None)
        self.stats.open = len(self._connections)

    # Policy.
    def _evict_one(self) -> bool:
        """Close the oldest connection not running a request; False when all of them are."""
        for transport, connection in self._connections.items():
            if not connection.busy:
                self.stats.evicted += 1
                del self._connections[transport]
                connection.transport.abort()
                return True
        return False

    def sweep(self) -> int:
        """Close the connections whose request head is overdue; returns how many."""
        deadline = self._clock() - self.header_seconds
        overdue = [
            c
            for c in self._connections.values()
            if not c.busy and c.waiting_since is not None and c.waiting_since < deadline
        ]
        for connection in overdue:
            self._connections.pop(connection.transport, None)
            connection.transport.abort()
        self.stats.timed_out += len(overdue)
        self.stats.open = len(self._connections)
        return len(overdue)

    async def _sweep(self) -> None:
        """Sweep every second; log what was closed at most once every :data:`REPORT_SECONDS`."""
        reported = (0, 0, 0)
        last_report = float("-inf")
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            self.sweep()
            stats = self.stats
            closed = (stats.timed_out, stats.evicted, stats.refused)
            if closed != reported and self._clock() - last_report >= REPORT_SECONDS:
                logger.warning(
                    "HTTP connections: %d open (limit %d); closed so far: %d with no request within "
                    "%.0f s, %d to make room, %d refused",
                    stats.open,
                    self.limit,
                    stats.timed_out,
                    self.header_seconds,
                    stats.evicted,
                    stats.refused,
                )
                reported, last_report = closed, self._clock()


class _GuardedProtocol(asyncio.Protocol):
    """aiohttp's protocol for one connection, with the guard told what happens to it."""

    def __init__(self, inner: asyncio.Protocol, guard: ConnectionGuard) -> None:
        self._inner = inner
        self._guard = guard
        self._transport: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport
        self._guard._opened(transport)
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self._transport is not None:
            self._guard._data(self._transport)
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._transport is not None:
            self._guard._closed(self._transport)
        self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()


class GuardedSite(web.BaseSite):
    """aiohttp's TCP site with every connection under ``guard``."""

    def __init__(
        self, runner: web.BaseRunner, host: str, port: int, *, guard: ConnectionGuard, **kw: Any
    ) -> None:
        super().__init__(runner, **kw)
        self._host = host
        self._port = port
        self.guard = guard

    @property
    def name(self) -> str:
        return f"http://{self._host}:{self._port}"

    @property
    def port(self) -> int:
        """The port listened on (the one the system chose when asked for port 0)."""
        server = self._server
        sockets = getattr(server, "sockets", None) or ()
        return int(sockets[0].getsockname()[1]) if sockets else self._port

    async def start(self) -> None:
        await super().start()
        server = self._runner.server
        assert server is not None
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            self.guard.protocol_factory(server),  # type: ignore[arg-type]
            self._host,
            self._port,
            backlog=self._backlog,
            reuse_address=True,
        )
        self.guard.start()

    async def stop(self) -> None:
        await self.guard.stop()
        await super().stop()
