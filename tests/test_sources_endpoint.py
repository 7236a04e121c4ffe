"""`validate --endpoint`: the graph a real `oxigraph serve` holds gives the same findings as the file it came
from (bundled taxonomy in the default graph, STW in a named graph); bad endpoints are one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import tropekg
from tropekg.errors import TropekgError, UsageError
from tropekg.serve.publish import publish
from tropekg.sources.endpoint import read

from .conftest import ROOT, shared
from .servers import oxigraph_serve

STW_GRAPH = "https://example.org/graphs/stw"
# hr and var name one witness (the ancestor "through" which, the parent "under" which): hr the first in statement
# order, var any one (SAMPLE). An endpoint sends statements in its own order, so only the witness may differ.
WITNESS_RULES = {"hr", "var"}


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
    so IRIs are written out where a file's prefixes made CURIEs) and, for hr and var, without the witness."""
    drop = {"place", "message", "values"} if finding["rule"] in WITNESS_RULES else {"place", "message"}
    return json.dumps({k: v for k, v in finding.items() if k not in drop}, sort_keys=True)


def test_bundled_taxonomy_from_the_endpoint_equals_the_files(store):
    assert validate("--endpoint", store + "/query") == validate()


def test_stw_in_a_named_graph_equals_the_file(store):
    stw = shared("vocabs", "stw-9.16.ttl")
    publish(tropekg.load([stw]), store + "/store", STW_GRAPH)
    local = validate(str(stw))
    assert validate("--endpoint", store + "/query", "--graph", STW_GRAPH) == local
    assert len(local[1]) > 1000  # STW has thousands of findings: the comparison is not empty


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


def test_every_shipped_query_answers_the_same_from_the_endpoint(store, run):
    from tropekg.query.sparql import named_queries

    for name, shipped in named_queries().items():
        args = ["query", "--name", name, *(f"--param={k}={v}" for k, v in shipped.examples.items())]
        local, remote = run(*args), run(*args, "--endpoint", store + "/query")
        assert (remote.exit_code, remote.stdout) == (local.exit_code, local.stdout), name
