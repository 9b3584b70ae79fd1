"""Connection limits of the HTTP server: no stalled connection can hold a file descriptor for long.

aiohttp keeps a connection open until its client speaks; the red-team run held ~1,150 silent
connections open, which at a 1,024 file limit stopped all service (and asyncio then logged every
refused ``accept()``). :class:`ConnectionGuard` wraps each connection's protocol:

- A new connection first waits for its request head, cheaply: its bytes are only buffered (no
  aiohttp handler yet). When the head is complete (a blank line), aiohttp takes over, fed with
  what was buffered. A head that has not arrived :data:`HEADER_SECONDS` after the connection
  opened closes the connection (so does a later request's head on a kept-alive connection that
  is not complete :data:`HEADER_SECONDS` after its first byte).
- Open connections are capped at :func:`connection_limit` (below the process's file limit). A new
  connection beyond the cap closes the oldest connection still waiting for its head, else the
  oldest idle one; one running a request is never cut. Stalled connections thus cannot shut real
  requests out, and closing them costs little, so the server keeps accepting while they churn.
- An idle kept-alive connection is closed by aiohttp after :data:`KEEPALIVE_SECONDS`.

The body has its own time limit, applied by the handler that reads it (``BODY_SECONDS`` in
:mod:`bot.slack.gate`); while a body is read the connection counts as idle (a slow body cannot
pin a connection either). Example::

    guard = ConnectionGuard()
    site = GuardedSite(runner, "0.0.0.0", 3000, guard=guard)
    await site.start()
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import resource
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

logger = logging.getLogger(__name__)

HEADER_SECONDS = 10.0
KEEPALIVE_SECONDS = 75.0
"""Idle time of a kept-alive connection (above the 60 s idle timeout of common load balancers)."""
MAX_CONNECTIONS = 1000
RESERVED_FDS = 256
"""File descriptors kept free for everything else (the store, Slack's Web API, PostgreSQL, logs),
and for bursts: asyncio accepts :data:`ACCEPT_BATCH` connections per turn of its loop before their
protocols run, and the sockets closed to make room are released a turn later."""
MAX_HEAD_BYTES = 32 * 1024
"""A head still incomplete past this size goes to aiohttp anyway, which refuses it (400)."""
SWEEP_SECONDS = 1.0
BACKLOG = 1024
"""Connections the kernel queues before they are accepted (``net.core.somaxconn`` caps it): room for
a burst, so a real request's handshake is not dropped (and retried a second later) while stalled
connections churn."""
ACCEPT_BATCH = 32
"""How many connections asyncio accepts in one go (it uses the ``backlog`` it is given)."""
REPORT_SECONDS = 10.0


def connection_limit(max_connections: int = MAX_CONNECTIONS) -> int:
    """At most ``max_connections``, and :data:`RESERVED_FDS` below the file limit (``ulimit -n``)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return max_connections
    return max(16, min(max_connections, soft - RESERVED_FDS))


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
        # Oldest first. Waiting for a head: since when; the others: running a request, or idle.
        self._waiting: dict[_GuardedProtocol, float] = {}
        self._served: dict[_GuardedProtocol, None] = {}
        self._sweeper: asyncio.Task[None] | None = None

    # Wiring.
    def protocol_factory(self, inner: Callable[[], asyncio.Protocol]) -> Callable[[], asyncio.Protocol]:
        """Wrap aiohttp's protocol factory (``runner.server``)."""
        return lambda: _GuardedProtocol(inner, self)

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Marks the connection busy while a request runs (a busy connection is never cut)."""
        protocol = self._protocol_of(request)
        if protocol is None:
            return await handler(request)
        protocol.busy += 1
        protocol.waiting_since = None
        try:
            return await handler(request)
        finally:
            protocol.busy -= 1

    @contextlib.asynccontextmanager
    async def reading_body(self, request: web.Request) -> AsyncIterator[None]:
        """While the body is read the connection is not busy: a stalled body can be cut."""
        protocol = self._protocol_of(request)
        if protocol is not None:
            protocol.busy -= 1
        try:
            yield
        finally:
            if protocol is not None:
                protocol.busy += 1

    def _protocol_of(self, request: web.Request) -> _GuardedProtocol | None:
        transport = request.transport
        protocol = transport.get_protocol() if transport is not None else None
        return protocol if isinstance(protocol, _GuardedProtocol) and protocol.guard is self else None

    def start(self) -> None:
        if self._sweeper is None:
            self._sweeper = asyncio.get_running_loop().create_task(
                self._sweep(), name="http-connection-guard"
            )

    async def stop(self) -> None:
        """Stop sweeping, and close the connections that never sent a request (aiohttp closes
        the others when the server shuts down)."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
            self._sweeper = None
        for protocol in list(self._waiting):
            self._closed(protocol)
            protocol.abort()

    # Events from the protocols.
    def _opened(self, protocol: _GuardedProtocol) -> bool:
        """A new connection, waiting for its head; False when it must be refused."""
        self.stats.opened += 1
        if len(self._waiting) + len(self._served) >= self.limit and not self._evict_one():
            self.stats.refused += 1
            return False
        self._waiting[protocol] = self._clock()
        self._count()
        return True

    def _head_arrived(self, protocol: _GuardedProtocol) -> None:
        self._waiting.pop(protocol, None)
        self._served[protocol] = None

    def _closed(self, protocol: _GuardedProtocol) -> None:
        self._waiting.pop(protocol, None)
        self._served.pop(protocol, None)
        self._count()

    def _count(self) -> None:
        self.stats.open = len(self._waiting) + len(self._served)

    # Policy.
    def _evict_one(self) -> bool:
        """Close the oldest connection waiting for its head, else the oldest idle one; False
        when every connection is running a request."""
        victim = next(iter(self._waiting), None)
        if victim is None:
            victim = next((p for p in self._served if not p.busy), None)
        if victim is None:
            return False
        self.stats.evicted += 1
        self._closed(victim)
        victim.abort()
        return True

    def sweep(self) -> int:
        """Close the connections whose request head is overdue; returns how many."""
        deadline = self._clock() - self.header_seconds
        overdue = [p for p, since in self._waiting.items() if since < deadline]
        overdue += [
            p
            for p in self._served
            if not p.busy and p.waiting_since is not None and p.waiting_since < deadline
        ]
        for protocol in overdue:
            self._closed(protocol)
            protocol.abort()
        self.stats.timed_out += len(overdue)
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


def _head_complete(data: bytes | bytearray) -> bool:
    """Whether aiohttp should take over: a whole head, one too long, or bytes that are not HTTP
    (not starting with a method's capital letter: aiohttp answers those 400 at once)."""
    if data[:1] and not data[:1].isupper():
        return True
    return b"\r\n\r\n" in data or b"\n\n" in data or len(data) > MAX_HEAD_BYTES


class _GuardedProtocol(asyncio.Protocol):
    """One connection: its bytes buffered until the request head is complete, then aiohttp's
    protocol (made by ``factory``) handles it, and the guard is told what happens to it."""

    def __init__(self, factory: Callable[[], asyncio.Protocol], guard: ConnectionGuard) -> None:
        self.guard = guard
        self.busy = 0
        self.waiting_since: float | None = None  # a later request's head awaited since then
        self._factory = factory
        self._inner: asyncio.Protocol | None = None
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()

    def abort(self) -> None:
        if self._transport is not None:
            self._transport.abort()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]
        if not self.guard._opened(self):
            transport.abort()  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        if self._inner is not None:
            if not self.busy and self.waiting_since is None:
                self.waiting_since = self.guard._clock()  # the next request on a kept-alive connection
            self._inner.data_received(data)
            return
        self._buffer += data
        if not _head_complete(self._buffer):
            return
        self.guard._head_arrived(self)
        self._inner = self._factory()
        self._inner.connection_made(self._transport)  # type: ignore[arg-type]
        buffered, self._buffer = bytes(self._buffer), bytearray()
        self._inner.data_received(buffered)

    def eof_received(self) -> bool | None:
        if self._inner is None:
            return None  # closes the connection: no request came
        return self._inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self.guard._closed(self)
        if self._inner is not None:
            self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        if self._inner is not None:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        if self._inner is not None:
            self._inner.resume_writing()


