"""The HTTP side of `tropekg serve`: an asyncio server (uvloop's event loop, httptools' compiled HTTP/1.1 parser)
that keeps client connections alive and forwards allowed queries over a bounded pool of keep-alive connections
to Oxigraph, reading each answer whole under the deadline and the size cap before sending a byte of it."""

from __future__ import annotations

import asyncio
import io
import logging
import time
import urllib.parse
from collections import deque
from collections.abc import Callable
from http import HTTPStatus

import httptools

from .endpoint import Endpoint, Forward, Refused

log = logging.getLogger("tropekg.serve")
# Queries running in Oxigraph at once (its server has a thread per connection): enough for 2-8 cores; 4, 8, 16
# and 32 served the same within the noise of a shared 2-core machine (bench/serve_wrk.py).
POOL_SIZE = 16
GRACE_S = 1.0  # how long a query may run on in Oxigraph after its client got 503, before the engine restarts
LOG_EVERY_S = 0.2  # request lines are written in batches: one write per batch, not one per request
ALLOWED_KEPT, ALLOWED_BYTES = 1024, 8192  # requests (of at most so many bytes) whose upstream request is kept
LOG_BYTES = 3500  # under PIPE_BUF (4096 on Linux), so batches of several processes never interleave (POSIX write)
_CORS = b"Access-Control-Allow-Origin: *\r\n"
_PREFLIGHT = (b"Access-Control-Allow-Methods: GET, POST\r\nAccess-Control-Allow-Headers: Accept, Content-Type\r\n"
              b"Access-Control-Max-Age: 86400\r\n")


class TooLarge(Exception):
    """The answer grew past the size cap."""


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

    def exchange(self, request: bytes, max_bytes: int, deadline: float) -> asyncio.Future:
        loop = self.loop
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
            self.pool.release(self if clean else None)


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
    """At most POOL_SIZE queries in Oxigraph at once, over kept-alive connections."""

    def __init__(self, address: Callable[[], tuple[str, int]], restart: Callable[[], None],
                 loop: asyncio.AbstractEventLoop) -> None:
        self.address, self.restart_engine = address, restart  # the engine's current port; ask for a new engine
        # The loop is kept, not asked for per request: CPython's get_running_loop() makes a getpid() system call
        # each time (fork safety); DEVELOPERS.md has what that cost.
        self.loop = loop
        self.idle: deque[_Upstream] = deque()
        # Slots by hand, not an asyncio.Semaphore, whose waiting path asks for the running loop (see above).
        self.free, self.waiting = POOL_SIZE, deque()

    async def query(self, request: bytes, max_bytes: int, timeout: float) -> tuple[int, str, bytes]:
        """Oxigraph's whole answer to `request` (upstream_request()); TimeoutError past `timeout`, TooLarge past
        `max_bytes`, OSError if it fails."""
        deadline = self.loop.time() + timeout
        await self._slot(deadline)
        conn = None
        try:
            for attempt in range(2):  # an idle connection the engine closed meanwhile: once more on a new one
                conn, reused = await self._connection(fresh=attempt > 0)
                try:
                    answer = await conn.exchange(request, max_bytes, deadline)
                    break
                except ConnectionError:
                    if not reused or conn.received:
                        raise
        except (TimeoutError, asyncio.CancelledError):  # past the deadline, or the client went away
            if conn is not None and conn.busy:
                conn.abandon(deadline + GRACE_S)  # it frees the slot when Oxigraph ends the query
            else:
                self.release(None)
            raise
        except BaseException:
            self.release(None)
            raise
        self.release(conn)
        return answer

    async def _connection(self, fresh: bool) -> tuple[_Upstream, bool]:
        while self.idle and not fresh:
            conn = self.idle.pop()
            if not conn.transport.is_closing():
                return conn, True
        _, conn = await self.loop.create_connection(lambda: _Upstream(self), *self.address())
        return conn, False

    async def _slot(self, deadline: float) -> None:
        """One of the POOL_SIZE slots, first come first served; TimeoutError at the deadline."""
        if self.free and not self.waiting:
            self.free -= 1
            return
        turn = self.loop.create_future()
        self.waiting.append(turn)
        timer = self.loop.call_at(deadline, lambda: turn.done() or turn.set_exception(TimeoutError()))
        try:
            await turn
        except asyncio.CancelledError:  # the client went away: a slot handed over meanwhile goes on
            if turn.done() and not turn.cancelled() and turn.exception() is None:
                self._hand_on()
            raise
        finally:
            timer.cancel()

    def _hand_on(self) -> None:
        """A slot freed: to the first request still waiting, else back to the free ones."""
        while self.waiting:
            turn = self.waiting.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self.free += 1

    def release(self, conn: _Upstream | None) -> None:
        if conn is not None and not conn.transport.is_closing():
            self.idle.append(conn)
        self._hand_on()

    def restart(self) -> None:
        """A new engine process (Oxigraph cannot cancel one query); the old one stops once the new one answers."""
        self.idle.clear()
        self.restart_engine()


