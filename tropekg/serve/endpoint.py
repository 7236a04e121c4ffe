"""`tropekg serve`: a read-only SPARQL 1.1 Protocol endpoint. Oxigraph's server runs the queries; this WSGI
application in front of it (served by waitress) refuses updates and SERVICE, enforces the time and size limits
with the right HTTP status, serves the HTML form and logs each request."""

from __future__ import annotations

import html
import http.client
import logging
import re
import signal
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import UsageError
from ..vocabulary import Vocabulary

log = logging.getLogger("tropekg.serve")

# `format=` (the HTML form, and clients that cannot set headers) as the Accept header it stands for.
FORMAT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json"}
_SERVICE = re.compile(r"(?<![\w:?$.-])SERVICE(?![\w:-])", re.I)
# What SERVICE could hide inside: strings (long and short), IRIs and comments (SPARQL 1.1 Query 19.8 terminals).
_OPAQUE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*')


@dataclass
class Limits:
    timeout: float = 10.0  # seconds per query
    max_result_bytes: int = 50_000_000
    max_query_bytes: int = 100_000


class Refused(Exception):
    """A request we answer with an error status and a one-line text body."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


def uses_service(query: str) -> bool:
    """Whether the query has a SERVICE clause (SPARQL 1.1 Federated Query): the keyword outside strings, IRIs and
    comments, and not part of a prefixed name or variable."""
    return bool(_SERVICE.search(_OPAQUE.sub(" ", query)))


def _params(environ: dict, limits: Limits) -> tuple[dict[str, list[str]], str | None]:
    """The request's parameters and, for a direct POST (SPARQL 1.1 Protocol 2.1.3), the query in the body."""
    params = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    if environ["REQUEST_METHOD"] != "POST":
        return params, None
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length > 3 * limits.max_query_bytes:  # URL-encoding can triple a query's size
        raise Refused("413 Content Too Large", f"the request body is over {3 * limits.max_query_bytes} bytes")
    body = environ["wsgi.input"].read(length).decode("utf-8", errors="replace")
    kind = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":  # 2.1.2 query via URL-encoded POST, 2.2.1 update
        for key, values in urllib.parse.parse_qs(body, keep_blank_values=True).items():
            params.setdefault(key, []).extend(values)
        return params, None
    if kind == "application/sparql-update":  # 2.2.2 update via POST directly
        raise Refused("403 Forbidden", "this endpoint is read-only: SPARQL Update is refused")
    if kind == "application/sparql-query":  # 2.1.3 query via POST directly
        return params, body
    raise Refused("415 Unsupported Media Type", "send application/sparql-query or a URL-encoded form")


