"""`validate --endpoint` and `query --endpoint`: the graph a real `oxigraph serve` holds gives the same findings and
answers as the file it came from (bundled taxonomy in the default graph, STW in a named graph), and a recording
proxy in front of the server shows where the queries ran; bad endpoints are one-line errors."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pyoxigraph as ox
import pytest

import tropekg
from tropekg.errors import TropekgError, UsageError
from tropekg.serve.publish import publish
from tropekg.sources.endpoint import read
from tropekg.sources.remote import connect
from tropekg.sources.resources import bundled_sources
from tropekg.validate.entailment import ENTAILED
from tropekg.validate.rules import all_rules

from .conftest import CASES, ROOT, shared
from .servers import oxigraph_serve, recording_proxy

STW_GRAPH = "https://example.org/graphs/stw"
SHAPES_GRAPH = "https://example.org/graphs/shapes-cases"
# hr names one witness (the ancestor "through" which), the first in statement order: an endpoint sends statements
# in its own order, so that witness may differ. (var names the least concept a pair meets at: the same anywhere.)
WITNESS_RULES = {"hr"}
WHOLE = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"  # the whole graph (RemoteVocabulary.whole), prefixes before it


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph")) as base:
        publish(tropekg.load(), base + "/store")
        yield base


def validate(*args: str) -> tuple[int, list[str]]:
    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), "validate", "-f", "json", *args],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, sorted(comparable(f) for f in json.loads(done.stdout)["findings"])


def comparable(finding: dict) -> str:
    """The finding without its place (an endpoint has no file:line) and message (an endpoint declares no prefixes,
    so IRIs are written out where a file's prefixes made CURIEs) and, for hr, without the witness."""
    drop = {"place", "message", "values"} if finding["rule"] in WITNESS_RULES else {"place", "message"}
    return json.dumps({k: v for k, v in finding.items() if k not in drop}, sort_keys=True)


@pytest.fixture
def proxy(store):
    with recording_proxy(store) as (base, seen):
        yield base + "/query", seen


def ran_there(seen: list[str], entailed: bool) -> dict[str, bool]:
    """Each default pattern rule that reads what SKOS entails (`# entailment: yes`, or the entailed graph by name)
    or not (`entailed`) -> whether its query went through the proxy."""
    sent = "\n".join(seen)
    return {r.id: r.sparql in sent for r in all_rules() if r.enabled and r.sparql and not r.analysis
            and (r.entailment or f"<{ENTAILED.value}>" in r.sparql) == entailed}


def test_bundled_taxonomy_from_the_endpoint_equals_the_files(proxy):
    url, seen = proxy
    assert validate("--endpoint", url) == validate()
    assert not any(WHOLE in q for q in seen)  # not read whole
    assert all(ran_there(seen, entailed=False).values())
    # Its own sub-properties of skos:related entail links: those rules ran on the copied SKOS statements.
    assert not any(ran_there(seen, entailed=True).values())


def test_shapes_on_the_endpoint_find_what_they_find_in_the_files(store, proxy):
    """Our SHACL shapes run on the copy validate.remote fetched (their queries never go to the endpoint), and find
    there what they find in the files: the bundled taxonomy with every shape's failing case."""
    url, seen = proxy
    files = [*bundled_sources(), *sorted((CASES / "shapes").glob("*.ttl"))]
    publish(tropekg.load(files), store + "/store", SHAPES_GRAPH)
    local = validate("--select", "shacl", *map(str, files))
    assert validate("--select", "shacl", "--endpoint", url, "--graph", SHAPES_GRAPH) == local
    # The cases share one concept IRI, so together they break fewer shapes than apart; still, many.
    assert len({json.loads(f)["others"][0] for f in local[1]}) >= 15
    assert not any("subClassOf>*" in q or WHOLE in q for q in seen)


def test_stw_in_a_named_graph_equals_the_file(store, proxy):
    url, seen = proxy
    stw = shared("vocabs", "stw-9.16.ttl")
    publish(tropekg.load([stw]), store + "/store", STW_GRAPH)
    local = validate(str(stw))
    assert validate("--endpoint", url, "--graph", STW_GRAPH) == local
    assert len(local[1]) > 1000  # STW has thousands of findings: the comparison is not empty
    # STW's zbwext:useInsteadNote values are blank nodes, which no later query can name: it was read whole.
    assert any(WHOLE in q for q in seen)


def test_stw_without_blank_nodes_runs_at_the_endpoint(store, proxy, tmp_path):
    url, seen = proxy
    stw = tropekg.load([shared("vocabs", "stw-9.16.ttl")])
    stw.store.update("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }")
    stw.store.dump(tmp_path / "stw.nt", format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    publish(tropekg.load([tmp_path / "stw.nt"]), store + "/store", STW_GRAPH + "-plain")
    local = validate(str(tmp_path / "stw.nt"))
    assert validate("--endpoint", url, "--graph", STW_GRAPH + "-plain") == local
    assert not any(WHOLE in q for q in seen)
    assert all(ran_there(seen, entailed=False).values())


def test_bad_endpoints_say_where(store):
    with pytest.raises(UsageError, match=r"^--endpoint ftp://x: give the SPARQL endpoint's http\(s\) URL"):
        read("ftp://x")
    with pytest.raises(UsageError, match=r"^--graph not an iri: give an absolute IRI"):
        read(store + "/query", "not an iri")
    with pytest.raises(TropekgError, match=r"^--endpoint http://127\.0\.0\.1:9/query: cannot reach it"):
        read("http://127.0.0.1:9/query")
    with pytest.raises(TropekgError, match=r"^--endpoint .*/store: the query for the graph was refused: 415 "):
        read(store + "/store")
    with pytest.raises(UsageError, match=r"^--endpoint .*: give FILES or --endpoint, not both \(a\.ttl\)"):
        read(store + "/query", files=("a.ttl",))
    with pytest.raises(UsageError, match=r"^--endpoint .*: give FILES or --endpoint, not both \(a\.ttl\)"):
        connect(store + "/query", files=("a.ttl",))
    with pytest.raises(UsageError, match=r"^--graph not an iri: give an absolute IRI"):
        connect(store + "/query", "not an iri")
    with pytest.raises(TropekgError, match=r"^--endpoint .*/store: the query was refused: 4\d\d "):
        connect(store + "/store").query("ASK {}")
    with socket.socket() as silent:  # listens, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        with pytest.raises(TropekgError, match=r"^--endpoint .*/query: no complete answer \(timed out\)$"):
            connect(url, timeout=0.5).query("ASK {}")


def test_bad_endpoints_are_one_line_and_exit_2(run):
    for command in (["validate"], ["query", "ASK {}"]):
        done = run(*command, "--endpoint", "http://127.0.0.1:9/query")
        assert done.exit_code == 2
        assert done.stderr == ("tropekg: error: --endpoint http://127.0.0.1:9/query: cannot reach it (Connection "
                               "refused); is it running?\n")


def test_every_shipped_query_answers_the_same_from_the_endpoint(proxy, run):
    from tropekg.query.sparql import named_queries

    url, seen = proxy
    for name, shipped in named_queries().items():
        args = ["query", "--name", name, *(f"--param={k}={v}" for k, v in shipped.examples.items())]
        local, before = run(*args), len(seen)
        remote = run(*args, "--endpoint", url)
        assert (remote.exit_code, remote.stdout) == (local.exit_code, local.stdout), name
        # The query itself went there (its parameters bound in a VALUES block after the WHERE's brace), followed
        # at most by the probe for a result limit.
        body = shipped.text.rsplit("WHERE {", 1)[-1].rsplit("}", 1)[0]
        assert any(body in q for q in seen[before:]), name
        for fmt in ("json", "csv") if not shipped.params else ():
            assert run(*args, "-f", fmt, "--endpoint", url).stdout == run(*args, "-f", fmt).stdout, (name, fmt)
    assert not any(WHOLE in q for q in seen)


def test_an_endpoint_that_cuts_answers_short_is_read_in_pages_parts_or_an_error(store, run):
    # Virtuoso answers 200 with the first ResultSetMaxRows rows (10,000 by default) and says nothing.
    with recording_proxy(store, cap=50) as (url, seen):
        # A graph over the cap: validate reads it in pages of the cap (LIMIT/OFFSET) and checks the copy.
        assert validate("--endpoint", url + "/query") == validate()
        assert any(q.rstrip().endswith(f"{WHOLE} LIMIT 50 OFFSET 50") for q in seen)
        assert not any("MD5(" in q for q in seen)
        # Any other cut answer (validate's, parts on) is read again in parts filtered by a hash.
        vocab = connect(url + "/query")
        vocab.parts = True
        labels = "SELECT ?s ?o WHERE { ?s skos:prefLabel ?o }"
        assert sorted(vocab.text_rows(labels)) == sorted(tropekg.load().text_rows(labels))
        assert any('STRSTARTS(MD5(STR(?s)), "a")' in q for q in seen)
        done = run("query", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "--endpoint", url + "/query")
    assert done.exit_code == 2  # a query's answer in parts would lose its order: the cut is an error
    assert done.stderr == (f"tropekg: error: --endpoint {url}/query: an answer stopped at 50 rows, and the endpoint "
                           "cuts every answer at 50 (a result limit such as Virtuoso's ResultSetMaxRows); raise "
                           "that limit, or validate a dump of the graph\n")
