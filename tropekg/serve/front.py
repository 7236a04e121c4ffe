"""The HTTP side of `tropekg serve`: an asyncio server (uvloop's event loop, httptools' compiled HTTP/1.1 parser)
that keeps client connections alive, answers /health and the pages (pages.py) and forwards allowed queries to
Oxigraph over the pool (upstream.py), which reads each answer whole under the deadline and the size cap."""

from __future__ import annotations

import asyncio
import io
import logging
import time
import urllib.parse
from collections import deque
from collections.abc import Awaitable, Callable
from http import HTTPStatus

import httptools

from .endpoint import Endpoint, Forward, Refused
from .fairness import Busy
from .healing import RETRY_AFTER_S
from .upstream import EngineDown, Pool, TooLarge, upstream_request

log = logging.getLogger("tropekg.serve")
LOG_EVERY_S = 0.2  # request lines are written in batches: one write per batch, not one per request
ALLOWED_KEPT, ALLOWED_BYTES = 1024, 8192  # requests (of at most so many bytes) whose upstream request is kept
LOG_BYTES = 3500  # under PIPE_BUF (4096 on Linux), so batches of several processes never interleave (POSIX write)
HEALTH_TIMEOUT_S = 2.0
HEALTH_REQUEST = (b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: engine\r\n"
                  b"Accept: application/sparql-results+json\r\n\r\n")
RETRY = {"Retry-After": str(RETRY_AFTER_S)}
# A page route (serve/pages.py): (method, path, query string, headers) -> (status, type, body, headers) or None
Pages = Callable[[str, str, str, dict[str, str]], Awaitable["tuple[str, str, bytes, dict[str, str]] | None"]]
_CORS = b"Access-Control-Allow-Origin: *\r\n"
_PREFLIGHT = (b"Access-Control-Allow-Methods: GET, POST\r\nAccess-Control-Allow-Headers: Accept, Content-Type\r\n"
              b"Access-Control-Max-Age: 86400\r\n")


def header_lines(headers: dict[str, str]) -> bytes:
    """Response header lines; values are ours (no CR or LF), text outside Latin-1 replaced."""
    return b"".join(b"%s: %s\r\n" % (k.encode("latin-1"), v.encode("latin-1", "replace")) for k, v in headers.items())


def _target(url: bytes) -> tuple[str | None, bytes]:
    """The decoded path and the raw query string of a request target; no path when it is not a URL."""
    try:
        parts = httptools.parse_url(url)
    except httptools.HttpParserInvalidURLError:
        return None, b""
    return (urllib.parse.unquote(parts.path.decode("latin-1")) if parts.path else None), parts.query or b""


