"""Vocabularies where they live: the SPARQL 1.1 Protocol request to any endpoint (Oxigraph, Fuseki, GraphDB,
QLever) with its one-line errors (sources.remote sends every query through it), and a whole graph read at once.

read() takes the whole graph in one CONSTRUCT, as N-Triples streamed into a local store: one response, so blank
nodes keep their identity (pages by LIMIT/OFFSET would relabel them per page, and without ORDER BY SPARQL does not
promise the pages partition the graph: SPARQL 1.1 Query 15.4-15.5); bench/remote_validate.py times it. validate
reads a whole graph with RemoteVocabulary.whole instead, which reads in parts under a store's row cap."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pyoxigraph as ox

from ..errors import LoadError, Refused, TropekgError, UsageError
from ..namespaces import PREFIXES
from ..vocabulary import Vocabulary

TIMEOUT_S = 600.0  # a whole graph at 100k concepts is about 100 MB of N-Triples


def check_graph_iri(graph: str) -> None:
    """--graph must be an absolute IRI without the characters an IRI cannot hold (RFC 3987), here and in publish."""
    if not urllib.parse.urlsplit(graph).scheme or any(c in graph for c in ' <>"{}|^`\\'):
        raise UsageError(f"--graph {graph}: give an absolute IRI, e.g. https://example.org/graphs/tropes")


def check_http_url(url: str, what: str, example: str) -> urllib.parse.SplitResult:
    """--endpoint must be an http(s) URL (`what` says of what, as in "the store's"); its parts."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--endpoint {url}: give {what} http(s) URL, e.g. {example}")
    return parts


def graph_query(graph: str | None) -> str:
    """The CONSTRUCT that returns every triple of `graph` (an IRI), or of the default graph when None."""
    if graph is None:
        return "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    check_graph_iri(graph)
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"


@contextmanager
def answer(endpoint: str, query: str, accept: str, graph: str | None = None, what: str = "the query",
           timeout: float = TIMEOUT_S) -> Iterator[http.client.HTTPResponse]:
    """The endpoint's response to `query` (SPARQL 1.1 Protocol: POST, form-encoded), asking for `accept`; `graph`
    goes as the protocol's default-graph-uri, so the query sees that graph as its default graph. Failures are
    one-line errors naming the endpoint (`what` says which query was refused)."""
    fields = {"query": query, **({"default-graph-uri": graph} if graph else {})}
    request = urllib.request.Request(endpoint, data=urllib.parse.urlencode(fields).encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            yield response
    except urllib.error.HTTPError as e:
        detail = " ".join(e.read(300).decode("utf-8", errors="replace").split())
        raise Refused(f"--endpoint {endpoint}: {what} was refused: {e.code} {e.reason}"
                      f"{': ' + detail if detail else ''}") from None
    except urllib.error.URLError as e:
        reason = getattr(e.reason, "strerror", None) or str(e.reason)
        raise TropekgError(f"--endpoint {endpoint}: cannot reach it ({reason}); is it running?") from None
    except (TimeoutError, http.client.HTTPException, ConnectionError) as e:
        raise TropekgError(f"--endpoint {endpoint}: no complete answer ({e or type(e).__name__})") from None


def expect(endpoint: str, response: http.client.HTTPResponse, kind: str, name: str) -> None:
    """A response of another media type than `kind` (`name`, as "N-Triples") means the URL is not a query URL; a
    partial answer sent as whole at a time limit is an error."""
    if response.headers.get("X-SQL-State") == "S1TAT":
        # Virtuoso's "anytime" answer: what it found before its time limit (MaxQueryExecutionTime), sent as 200.
        said = response.headers.get("X-SQL-Message", "S1TAT").split("Activity:")[0].strip()
        raise TropekgError(f"--endpoint {endpoint}: the store stopped the query at its time limit and sent a partial "
                           f"answer ({said}); raise that limit "
                           "(Virtuoso: MaxQueryExecutionTime), or validate a dump of the graph")
    found = response.headers.get_content_type()
    if found != kind:
        raise TropekgError(f"--endpoint {endpoint}: answered {found}, not {name}; is this the SPARQL query URL "
                           "(SPARQL 1.1 Protocol)?")


def read(endpoint: str, graph: str | None = None, files: tuple[str, ...] = (),
         timeout: float = TIMEOUT_S) -> Vocabulary:
    """A Vocabulary of every triple in `graph` (default: the default graph) of the SPARQL endpoint `endpoint`;
    `files` are those also named on the command line, which would be ignored: an error."""
    check_source(endpoint, graph, files)
    store = ox.Store()
    try:
        with answer(endpoint, graph_query(graph), "application/n-triples", what="the query for the graph",
                    timeout=timeout) as response:
            expect(endpoint, response, "application/n-triples", "N-Triples")
            store.bulk_load(response, format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as e:  # pyoxigraph raises SyntaxError for unparsable RDF
        raise LoadError(f"--endpoint {endpoint}: its N-Triples do not parse ({e})") from None
    except OSError as e:  # the connection broke while Oxigraph read the body
        raise TropekgError(f"--endpoint {endpoint}: no complete answer ({e})") from None
    return Vocabulary(store, (), dict(PREFIXES))


def check_source(endpoint: str, graph: str | None, files: tuple[str, ...]) -> None:
    """--endpoint and --graph as given, and no FILES beside them (they would be ignored)."""
    if files:
        raise UsageError(f"--endpoint {endpoint}: give FILES or --endpoint, not both ({files[0]})")
    check_http_url(endpoint, "the SPARQL endpoint's", "http://localhost:7878/query")
    if graph is not None:
        check_graph_iri(graph)


__all__ = ["answer", "check_source", "expect", "graph_query", "read"]
