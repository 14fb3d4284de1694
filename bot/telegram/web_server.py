"""The webhook's listening socket, with the limits a port open to a network needs.

aiohttp keeps a connection open as long as its peer does: one that never sends a request, stops
half-way through its headers, or idles between requests. Each holds a file descriptor, and
once the process runs out of them (1,024 by default) nothing works, replies to citizens
included. So:

- `keepalive_timeout` (aiohttp's, counted from the connection's start too) closes a connection
  with no complete request within `idle_seconds`: silent, partial headers, idle keep-alive;
- a body not received within `idle_seconds` is answered 408 (`bot.telegram.webhook`);
- at most `max_connections` are open at once: the next one is closed as soon as it is accepted;
- the event loop's "socket.accept() out of system resource" report, which asyncio repeats for
  every attempt, is logged at most once a minute with a count.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

ACCEPT_LOG_EVERY = 60.0


class _Refused(asyncio.Protocol):
    """A connection over the cap: closed at once (a reset, no lingering)."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if isinstance(transport, asyncio.Transport):
            transport.abort()
        else:
            transport.close()


class _Counted(asyncio.Protocol):
    """aiohttp's protocol for one connection, counted until it is lost."""

    def __init__(self, inner: asyncio.Protocol, lost: Callable[[], None]) -> None:
        self.inner = inner
        self.lost = lost

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost()
        self.inner.connection_lost(exc)


class AcceptErrors:
    """An event loop exception handler: accept failures logged once a minute, with a count;
    everything else as the loop's default handler does."""

    def __init__(self, every: float = ACCEPT_LOG_EVERY) -> None:
        self.every = every
        self.last = -every
        self.unlogged = 0

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        if not (
            str(context.get("message", "")).startswith("socket.accept()")
            and isinstance(error, OSError)
        ):
            loop.default_exception_handler(context)
            return
        self.unlogged += 1
        now = time.monotonic()
        if now - self.last < self.every:
            return
        log.error(
            "webhook: cannot accept connections (%s); %s times since the last such line",
            error.strerror or type(error).__name__,
            self.unlogged,
        )
        self.last = now
        self.unlogged = 0


class CappedSite:
    """The runner's aiohttp server on host:port, at most `max_connections` open at once."""

    def __init__(self, runner: web.AppRunner, host: str, port: int, max_connections: int) -> None:
        self.runner = runner
        self.host = host
        self.port = port
        self.max_connections = max_connections
        self.open = 0
        self.refused = 0
        self._server: asyncio.Server | None = None

    async def start(self) -> int:
        """Listen; returns the port (the one the system chose when `port` is 0)."""
        server = self.runner.server
        if server is None:
            raise RuntimeError("the runner is not set up")
        loop = asyncio.get_running_loop()

        def protocol() -> asyncio.BaseProtocol:
            if self.open >= self.max_connections:
                self.refused += 1
                return _Refused()
            self.open += 1
            return _Counted(server(), self._lost)

        self._server = await loop.create_server(protocol, self.host, self.port, reuse_address=True)
        return int(self._server.sockets[0].getsockname()[1])

    def _lost(self) -> None:
        self.open -= 1

    async def stop(self) -> None:
        """Stop listening (the runner's cleanup closes the connections left)."""
        if self._server is not None:
            self._server.close()
            self._server = None
