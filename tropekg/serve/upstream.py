"""The front's side towards Oxigraph: a bounded pool of keep-alive connections, shared fairly among client
addresses (fairness.py), each answer read whole under the deadline and the size cap before a byte of it is sent."""

from __future__ import annotations

import asyncio
import urllib.parse
from collections import deque
from collections.abc import Callable

import httptools

from .endpoint import Forward
from .fairness import Slots

# Queries running in Oxigraph at once (its server has a thread per connection): enough for 2-8 cores; 4, 8, 16
# and 32 served the same within the noise of a shared 2-core machine (bench/serve_wrk.py).
POOL_SIZE = 16
PER_CLIENT = 8  # of them for one client address, so others always find slots (fairness.py)
QUEUE, PER_CLIENT_QUEUE = 1024, 128  # waiting at most, and from one address (wrk's 50 connections come from one)
LIGHT_SLOTS = 4  # slots only ASK queries and /health use, so cheap requests never wait behind heavy ones
GRACE_S = 1.0  # how long a query may run on in Oxigraph after its client got 503, before the engine restarts


class TooLarge(Exception):
    """The answer grew past the size cap."""


class EngineDown(ConnectionRefusedError):
    """The engine is being restarted (workers.py says so with port 0): answered 503 with Retry-After."""


class _Upstream(asyncio.Protocol):
    """One keep-alive connection to Oxigraph; `exchange()` sends a request and resolves with the whole answer, or
    with TimeoutError at the deadline. An abandoned exchange keeps reading until Oxigraph ends it, then frees its
    pool slot; one still running at its grace deadline closes the connection and has the engine restarted."""

    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.busy = self.abandoned = self.received = False
        self.done: asyncio.Future | None = None
        self.timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.loop = asyncio.get_running_loop()
        self.parser = httptools.HttpResponseParser(self)  # one per connection: it reads message after message

    def exchange(self, request: bytes, max_bytes: int, deadline: float, ticket: tuple) -> asyncio.Future:
        loop = self.loop
        self.ticket = ticket  # the slot it holds: (Slots, client), released when the exchange ends
        self.done = loop.create_future()
        self.kind, self.body, self.size, self.max_bytes = "text/plain", [], 0, max_bytes
        self.busy, self.abandoned, self.received = True, False, False
        self.timer = loop.call_at(deadline, self._late)
        self.transport.write(request)
        return self.done

    def _late(self) -> None:
        if not self.done.done():
            self.done.set_exception(TimeoutError())

    def abandon(self, until: float) -> None:
        self.abandoned = True
        self.timer.cancel()
        self.timer = self.loop.call_at(until, self._overran)

    def _overran(self) -> None:
        if self.busy:
            self.pool.restart()
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        self.received = True
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as e:
            self._fail(e)

    def on_header(self, name: bytes, value: bytes) -> None:
        if name.lower() == b"content-type":
            self.kind = value.decode("latin-1")

    def on_body(self, body: bytes) -> None:
        if not self.busy:
            return
        self.size += len(body)
        if self.size > self.max_bytes:
            self._fail(TooLarge())  # not raised: httptools would wrap it as a parser error
            return
        self.body.append(body)

    def on_message_complete(self) -> None:
        if not self.busy:
            return
        if not self.done.done():
            self.done.set_result((self.parser.get_status_code(), self.kind, b"".join(self.body)))
        self._finish(clean=True)

    def connection_lost(self, exc: Exception | None) -> None:
        self._fail(exc or ConnectionResetError("the engine closed the connection"))

    def _fail(self, error: Exception) -> None:
        if self.done is not None and not self.done.done():
            self.done.set_exception(error)
        self.transport.close()
        if self.busy:
            self._finish(clean=False)

    def _finish(self, clean: bool) -> None:
        self.busy = False
        self.timer.cancel()
        if self.abandoned:
            self.abandoned = False
            self.pool.release(self if clean else None, self.ticket)


