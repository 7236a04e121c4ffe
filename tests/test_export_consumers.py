"""The release as `build` writes it, read by consumers that do no reasoning and fetch nothing: rdflib and PyLD,
pySHACL with SkoHub Vocabs' shape, and a real `oxigraph serve` answering a SKOS browser's queries (issue 12)."""

from __future__ import annotations

import json
import socket
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

import tropekg
from tropekg.release import build_release

from .exporting import assert_isomorphic, refuse_fetch
from .servers import oxigraph, oxigraph_serve, tropekg_serve

# SkoHub Vocabs' requirements restated as SHACL (tests/cases/consumers/skohub-requirements.ttl says how)
SKOHUB_SHAPE = Path(__file__).resolve().parent / "cases" / "consumers" / "skohub-requirements.ttl"
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
TKID = "https://w3id.org/tropekg/id/"


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("consumers") / "release"
    report, manifest = build_release(tropekg.load(), out)
    assert manifest is not None, report.summary
    return out


@pytest.fixture(scope="module")
def ntriples(release) -> rdflib.Graph:
    return rdflib.Graph().parse(release / "tropekg.nt", format="nt")


@pytest.fixture
def offline(monkeypatch):
    """No network: any attempt to open a socket to another host fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"a consumer tried to reach the network: {args[1:] or kwargs}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("name", ["tropekg.jsonld", "tropekg.expanded.jsonld"])
def test_rdflib_reads_the_jsonld_offline_as_the_ntriples(release, ntriples, offline, name):
    graph = rdflib.Graph().parse(release / name, format="json-ld")
    assert_isomorphic(graph, ntriples, f"rdflib {name}")


@pytest.mark.parametrize("name", ["tropekg.jsonld", "tropekg.expanded.jsonld"])
def test_pyld_reads_the_jsonld_without_fetching_as_the_ntriples(release, ntriples, offline, name):
    from pyld import jsonld

    doc = json.loads((release / name).read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": refuse_fetch})
    assert_isomorphic(rdflib.Graph().parse(data=nquads, format="nquads"), ntriples, f"PyLD {name}")


def test_jsonld_stays_plain_json(release):
    doc = json.loads((release / "tropekg.jsonld").read_text(encoding="utf-8"))
    netorare = next(node for node in doc["@graph"] if node["@id"] == "tkid:netorare")
    assert netorare["prefLabel"] == {"en": "Netorare", "ja": "寝取られ", "ja-latn": "netorare"}
    assert netorare["type"] == ["Concept", "Trope"]


OX_FORMATS = {"tropekg.ttl": ox.RdfFormat.TURTLE, "tropekg.nt": ox.RdfFormat.N_TRIPLES,
              "tropekg.nq": ox.RdfFormat.N_QUADS, "tropekg.trig": ox.RdfFormat.TRIG, "tropekg.rdf": ox.RdfFormat.RDF_XML,
              "tropekg.jsonld": ox.RdfFormat.JSON_LD, "tropekg.expanded.jsonld": ox.RdfFormat.JSON_LD}
COUNT_TYPED = {"concepts": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a skos:Concept }",
               "schemes": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a skos:ConceptScheme }"}


@pytest.mark.parametrize("name", sorted(OX_FORMATS))
def test_every_rdf_file_states_the_types_stats_counts(release, bundled, name):
    store = ox.Store()
    store.bulk_load(path=str(release / name), format=OX_FORMATS[name], to_graph=ox.DefaultGraph())
    prefix = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    counted = {what: int(next(iter(store.query(prefix + query, use_default_graph_as_union=True)))[0].value)
               for what, query in COUNT_TYPED.items()}
    stats = tropekg.stats(bundled)
    assert counted == {"concepts": stats["concepts"], "schemes": len(stats["schemes"])} == {"concepts": 40,
                                                                                            "schemes": 8}


def test_serve_counts_the_types_stats_counts(bundled):
    with tropekg_serve() as (url, _):
        counted = {what: int(ask(url, query)[0][0]) for what, query in COUNT_TYPED.items()}
    stats = tropekg.stats(bundled)
    assert counted == {"concepts": stats["concepts"], "schemes": len(stats["schemes"])}


def skohub(data: rdflib.Graph) -> list[tuple[str, str, str]]:
    """pySHACL with SkoHub Vocabs' shape, no inference (SkoHub does none): (severity, focus, message) per result."""
    import pyshacl

    shapes = rdflib.Graph().parse(SKOHUB_SHAPE, format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    return sorted((str(report.value(r, sh.resultSeverity)).rsplit("#", 1)[-1], str(report.value(r, sh.focusNode)),
                   str(report.value(r, sh.resultMessage))) for r in report.subjects(rdflib.RDF.type, sh.ValidationResult))


def test_skohub_shape_finds_nothing_in_the_release(release):
    data = rdflib.Graph().parse(release / "tropekg.ttl", format="turtle")
    assert skohub(data) == []


def test_skohub_shape_reaches_every_concept_and_scheme(release, ntriples):
    # A shape that targets nothing also reports nothing: plant one defect per concept (a notation that is not a
    # string) and per scheme (no licence) and expect it found on each of them.
    concepts = json.loads((release / "manifest.json").read_text(encoding="utf-8"))["concepts"]
    data = rdflib.Graph().parse(release / "tropekg.ttl", format="turtle")
    stated = set(data.subjects(rdflib.RDF.type, SKOS.Concept))
    schemes = set(data.subjects(rdflib.RDF.type, SKOS.ConceptScheme))
    for concept in stated:
        data.add((concept, SKOS.notation, rdflib.Literal(1)))
    data.remove((None, rdflib.DCTERMS.license, None))
    results = skohub(data)
    assert {focus for severity, focus, _ in results if severity == "Violation"} == {str(c) for c in stated}
    assert {focus for severity, focus, _ in results if severity == "Warning"} == {str(s) for s in schemes}
    assert (len(stated), len(schemes)) == (concepts, 8) == (40, 8)


@pytest.fixture(scope="module")
def browser_endpoint(release, tmp_path_factory):
    """The release's Turtle loaded by `oxigraph load` into a store that `oxigraph serve` then answers from."""
    location = tmp_path_factory.mktemp("oxigraph-release")
    subprocess.run([oxigraph(), "load", "--location", str(location), "--file", str(release / "tropekg.ttl")],
                   check=True, capture_output=True)
    with oxigraph_serve(location) as base:
        yield base + "/query"


def ask(endpoint: str, query: str) -> list[tuple[str, ...]]:
    """A SELECT over HTTP as a SKOS browser sends it: sorted rows of values."""
    body = urllib.parse.urlencode({"query": "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" + query})
    request = urllib.request.Request(endpoint, data=body.encode(), headers={
        "Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as response:
        results = ox.parse_query_results(response.read(), format=ox.QueryResultsFormat.JSON)
    return sorted(tuple(term.value for term in row) for row in results)


def local(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    return sorted(tuple(v.removeprefix(TKID) for v in row) for row in rows)


def test_browser_lists_the_schemes_with_their_titles(browser_endpoint):
    rows = ask(browser_endpoint, """SELECT ?s ?title WHERE { ?s a skos:ConceptScheme ;
        <http://purl.org/dc/terms/title> ?title FILTER(LANGMATCHES(LANG(?title), "en")) }""")
    assert local(rows) == [("audience", "Audience"), ("consent", "Consent"), ("genres", "Genres"), ("media", "Media"),
                           ("narrative-uses", "Narrative uses"), ("perspective", "Perspective"),
                           ("themes", "Themes"), ("tropes", "Tropes")]


def test_browser_finds_the_top_concepts_of_each_scheme(browser_endpoint, bundled):
    rows = ask(browser_endpoint, "SELECT ?s ?top WHERE { ?s a skos:ConceptScheme ; skos:hasTopConcept ?top . "
                                 "?top a skos:Concept }")
    stated = bundled.rows("SELECT ?s ?top WHERE { ?s skos:hasTopConcept ?top }")
    assert rows == sorted((s.value, top.value) for s, top in stated)
    assert (TKID + "media", TKID + "anime") in rows and len(rows) == 32


def test_browser_counts_concepts_per_scheme_as_stats(browser_endpoint, bundled):
    rows = ask(browser_endpoint, "SELECT ?s (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a skos:Concept ; "
                                 "skos:inScheme ?s } GROUP BY ?s")
    counts = {f"tkid:{s.removeprefix(TKID)}": int(n) for s, n in rows}
    assert counts == tropekg.stats(bundled)["schemes"]


def test_browser_walks_broader_and_narrower(browser_endpoint):
    broader = ask(browser_endpoint, f"SELECT ?b WHERE {{ <{TKID}netorare> a skos:Concept ; skos:broader ?b . "
                                    "?b a skos:Concept }")
    narrower = ask(browser_endpoint, f"SELECT ?n WHERE {{ <{TKID}ntr-family> a skos:Concept ; skos:narrower ?n . "
                                     "?n a skos:Concept }")
    assert local(broader) == [("infidelity",), ("ntr-family",)]
    assert local(narrower) == [("netorare",), ("netorase",), ("netori",)]


@pytest.mark.parametrize(("lang", "label"), [("en", "Netorare"), ("ja", "寝取られ"), ("ja-Latn", "netorare")])
def test_browser_reads_labels_by_language(browser_endpoint, lang, label):
    rows = ask(browser_endpoint, f"""SELECT ?label WHERE {{ <{TKID}netorare> a skos:Concept ;
        skos:prefLabel ?label FILTER(LCASE(LANG(?label)) = "{lang.lower()}") }}""")
    assert rows == [(label,)]