class GuardedSite(web.BaseSite):
    """aiohttp's TCP site with every connection under ``guard``."""

    def __init__(
        self, runner: web.BaseRunner, host: str, port: int, *, guard: ConnectionGuard, backlog: int = BACKLOG
    ) -> None:
        super().__init__(runner, backlog=backlog)
        self._host = host
        self._port = port
        self.guard = guard

    @property
    def name(self) -> str:
        return f"http://{self._host}:{self._port}"

    @property
    def port(self) -> int:
        """The port listened on (the one the system chose when asked for port 0)."""
        sockets = getattr(self._server, "sockets", None) or ()
        return int(sockets[0].getsockname()[1]) if sockets else self._port

    async def start(self) -> None:
        await super().start()
        server = self._runner.server
        assert server is not None
        loop = asyncio.get_running_loop()
        sock = socket.create_server((self._host, self._port), backlog=self._backlog)
        sock.setblocking(False)
        self._server = await loop.create_server(
            self.guard.protocol_factory(server),  # type: ignore[arg-type]
            sock=sock,
            backlog=ACCEPT_BATCH,
        )
        sock.listen(self._backlog)  # asyncio listened with its batch size: the kernel may queue more
        self.guard.start()

    async def stop(self) -> None:
        await self.guard.stop()
        await super().stop()