def upstream_request(forward: Forward) -> bytes:
    """The HTTP request that asks Oxigraph's /query for `forward` (SPARQL 1.1 Protocol 2.1.1 or 2.1.2)."""
    accept = forward.accept.encode("latin-1", "replace")
    if forward.url_query is not None:
        return b"GET /query?%s HTTP/1.1\r\nHost: engine\r\nAccept: %s\r\n\r\n" % (
            forward.url_query.encode("latin-1"), accept)
    body = urllib.parse.urlencode(forward.form).encode()
    return (b"POST /query HTTP/1.1\r\nHost: engine\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Accept: %s\r\nContent-Length: %d\r\n\r\n%s" % (accept, len(body), body))


class Pool:
    """At most POOL_SIZE queries in Oxigraph at once (and LIGHT_SLOTS more for cheap ones), shared fairly among
    client addresses (fairness.Slots), over kept-alive connections."""

    def __init__(self, address: Callable[[], tuple[str, int]], restart: Callable[[], None],
                 loop: asyncio.AbstractEventLoop) -> None:
        self.address, self.restart_engine = address, restart  # the engine's current port; ask for a new engine
        # The loop is kept, not asked for per request: CPython's get_running_loop() makes a getpid() system call
        # each time (fork safety); DEVELOPERS.md has what that cost.
        self.loop = loop
        self.idle: deque[_Upstream] = deque()
        self.port = 0  # the engine port the idle connections go to
        self.heavy = Slots(loop, POOL_SIZE, PER_CLIENT, QUEUE, PER_CLIENT_QUEUE)
        self.light = Slots(loop, LIGHT_SLOTS, LIGHT_SLOTS // 2, QUEUE, PER_CLIENT_QUEUE)

    async def query(self, request: bytes, max_bytes: int, timeout: float, client: str = "",
                    light: bool = False) -> tuple[int, str, bytes]:
        """Oxigraph's whole answer to `request` (upstream_request()); TimeoutError past `timeout`, TooLarge past
        `max_bytes`, OSError if it fails, fairness.Busy when `client` (an address) may not wait."""
        deadline = self.loop.time() + timeout
        slots = self.light if light else self.heavy
        await slots.acquire(client, deadline)
        ticket = (slots, client)
        conn = None
        try:
            for attempt in range(2):  # an idle connection the engine closed meanwhile: once more on a new one
                conn, reused = await self._connection(fresh=attempt > 0)
                try:
                    answer = await conn.exchange(request, max_bytes, deadline, ticket)
                    break
                except ConnectionError:
                    if not reused or conn.received:
                        raise
        except (TimeoutError, asyncio.CancelledError):  # past the deadline, or the client went away
            if conn is not None and conn.busy:
                conn.abandon(deadline + GRACE_S)  # it frees the slot when Oxigraph ends the query
            else:
                self.release(None, ticket)
            raise
        except BaseException:
            self.release(None, ticket)
            raise
        self.release(conn, ticket)
        return answer

    async def _connection(self, fresh: bool) -> tuple[_Upstream, bool]:
        host, port = self.address()
        if port == 0:
            raise EngineDown("the query engine is restarting")
        if port != self.port:  # a new engine: connections to the old one are not reused
            self.idle.clear()
            self.port = port
        while self.idle and not fresh:
            conn = self.idle.pop()
            if not conn.transport.is_closing():
                return conn, True
        _, conn = await self.loop.create_connection(lambda: _Upstream(self), host, port)
        return conn, False

    def release(self, conn: _Upstream | None, ticket: tuple) -> None:
        if conn is not None and not conn.transport.is_closing():
            self.idle.append(conn)
        slots, client = ticket
        slots.release(client)

    def restart(self) -> None:
        """A new engine process (Oxigraph cannot cancel one query); the old one stops once the new one answers."""
        self.idle.clear()
        self.restart_engine()