class Front:
    """Turns one parsed request into the bytes of its response, and writes the request log in batches."""

    def __init__(self, endpoint: Endpoint, pool: Pool, cors: bool, pages: Pages | None = None) -> None:
        self.endpoint, self.limits, self.cors, self.pool = endpoint, endpoint.limits, cors, pool
        self.max_body = 3 * self.limits.max_query_bytes  # URL-encoding can triple a query's size
        self.lines: list[str] = []
        self.pages = pages
        self.clients: set[_Client] = set()
        self.draining = False
        # Request -> the upstream request its query became. What a request may do depends on nothing but the
        # request, so a query asked again (a client's page, a dashboard) skips the decoding and the checks.
        self.allowed: dict[tuple, tuple[bytes, bool]] = {}  # and whether it goes in the light lane

    async def respond(self, method: str, url: bytes, headers: dict[str, str], body: bytes | None,
                      peer: str) -> bytes:
        started = time.monotonic()
        path, query = _target(url)
        mounted = self.endpoint.mounted(path)
        if mounted is not None:  # another capability's route (tropekg/reconcile): its whole response, CORS included
            return self._mounted(mounted, method, path, query, headers, body, peer, started)
        try:
            if path is None:
                raise Refused("400 Bad Request", "the request target is not a URL path (RFC 9112, 3.2)")
            if body is None:
                raise Refused("413 Content Too Large", f"the request body is over {self.max_body} bytes")
            if self.cors and method == "OPTIONS":  # a CORS preflight (Fetch standard, 3.2.2)
                status, kind, data, extra = "204 No Content", "", b"", _PREFLIGHT
            else:
                status, kind, data, extra = await self._route(method, path, query, headers, body, peer)
        except Refused as e:
            status, kind, data = e.status, "text/plain; charset=utf-8", f"{e}\n".encode()
            extra = header_lines(e.headers)
        if status.startswith("405") and b"Allow:" not in extra:
            extra += b"Allow: GET, POST\r\n"
        if kind.startswith("text/html") and b"Content-Security-Policy:" not in extra:
            extra += b"Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n"
        if self.cors:
            extra += _CORS
        if kind:
            extra += b"Content-Type: %s\r\n" % kind.encode("latin-1", "replace")
        self._log(f'{peer} "{method} {(path or "?")[:200]}" {status.split()[0]} {len(data)} '
                  f'{1000 * (time.monotonic() - started):.0f}ms')
        # HEAD: the headers GET would send, Content-Length included, and no body (RFC 9110, 9.3.2)
        return (b"HTTP/1.1 %s\r\nContent-Length: %d\r\nX-Content-Type-Options: nosniff\r\nServer: tropekg\r\n%s\r\n"
                % (status.encode("latin-1"), len(data), extra)) + (b"" if method == "HEAD" else data)

    async def _route(self, method: str, path: str, query: bytes, headers: dict[str, str],
                     body: bytes, peer: str) -> tuple[str, str, bytes, bytes]:
        """/health, then the pages (a concept's IRI and its representations), then the SPARQL endpoint."""
        if path == "/health":
            return await self._health(method, peer)
        if self.pages is not None:
            found = await self.pages(method, path, query.decode("latin-1"), headers)
            if found is not None:
                status, kind, data, extra = found
                return status, kind, data, header_lines(extra)
        return (*await self._answer(method, path, query, headers, body, peer), b"")

    async def _health(self, method: str, peer: str) -> tuple[str, str, bytes, bytes]:
        """200 only when a query runs now (for load balancers); else 503 with Retry-After."""
        if method not in ("GET", "HEAD"):
            raise Refused("405 Method Not Allowed", "use GET or HEAD", {"Allow": "GET, HEAD"})
        try:
            code = (await self.pool.query(HEALTH_REQUEST, 1000, HEALTH_TIMEOUT_S, peer, light=True))[0]
        except (OSError, TooLarge, Busy, httptools.HttpParserError):  # TimeoutError is an OSError
            code = 0
        if code != 200:
            raise Refused("503 Service Unavailable", "the query engine cannot answer now", RETRY)
        return "200 OK", "text/plain; charset=utf-8", b"ok\n", b""

    def _mounted(self, handler: Callable, method: str, path: str, query: bytes, headers: dict[str, str],
                 body: bytes | None, peer: str, started: float) -> bytes:
        status, fields, data = handler(method, path, query, headers, body)
        extra = b"".join(b"%s: %s\r\n" % (k.encode("latin-1"), v.encode("latin-1", "replace")) for k, v in fields)
        self._log(f'{peer} "{method} {path[:200]}" {status.split()[0]} {len(data)} '
                  f'{1000 * (time.monotonic() - started):.0f}ms')
        return (b"HTTP/1.1 %s\r\nContent-Length: %d\r\nX-Content-Type-Options: nosniff\r\nServer: tropekg\r\n%s\r\n"
                % (status.encode("latin-1"), len(data), extra)) + (b"" if method == "HEAD" else data)

    async def _answer(self, method: str, path: str, query: bytes, headers: dict[str, str],
                      body: bytes, peer: str) -> tuple[str, str, bytes]:
        key = (method, path, query, headers.get("content-type", ""), headers.get("accept", ""), body)
        found = self.allowed.get(key)
        if found is None:
            environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query.decode("latin-1"),
                       "CONTENT_TYPE": key[3], "CONTENT_LENGTH": str(len(body)), "HTTP_ACCEPT": key[4],
                       "wsgi.input": io.BytesIO(body)}
            decision = self.endpoint.answer(environ)
            if not isinstance(decision, Forward):
                return decision
            found = upstream_request(decision), decision.light
            if len(query) + len(body) <= ALLOWED_BYTES:  # large ones are rarely asked twice and would fill memory
                if len(self.allowed) >= ALLOWED_KEPT:
                    del self.allowed[next(iter(self.allowed))]  # the oldest
                self.allowed[key] = found
        request, light = found
        limit = self.limits.timeout
        try:
            # The whole answer or nothing: a timeout or an oversized answer becomes an error status, never a 200
            # cut short (Oxigraph itself would end a cancelled 200 early and make it look complete).
            code, kind, data = await self.pool.query(request, self.limits.max_result_bytes, limit, peer, light)
        except Busy as e:
            raise Refused(e.status, str(e), e.headers) from None
        except TimeoutError:
            # SPARQL 1.1 Protocol 2.1.4 leaves the status of a refused query to HTTP; 503 as Fuseki answers timeouts.
            raise Refused("503 Service Unavailable", f"the query ran over the {limit:g} s limit") from None
        except TooLarge:
            raise Refused("500 Internal Server Error", f"the result is over {self.limits.max_result_bytes} bytes; "
                          "add LIMIT or select fewer variables") from None
        except EngineDown:
            raise Refused("503 Service Unavailable", "the query engine is restarting; retry in a moment",
                          RETRY) from None
        except OSError as e:  # the engine died during the query, or before the parent saw it: it is restarted
            raise Refused("503 Service Unavailable", f"the query engine stopped ({e}); retry in a moment",
                          RETRY) from None
        except httptools.HttpParserError as e:
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

    async def drain(self, seconds: float) -> None:
        """Answer the requests already received (SIGTERM), at most `seconds` more, then close every connection."""
        self.draining = True
        deadline = self.pool.loop.time() + seconds
        while any(c.worker is not None for c in self.clients) and self.pool.loop.time() < deadline:
            await asyncio.sleep(0.02)
        for client in list(self.clients):
            client.transport.close()

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
        self.front.clients.add(self)

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
            if keep and not self.front.draining:
                self.transport.write(response)
            else:  # RFC 9112, 9.6: a server that will close says so
                self.transport.write(response.replace(b"\r\n", b"\r\nConnection: close\r\n", 1))
                self.transport.close()
        self.worker = None

    def connection_lost(self, exc: Exception | None) -> None:
        self.front.clients.discard(self)
        if self.worker is not None:
            self.worker.cancel()  # its query's connection to Oxigraph is closed, so Oxigraph stops writing
