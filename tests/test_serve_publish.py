"""`tropekg publish` into a real Oxigraph server (Graph Store Protocol PUT), which then gives the same answers
as `tropekg query` locally for every shipped query; errors of refusing, unreachable and rejecting servers."""

from __future__ import annotations

import http.server
import threading
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

from tropekg.query import sparql
from tropekg.serve.oxigraph import free_port
from tropekg.serve.publish import target_url

from .servers import oxigraph_serve

GRAPH = "https://example.org/graphs/tropes"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


def remote(base: str, text: str, construct: bool = False, **params: str):
    """A query's result from the server, as sorted rows (JSON results) or sorted triples (N-Triples)."""
    accept = "application/n-triples" if construct else "application/sparql-results+json"
    body = urllib.parse.urlencode({"query": text, **params}).encode()
    request = urllib.request.Request(base + "/query", data=body, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        data = response.read()
    if construct:
        return sorted(str(t) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    return sorted(tuple(str(s[v]) if s[v] is not None else None for v in range(len(s)))
                  for s in ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON))


def local(vocab, query: sparql.NamedQuery):
    result = sparql.run(vocab, query.text, query.name, sparql.bind(vocab, query, query.examples))
    if isinstance(result, ox.QueryTriples):
        return sorted(str(t) for t in result)
    return sorted(tuple(str(s[v]) if s[v] is not None else None for v in range(len(s))) for s in result)


def test_publish_then_every_shipped_query_answers_the_same(store, run, bundled):
    result = run("publish", "--endpoint", store + "/store", "--replace")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{len(bundled)} triples put to {store}/store?default: 20")
    for query in sparql.named_queries().values():
        mine = local(bundled, query)
        theirs = remote(store, sparql.prepared(bundled, query, query.examples), construct=query.name == "card")
        assert theirs == mine, query.name
        assert mine or query.name in ("deprecated", "no-definition"), query.name


def test_publish_replaces_a_named_graph(store, run, bundled, tmp_path):
    small = tmp_path / "small.ttl"
    small.write_text('<http://x/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A"@en .\n')
    assert run("publish", str(small), "--endpoint", store + "/store", "--graph", GRAPH).exit_code == 0
    assert run("publish", "--endpoint", store + "/store", "--graph", GRAPH, "--replace").exit_code == 0
    count = remote(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"default-graph-uri": GRAPH})
    assert count == [(f'"{len(bundled)}"^^<http://www.w3.org/2001/XMLSchema#integer>',)]


def test_publish_without_replace_adds_to_the_graph(store, run, bundled, tmp_path):
    small = tmp_path / "small.ttl"
    small.write_text('<http://x/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A"@en .\n')
    assert run("publish", str(small), "--endpoint", store + "/store", "--graph", GRAPH + "-added",
               "--replace").exit_code == 0
    result = run("publish", "--endpoint", store + "/store", "--graph", GRAPH + "-added")
    assert result.exit_code == 0 and " triples posted to " in result.stdout
    count = remote(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"default-graph-uri": GRAPH + "-added"})
    assert count == [(f'"{len(bundled) + 1}"^^<http://www.w3.org/2001/XMLSchema#integer>',)]


def test_unreachable_store_is_one_line_exit_2(run):
    url = f"http://127.0.0.1:{free_port()}/store"
    result = run("publish", "--endpoint", url)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"tropekg: error: --endpoint {url}?default: cannot reach the store")
    assert len(result.stderr.strip().splitlines()) == 1


def test_rejecting_store_is_one_line_exit_2(store, run):
    result = run("publish", "--endpoint", store + "/nowhere")
    assert result.exit_code == 2 and result.stdout == ""
    assert "the store refused the graph: 404" in result.stderr and len(result.stderr.strip().splitlines()) == 1


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A store that asks for credentials: 401 without the right ones, 204 with them."""

    seen: list[str] = []

    def do_POST(self):  # noqa: N802 (the name http.server calls)
        self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append(self.headers.get("Authorization", ""))
        self.send_response(204 if self.headers.get("Authorization") == "Basic dTpwdw==" else 401)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_credentials_come_from_the_environment_only(run, monkeypatch):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/store"
    try:
        result = run("publish", "--endpoint", url)
        assert result.exit_code == 2 and "401" in result.stderr and "TROPEKG_PUBLISH_AUTH" in result.stderr
        monkeypatch.setenv("TROPEKG_PUBLISH_AUTH", "u:pw")
        assert run("publish", "--endpoint", url).exit_code == 0
        assert _Recorder.seen[-1] == "Basic dTpwdw=="
    finally:
        server.shutdown()
    result = run("publish", "--endpoint", "http://example.org/store")
    assert result.exit_code == 2 and "use https://" in result.stderr


@pytest.mark.parametrize("endpoint,graph,message", [
    ("ftp://x/store", None, "--endpoint ftp://x/store"), ("http://x/store", "not an iri", "--graph not an iri"),
    (None, None, "^--endpoint: give the store's Graph Store Protocol URL"),
])
def test_bad_options(endpoint, graph, message):
    from tropekg.errors import UsageError

    with pytest.raises(UsageError, match=message):
        target_url(endpoint, graph)


def test_target_url():
    assert target_url("http://h:1/store", None) == "http://h:1/store?default"
    assert target_url("http://h/ds/data?x=1", "http://g/a") == "http://h/ds/data?x=1&graph=http%3A%2F%2Fg%2Fa"
