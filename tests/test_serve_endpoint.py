"""`tropekg serve`: a real server queried by SPARQLWrapper; updates, SERVICE and over-long queries refused."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from SPARQLWrapper import JSON, XML, SPARQLWrapper

from tropekg.serve.endpoint import uses_service

from .conftest import ROOT
from .servers import tropekg_serve

TROPES = "SELECT ?t WHERE { ?t a <https://w3id.org/tropekg/ontology#Trope> } ORDER BY ?t"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def endpoint():
    with tropekg_serve("--timeout", "2") as (url, process):
        yield url
        assert process.poll() is None, "the server stopped during the tests"


def status(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def form(**params: str) -> bytes:
    return urllib.parse.urlencode(params).encode()


def test_sparqlwrapper_json(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(TROPES)
    client.setReturnFormat(JSON)
    tropes = [b["t"]["value"] for b in client.query().convert()["results"]["bindings"]]
    assert "https://w3id.org/tropekg/id/netorare" in tropes and len(tropes) == 7


def test_sparqlwrapper_xml_by_post(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(TROPES)
    client.setMethod("POST")
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert len(document.getElementsByTagName("result")) == 7


def test_content_negotiation_and_direct_post(endpoint):
    code, body = status(endpoint, TROPES.encode(), {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert code == 200 and body.splitlines()[0] == "t" and len(body.splitlines()) == 8
    code, body = status(endpoint + "?" + urllib.parse.urlencode({"query": TROPES, "format": "tsv"}))
    assert code == 200 and body.splitlines()[0] == "?t"


@pytest.mark.parametrize("data,headers", [
    (form(update="INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"), {}),
    (b"DROP ALL", {"Content-Type": "application/sparql-update"}),
])
def test_update_is_refused_with_403(endpoint, data, headers):
    code, body = status(endpoint, data, headers)
    assert code == 403 and "read-only" in body
    assert status(endpoint.replace("/query", "/update"), data, headers)[0] == 403
    assert status(endpoint + "?query=ASK%7B%7D")[0] == 200


def test_service_is_refused_with_403(endpoint):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    code, body = status(endpoint, form(query=query))
    assert code == 403 and "SERVICE" in body


def test_over_long_query_is_refused_with_503_and_others_are_served(endpoint):
    answers = {}

    def slow():
        answers["slow"] = status(endpoint, form(query=SLOW))

    thread = threading.Thread(target=slow)
    thread.start()
    answers["fast"] = status(endpoint + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
    thread.join()
    assert answers["fast"] == (200, '{"head":{},"boolean":true}')
    assert answers["slow"][0] == 503 and "limit" in answers["slow"][1]
    assert status(endpoint + "?query=ASK%7B%7D")[0] == 200


def test_over_long_query_text_is_refused_with_413(endpoint):
    query = "ASK { " + "?s ?p ?o . " * 20_000 + "}"
    assert status(endpoint, form(query=query))[0] == 413


def test_errors_and_form(endpoint):
    root = endpoint.removesuffix("query")
    code, page = status(root)
    assert code == 200 and '<form method="get" action="query">' in page and "<script" not in page
    assert status(endpoint)[0] == 400
    assert status(endpoint + "?query=SELECT%20%3F")[0] == 400
    assert status(root + "nowhere")[0] == 404
    assert status(endpoint, b"x", {"Content-Type": "text/plain"})[0] == 415


@pytest.mark.parametrize("query,expected", [
    ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", True),
    ("select * where { service silent <http://x/> { ?s ?p ?o } }", True),
    ('SELECT * WHERE { ?s ?p "SERVICE" }', False),
    ("SELECT * WHERE { ?s <http://x/SERVICE> ?service . ?s ex:service ?o } # SERVICE", False),
    ('SELECT * WHERE { ?s ?p """ a "SERVICE" b """ }', False),
])
def test_uses_service(query, expected):
    assert uses_service(query) is expected


def test_ctrl_c_stops_cleanly():
    with tropekg_serve() as (url, process):
        assert status(url + "?query=ASK%7B%7D")[0] == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        log = process.stderr.read()
        assert '"GET /query" 200' in log and "tropekg: stopped" in log and "Traceback" not in log


def test_load_bench_runs_without_errors():
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "serve_load.py"), "--requests", "12",
                             "--clients", "2", "--json", "-"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    import json

    report = json.loads(result.stdout)
    assert report["requests"] == 12 and report["errors"] == 0