def _target(url: bytes) -> tuple[str | None, bytes]:
    """The decoded path and the raw query string of a request target; no path when it is not a URL."""
    try:
        parts = httptools.parse_url(url)
    except httptools.HttpParserInvalidURLError:
        return None, b""
    return (urllib.parse.unquote(parts.path.decode("latin-1")) if parts.path else None), parts.query or b""


class Front:
    """Turns one parsed request into the bytes of its response, and writes the request log in batches."""

    def __init__(self, endpoint: Endpoint, pool: Pool, cors: bool) -> None:
        self.endpoint, self.limits, self.cors, self.pool = endpoint, endpoint.limits, cors, pool
        self.max_body = 3 * self.limits.max_query_bytes  # URL-encoding can triple a query's size
        self.lines: list[str] = []
        # Request -> the upstream request its query became. What a request may do depends on nothing but the
        # request, so a query asked again (a client's page, a dashboard) skips the decoding and the checks.
        self.allowed: dict[tuple, bytes] = {}

    async def respond(self, method: str, url: bytes, headers: dict[str, str], body: bytes | None,
                      peer: str) -> bytes:
        started = time.monotonic()
        path, query = _target(url)
        mounted = self.endpoint.mounted(path)
        if mounted is not None:  # another capability's route (tropekg/reconcile): its whole response, CORS included
            return self._mounted(mounted, method, path, query, headers, body, peer, started)
        extra = b""
        try:
            if path is None:
                raise Refused("400 Bad Request", "the request target is not a URL path (RFC 9112, 3.2)")
            if body is None:
                raise Refused("413 Content Too Large", f"the request body is over {self.max_body} bytes")
            if self.cors and method == "OPTIONS":  # a CORS preflight (Fetch standard, 3.2.2)
                status, kind, data, extra = "204 No Content", "", b"", _PREFLIGHT
            else:
                status, kind, data = await self._answer(method, path, query, headers, body)
        except Refused as e:
            status, kind, data = e.status, "text/plain; charset=utf-8", f"{e}\n".encode()
        if status.startswith("405"):
            extra += b"Allow: GET, POST\r\n"
        if kind.startswith("text/html"):
            extra += b"Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n"
        if self.cors:
            extra += _CORS
        if kind:
            extra += b"Content-Type: %s\r\n" % kind.encode("latin-1", "replace")
        self._log(f'{peer} "{method} {(path or "?")[:200]}" {status.split()[0]} {len(data)} '
                  f'{1000 * (time.monotonic() - started):.0f}ms')
        return (b"HTTP/1.1 %s\r\nContent-Length: %d\r\nX-Content-Type-Options: nosniff\r\nServer: tropekg\r\n%s\r\n"
                % (status.encode("latin-1"), len(data), extra)) + data

    def _mounted(self, handler: Callable, method: str, path: str, query: bytes, headers: dict[str, str],
                 body: bytes | None, peer: str, started: float) -> bytes:
        status, fields, data = handler(method, path, query, headers, body)
        extra = b"".join(b"%s: %s\r\n" % (k.encode("latin-1"), v.encode("latin-1", "replace")) for k, v in fields)
        self._log(f'{peer} "{method} {path[:200]}" {status.split()[0]} {len(data)} '
                  f'{1000 * (time.monotonic() - started):.0f}ms')
        return (b"HTTP/1.1 %s\r\nContent-Length: %d\r\nX-Content-Type-Options: nosniff\r\nServer: tropekg\r\n%s\r\n"
                % (status.encode("latin-1"), len(data), extra)) + data

    async def _answer(self, method: str, path: str, query: bytes, headers: dict[str, str],
                      body: bytes) -> tuple[str, str, bytes]:
        key = (method, path, query, headers.get("content-type", ""), headers.get("accept", ""), body)
        request = self.allowed.get(key)
        if request is None:
            environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query.decode("latin-1"),
                       "CONTENT_TYPE": key[3], "CONTENT_LENGTH": str(len(body)), "HTTP_ACCEPT": key[4],
                       "wsgi.input": io.BytesIO(body)}
            decision = self.endpoint.answer(environ)
            if not isinstance(decision, Forward):
                return decision
            request = upstream_request(decision)
            if len(query) + len(body) <= ALLOWED_BYTES:  # large ones are rarely asked twice and would fill memory
                if len(self.allowed) >= ALLOWED_KEPT:
                    del self.allowed[next(iter(self.allowed))]  # the oldest
                self.allowed[key] = request
        limit = self.limits.timeout
        try:
            # The whole answer or nothing: a timeout or an oversized answer becomes an error status, never a 200
            # cut short (Oxigraph itself would end a cancelled 200 early and make it look complete).
            code, kind, data = await self.pool.query(request, self.limits.max_result_bytes, limit)
        except TimeoutError:
            # SPARQL 1.1 Protocol 2.1.4 leaves the status of a refused query to HTTP; 503 as Fuseki answers timeouts.
            raise Refused("503 Service Unavailable", f"the query ran over the {limit:g} s limit") from None
        except TooLarge:
            raise Refused("500 Internal Server Error", f"the result is over {self.limits.max_result_bytes} bytes; "
                          "add LIMIT or select fewer variables") from None
        except (OSError, httptools.HttpParserError) as e:
            raise Refused("502 Bad Gateway", f"the query engine did not answer ({e})") from None
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Unknown"
        return f"{code} {phrase}", kind, data

    def _log(self, line: str) -> None:
        if not self.lines:
            self.pool.loop.call_later(LOG_EVERY_S, self.flush)
            self.size = 0
        self.lines.append(line)
        self.size += len(line) + 1
        if self.size > LOG_BYTES:
            self.flush()

    def flush(self) -> None:
        if self.lines:
            log.info("\n".join(self.lines))
            self.lines = []