def _upstream(base: str, form: list[tuple[str, str]], accept: str, limits: Limits) -> tuple[int, str, bytes]:
    """POST the query to Oxigraph and read the whole answer before the deadline, or refuse. Reading it whole is
    what lets a timeout or an oversized result become an error status instead of a cut-off 200."""
    deadline = time.monotonic() + limits.timeout
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=limits.timeout)
    try:
        conn.request("POST", "/query", urllib.parse.urlencode(form),
                     {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        sock = conn.sock
        response = conn.getresponse()
        chunks, size = [], 0
        while chunk := response.read(65536):
            size += len(chunk)
            if size > limits.max_result_bytes:
                raise Refused("500 Internal Server Error", f"the result is over {limits.max_result_bytes} bytes; "
                              "add LIMIT or select fewer variables")
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise TimeoutError
            sock.settimeout(max(0.01, deadline - time.monotonic()))
        if time.monotonic() > deadline:
            raise TimeoutError
        return response.status, response.getheader("Content-Type", "text/plain"), b"".join(chunks)
    except TimeoutError:
        # SPARQL 1.1 Protocol 2.1.4 leaves the status of a refused query to HTTP; 503 as Fuseki answers timeouts.
        raise Refused("503 Service Unavailable", f"the query ran over the {limits.timeout:g} s limit") from None
    except OSError as e:
        raise Refused("502 Bad Gateway", f"the query engine did not answer ({e})") from None
    finally:
        conn.close()


class Endpoint:
    """The WSGI application: `/` the HTML form, `/query` and `/sparql` the SPARQL 1.1 Protocol query operation."""

    def __init__(self, upstream: str, limits: Limits) -> None:
        self.upstream = upstream
        self.limits = limits

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        started = time.monotonic()
        try:
            status, kind, body = self.answer(environ)
        except Refused as e:
            status, kind, body = e.status, "text/plain; charset=utf-8", f"{e}\n".encode()
        headers = [("Content-Type", kind), ("Content-Length", str(len(body))), ("X-Content-Type-Options", "nosniff")]
        if status.startswith("405"):
            headers.append(("Allow", "GET, POST"))
        if kind.startswith("text/html"):
            headers.append(("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"))
        start_response(status, headers)
        log.info('%s "%s %s" %s %d %.0fms', environ.get("REMOTE_ADDR", "-"), environ["REQUEST_METHOD"],
                 environ.get("PATH_INFO", "/"), status.split()[0], len(body), 1000 * (time.monotonic() - started))
        return [body]

    def answer(self, environ: dict) -> tuple[str, str, bytes]:
        path, method = environ.get("PATH_INFO", "/"), environ["REQUEST_METHOD"]
        if path == "/update":
            raise Refused("403 Forbidden", "this endpoint is read-only: SPARQL Update is refused")
        if path not in ("/", "/query", "/sparql"):
            raise Refused("404 Not Found", "the SPARQL endpoint is /query (and /sparql); the form is /")
        if method not in ("GET", "POST"):
            raise Refused("405 Method Not Allowed", "use GET or POST (SPARQL 1.1 Protocol 2.1)")
        if len(environ.get("QUERY_STRING", "")) > 3 * self.limits.max_query_bytes:
            raise Refused("414 URI Too Long", "the query is too long for a URL; send it with POST")
        params, direct = _params(environ, self.limits)
        if "update" in params:
            raise Refused("403 Forbidden", "this endpoint is read-only: SPARQL Update is refused")
        query = direct if direct is not None else (params.get("query") or [None])[0]
        if query is None:
            if path == "/" and method == "GET":
                return "200 OK", "text/html; charset=utf-8", form_page().encode()
            raise Refused("400 Bad Request", "give the query as the `query` parameter (SPARQL 1.1 Protocol 2.1)")
        if len(query.encode()) > self.limits.max_query_bytes:
            raise Refused("413 Content Too Large", f"the query is over {self.limits.max_query_bytes} bytes")
        if uses_service(query):
            raise Refused("403 Forbidden", "SERVICE (federated query) is refused: this endpoint sends no requests")
        form = [("query", query)] + [(k, v) for k in ("default-graph-uri", "named-graph-uri")
                                     for v in params.get(k, [])]
        fmt = (params.get("format") or [""])[0]
        accept = FORMAT_TYPES.get(fmt) or environ.get("HTTP_ACCEPT") or "*/*"
        status, kind, body = _upstream(self.upstream, form, accept, self.limits)
        return f"{status} {http.client.responses.get(status, '')}".strip(), kind, body


def form_page() -> str:
    """The plain HTML form at `/`: a query box and a result format; no script, nothing fetched from elsewhere."""
    options = "".join(f'<option value="{html.escape(f)}">{html.escape(f)}</option>' for f in FORMAT_TYPES)
    example = html.escape("SELECT ?trope ?label WHERE {\n  ?trope a tk:Trope ; skos:prefLabel ?label .\n} LIMIT 20")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>tropekg SPARQL endpoint</title>'
        '<style>body{font:16px sans-serif;max-width:60em;margin:2em auto}textarea{width:100%;font:14px monospace}'
        '</style></head><body><h1>tropekg SPARQL endpoint</h1>'
        '<p>Read-only SPARQL 1.1: GET or POST <code>/query</code>. Declare the prefixes you use, e.g. '
        '<code>PREFIX tk: &lt;https://w3id.org/tropekg/ontology#&gt;</code>.</p>'
        '<form method="get" action="query"><textarea name="query" rows="14">'
        'PREFIX skos: &lt;http://www.w3.org/2004/02/skos/core#&gt;\n'
        'PREFIX tk: &lt;https://w3id.org/tropekg/ontology#&gt;\n'
        f'{example}</textarea><p>Result format <select name="format">{options}</select> '
        '<button type="submit">Run</button></p></form></body></html>\n')


def serve(vocab: Vocabulary, host: str = "127.0.0.1", port: int = 7878, *, limits: Limits | None = None,
          threads: int = 8, on_ready: Callable[[str], None] | None = None) -> None:
    """Serve `vocab` until interrupted (Ctrl-C): Oxigraph on a private port, this endpoint on host:port (0 picks a
    free port); `on_ready` gets the endpoint's URL. Everything started here is stopped and deleted on return."""
    import waitress

    from .oxigraph import engine

    limits = limits or Limits()
    if limits.timeout <= 0 or limits.max_result_bytes <= 0:
        raise UsageError("--timeout and --max-result-bytes must be positive")
    # SIGTERM (a service manager, `kill`) stops the server as Ctrl-C does, so the engine is stopped and its copy
    # deleted; Python's default would end the process at once and leave Oxigraph running.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with engine(vocab, limits.timeout) as upstream:
            try:
                server = waitress.create_server(Endpoint(upstream, limits), host=host, port=port, threads=threads,
                                                ident="tropekg", max_request_body_size=3 * limits.max_query_bytes + 1)
            except OSError as e:
                raise UsageError(f"--host {host} --port {port}: cannot listen there ({e.strerror}); "
                                 "choose another port") from None
            if on_ready:
                on_ready(f"http://{host}:{server.effective_port}/query")
            try:
                server.run()  # waitress returns from run() on KeyboardInterrupt
            finally:
                server.close()
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
