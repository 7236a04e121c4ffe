"""`tropekg serve`: a read-only SPARQL 1.1 Protocol endpoint. Oxigraph's server runs the queries; the front
(front.py) asks this module what each request may do: updates and SERVICE are refused, the HTML form served, and
the queries that pass are forwarded under the time and size limits."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from ..output.sinks import markup

# `format=` (the HTML form, and clients that cannot set headers) as the Accept header it stands for.
FORMAT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json"}
_ASK = re.compile(r"\s*(?:(?:BASE|PREFIX\s+[^\s:]*:)\s*)*ASK(?![\w:-])", re.I)
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

    def __init__(self, status: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.headers = status, headers or {}


def uses_service(query: str) -> bool:
    """Whether the query has a SERVICE clause (SPARQL 1.1 Federated Query): the keyword outside strings, IRIs and
    comments, and not part of a prefixed name or variable."""
    return bool(_SERVICE.search(_OPAQUE.sub(" ", query)))


def is_ask(query: str) -> bool:
    """Whether the query is an ASK (SPARQL 1.1 Query 16.3): its prologue (BASE, PREFIX), then the keyword;
    strings, IRIs and comments set aside first."""
    return bool(_ASK.match(_OPAQUE.sub(" ", query)))


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


@dataclass(frozen=True)
class Forward:
    """A query that passed every check: the form to POST to Oxigraph's /query and the media types to accept."""

    form: list[tuple[str, str]]
    accept: str
    url_query: str | None = None  # a GET whose only parameter is one `query`: its query string, sent as it came
    light: bool = False  # an ASK: it runs in the slots kept for cheap requests (front.LIGHT_SLOTS)


class Endpoint:
    """What each request may do: `/` the HTML form, `/query` and `/sparql` the SPARQL 1.1 Protocol query operation,
    anything else refused. The HTTP side (front.py) asks `answer()` and forwards the queries it allows."""

    def __init__(self, limits: Limits, routes: dict[str, Callable] | None = None) -> None:
        self.limits = limits
        # Other capabilities' routes by path prefix (reconciliation: "/reconcile"), each answering whole requests:
        # handler(method, path, query string, headers, body or None when too large) -> (status, headers, body).
        self.routes = routes or {}

    def mounted(self, path: str | None) -> Callable | None:
        """The handler of the route `path` is under, or None (the endpoint's own paths)."""
        for prefix, handler in self.routes.items():
            if path is not None and (path == prefix or path.startswith(prefix + "/")):
                return handler
        return None

    def answer(self, environ: dict) -> tuple[str, str, bytes] | Forward:
        """The response itself (status, content type, body) or the query to forward; raises Refused."""
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
        # Sent on unchanged only when the one value checked is all there is: a second `query` could differ.
        as_came = direct is None and method == "GET" and list(params) == ["query"] and len(params["query"]) == 1
        return Forward(form, FORMAT_TYPES.get(fmt) or environ.get("HTTP_ACCEPT") or "*/*",
                       environ["QUERY_STRING"] if as_came else None, is_ask(query))


def form_page() -> str:
    """The plain HTML form at `/`: a query box and a result format; no script, nothing fetched from elsewhere."""
    options = "".join(f'<option value="{markup(f)}">{markup(f)}</option>' for f in FORMAT_TYPES)
    example = markup("SELECT ?trope ?label WHERE {\n  ?trope a tk:Trope ; skos:prefLabel ?label .\n} LIMIT 20")
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