class _Client(asyncio.Protocol):
    """One client connection: requests parsed as bytes arrive, answered one after another in order (RFC 9112,
    9.3.2), kept alive unless the client or an unreadable request says otherwise."""

    def __init__(self, front: Front) -> None:
        self.front = front
        self.parser = httptools.HttpRequestParser(self)
        self.pending: deque[tuple] = deque()
        self.worker: asyncio.Task | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        peer = transport.get_extra_info("peername")
        self.peer = peer[0] if isinstance(peer, tuple) else "-"

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            self.transport.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 29\r\nConnection: close\r\n\r\n"
                                 b"this is not an HTTP request\r\n")
            self.transport.close()

    def on_message_begin(self) -> None:
        self.url, self.headers, self.body, self.size = b"", {}, [], 0

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers[name.decode("latin-1").lower()] = value.decode("latin-1")

    def on_headers_complete(self) -> None:
        # curl waits a second for this before sending a large POST body (RFC 9110, 10.1.1)
        if self.headers.get("expect", "").lower() == "100-continue":
            self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def on_body(self, body: bytes) -> None:
        self.size += len(body)
        if self.size <= self.front.max_body:  # past it, the rest is read and dropped, then refused with 413
            self.body.append(body)

    def on_message_complete(self) -> None:
        body = b"".join(self.body) if self.size <= self.front.max_body else None
        keep = self.parser.should_keep_alive() and body is not None
        self.pending.append((self.parser.get_method().decode("latin-1"), self.url, self.headers, body, keep))
        if self.worker is None:
            self.worker = self.front.pool.loop.create_task(self._work())

    async def _work(self) -> None:
        while self.pending and not self.transport.is_closing():
            method, url, headers, body, keep = self.pending.popleft()
            response = await self.front.respond(method, url, headers, body, self.peer)
            if keep:
                self.transport.write(response)
            else:  # RFC 9112, 9.6: a server that will close says so
                self.transport.write(response.replace(b"\r\n", b"\r\nConnection: close\r\n", 1))
                self.transport.close()
        self.worker = None

    def connection_lost(self, exc: Exception | None) -> None:
        if self.worker is not None:
            self.worker.cancel()  # its query's connection to Oxigraph is closed, so Oxigraph stops writing
