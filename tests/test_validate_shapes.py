"""Our SHACL shapes: the bundled taxonomy conforms, every shape has a case that makes it fail, and the native
checker (tropekg.validate.shapes) gives pySHACL's results on every case file and on random graphs."""

from __future__ import annotations

import functools
import re

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tropekg
from tropekg.errors import LoadError
from tropekg.namespaces import DCTERMS, OWL, RDF, RDFS, SKOS, TK, TKID, TKSH, XSD
from tropekg.sources.resources import bundled_sources, ontology_file
from tropekg.validate.shapes import check_shapes, shapes_results
from tropekg.vocabulary import Vocabulary

from .conftest import CASES, ROOT

CASE_FILES = sorted((CASES / "shapes").glob("*.ttl"))
SHAPES = ontology_file("shapes.ttl")
COMPONENTS = CASES / "shapes-components"


def header(path, key):
    for line in path.read_text(encoding="utf-8").splitlines()[:3]:
        if line.startswith(f"# {key}:"):
            return {TKSH + name.split(":", 1)[1] for name in line.split(":", 1)[1].split()}
    return set()


def test_bundled_taxonomy_conforms(bundled):
    assert check_shapes(bundled) == []


@pytest.mark.parametrize("case", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case_fails_exactly_its_shape(case):
    results = check_shapes(tropekg.load([*bundled_sources(), case]))
    assert {r.shape for r in results} == header(case, "shape")
    written = {row[0].value for row in tropekg.load([case]).rows("SELECT DISTINCT ?s WHERE { ?s ?p ?o }")}
    assert {r.focus for r in results} <= written  # only what the case file writes about is reported
    assert all(r.message for r in results)


def test_every_shape_has_a_failing_case():
    text = ontology_file("shapes.ttl").read_text(encoding="utf-8")
    declared = {TKSH + name for name in re.findall(r"^tksh:([\w-]+)\s*$", text, re.M)}
    covered = set().union(*(header(p, "shape") | header(p, "exercises") for p in CASE_FILES))
    assert declared - covered == set()


def test_foreign_vocabularies_skip_pyshacl(tmp_path):
    path = tmp_path / "v.ttl"
    path.write_text('<http://x/a> a <http://www.w3.org/2004/02/skos/core#Concept> .\n')
    assert check_shapes(tropekg.load([path])) == []


def test_graph_size_during_validate_is_the_default_graphs():
    """pySHACL sizes the data graph per result; the store-count shortcut must give oxrdflib's own count while
    validate's entailed triples sit in a named graph of their own."""
    from oxrdflib import OxigraphStore

    from tropekg.validate.entailment import entailed

    vocab = tropekg.load()
    with entailed(vocab) as added:
        assert added > 0 and next(iter(vocab.store.named_graphs()), None) is not None
        stated = int(next(iter(vocab.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0].value)
        assert len(vocab.graph) == OxigraphStore.__len__(vocab.graph.store, vocab.graph) == stated
        assert len(vocab.store) == stated + added


# --- the native checker against pySHACL ------------------------------------------------------------------------

def pyshacl_results(vocab: Vocabulary, shapes) -> set[tuple]:
    """pySHACL's top-level results as (focus, shape, severity, path, value, messages): the reference. The shape is
    named as ShapeResult names it. `messages` is a set: pySHACL gives a SPARQL constraint's result both the
    constraint's sh:message and its shape's, where the native checker gives the constraint's."""
    import pyshacl
    import rdflib

    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    severity = {sh.Violation: "error", sh.Warning: "warning", sh.Info: "info"}
    graph = rdflib.Graph(bind_namespaces="none").parse(shapes, format="turtle")
    _, report, _ = pyshacl.validate(vocab.graph, shacl_graph=graph, inference="none", advanced=True,
                                    allow_warnings=True, inplace=True)
    found = set()
    for res in report.objects(None, sh.result):  # top-level only: sh:detail results are typed results too
        shape = report.value(res, sh.sourceConstraint)
        if not isinstance(shape, rdflib.URIRef):
            shape = report.value(res, sh.sourceShape)
        if isinstance(shape, rdflib.BNode):
            shape = next((s for s in graph.subjects(None, shape) if isinstance(s, rdflib.URIRef)), shape)
        path, value = report.value(res, sh.resultPath), report.value(res, sh.value)
        focus = report.value(res, sh.focusNode)
        messages = {str(m) for m in report.objects(res, sh.resultMessage)}
        for node in (focus, value):  # ShapeResult writes a blank node "_:id", in its messages too
            if isinstance(node, rdflib.BNode):
                messages = {re.sub(rf"(?<![\w:]){re.escape(str(node))}(?!\w)", f"_:{node}", m) for m in messages}
        found.add((text(focus), str(shape), severity[report.value(res, sh.resultSeverity)],
                   str(path) if isinstance(path, rdflib.URIRef) else None, None if value is None else text(value),
                   frozenset(messages)))
    return found


def text(node) -> str:
    """An rdflib term as ShapeResult writes its terms (a blank node as "_:id")."""
    import rdflib

    return f"_:{node}" if isinstance(node, rdflib.BNode) else str(node)


def assert_as_pyshacl(vocab: Vocabulary, shapes=SHAPES) -> list:
    native = shapes_results(vocab, shapes)
    reference = pyshacl_results(vocab, shapes)
    assert {(r.focus, r.shape, r.severity, r.path, r.value) for r in native} == {r[:5] for r in reference}
    messages = {r[:5]: r[5] for r in reference}
    assert all(r.message in messages[(r.focus, r.shape, r.severity, r.path, r.value)] for r in native)
    return native


def test_bundled_taxonomy_as_pyshacl(bundled):
    assert assert_as_pyshacl(bundled) == []


@pytest.mark.parametrize("case", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case_as_pyshacl(case):
    assert assert_as_pyshacl(tropekg.load([*bundled_sources(), case]))


def test_other_components_as_pyshacl():
    """The SHACL components our shapes do not use yet, on data that breaks and keeps each."""
    results = assert_as_pyshacl(tropekg.load([COMPONENTS / "data.ttl"]), COMPONENTS / "shapes.ttl")
    declared = {t.subject.value for t in ox.parse(path=str(COMPONENTS / "shapes.ttl"), format=ox.RdfFormat.TURTLE)
                if isinstance(t.subject, ox.NamedNode) and t.predicate.value.startswith("http://www.w3.org/ns/shacl#")
                and t.predicate.value.rsplit("#", 1)[1] in ("path", "targetClass", "targetNode", "targetSubjectsOf",
                                                              "targetObjectsOf", "select")}
    quiet = {"http://example.org/shapes#" + n for n in ("Off", "Named", "ThingShape", "ObjectsShape")}
    # (those report by the shapes they hold, or are nested or deactivated)
    assert declared - quiet <= {r.shape for r in results}
    assert "http://example.org/shapes#Off" not in {r.shape for r in results}
    assert {r.severity for r in results} == {"error", "warning"}


def typed(text: str, datatype: str) -> str:
    return f'"{text}"^^<{XSD}{datatype}>'


def _nt(term: str) -> str:
    return term if term.startswith(("<", "_:", '"')) else f"<{term}>"


@functools.cache
def bundled_lines() -> list[str]:
    return sorted(f"{q.subject} {q.predicate} {q.object} ." for q in tropekg.load().store)


NODES = [TKID + n for n in ("netorare", "netori", "netorase", "case", "romance", "anime", "jealousy", "tropes",
                            "perspective", "perspective-partner-lost", "perspective-partner-taker", "consent",
                            "consent-mutual", "audience", "audience-adult", "audience-teen")] + [TK + "Sub", "_:b"]
CLASSES = [TK + c for c in ("Trope", "Genre", "Theme", "Medium", "NarrativeUse", "FacetValue", "PerspectiveValue",
                            "ConsentValue", "AudienceRating", "Facet", "Sub")]
PROPERTIES = [RDF + "type", RDFS + "subClassOf", DCTERMS + "isReplacedBy", OWL + "deprecated"] + [
    SKOS + p for p in ("prefLabel", "definition", "inScheme", "broader", "related")] + [
    TK + p for p in ("gloss", "spoilerLevel", "primaryBroader", "perspective", "consent", "audience", "adult",
                     "commonIn", "exploresTheme", "narrativeUse", "counterpart", "contrastsWith", "oftenConfusedWith")]
LITERALS = ['"x"@en', '"y"@en', '"x"@en-GB', '"x"@EN-us', '"y"@ja', '"x"', typed("0", "integer"),
            typed("2", "integer"), typed("5", "integer"), typed("-1", "integer"),
            typed("abc", "integer"), typed("2.5", "integer"), typed("1.5", "decimal"),
            typed("true", "boolean"), typed("false", "boolean"), typed("1", "boolean")]
# Not '"yes"^^xsd:boolean': rdflib reads it as "false", so pySHACL's SPARQL results would name a value the data does
# not hold (tests/cases/shapes/trope-adult.ttl has it, as a value pySHACL reports as written).


@settings(max_examples=100, deadline=None)
@given(dropped=st.sets(st.integers(0, 10_000), max_size=12),
       added=st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(PROPERTIES),
                                st.sampled_from(NODES + CLASSES + LITERALS)), max_size=12))
def test_random_graphs_as_pyshacl(dropped, added):
    """The bundled taxonomy with statements dropped and drawn: types, subclasses, labels, facets and literals
    well and ill typed, blank nodes; the native checker and pySHACL agree on every one."""
    lines = bundled_lines()
    kept = [line for i, line in enumerate(lines) if i % len(lines) not in {d % len(lines) for d in dropped}]
    kept += [f"{_nt(s)} <{p}> {_nt(o)} ." for s, p, o in added]
    store = ox.Store()
    store.extend(ox.parse("\n".join(kept).encode(), format=ox.RdfFormat.N_TRIPLES))
    assert_as_pyshacl(Vocabulary(store, (), {}))


EX = "http://example.org/"
EX_NODES = [EX + n for n in ("a", "b", "c", "d", "forbidden", "red", "green", "Thing", "Widget")] + ["_:b"]
EX_PROPERTIES = [RDF + "type", RDFS + "subClassOf"] + [EX + p for p in (
    "size", "code", "name", "label", "when", "amount", "parent", "kind", "either", "both", "xone", "few")]
EX_LITERALS = ['"blue"', '"red"@en', '"bonjour"@fr', '"ab-12"', '"abcdefghij-1"', typed("3", "integer"),
               typed("10", "integer"), typed("0.5", "decimal"), typed("2024-02-03", "date"),
               typed("5", "integer"), '"7"']


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(EX_NODES), st.sampled_from(EX_PROPERTIES),
                          st.sampled_from(EX_NODES + EX_LITERALS)), max_size=15))
def test_random_graphs_as_pyshacl_other_components(added):
    store = tropekg.load([COMPONENTS / "data.ttl"]).store
    store.extend(ox.parse("\n".join(f"{_nt(s)} <{p}> {_nt(o)} ." for s, p, o in added).encode(),
                          format=ox.RdfFormat.N_TRIPLES))
    assert_as_pyshacl(Vocabulary(store, (), {}), COMPONENTS / "shapes.ttl")


def test_terms_no_query_can_hold(tmp_path):
    """IRIs the lenient parse lets through (with "{", "|", '"', "^"), a NUL in a literal and a blank node reach the
    comparisons and patterns through the value pattern, never as query text. (pySHACL cannot take such IRIs:
    oxrdflib refuses them, so its results are not the reference here.)"""
    path = tmp_path / "odd.ttl"
    path.write_text(f"""@prefix tk: <{TK}> .
<http://x/t{{1}}> a tk:Trope ; tk:spoilerLevel <http://x/v{{2}}|"^>, "x\\u0000y", [ ], 1 ;
    tk:audience <http://x/a^b> ; tk:counterpart <http://x/t{{1}}> .
""", encoding="utf-8")
    vocab = tropekg.load([path], lenient=True)  # as validate reads
    assert vocab.invalid_iris
    found = {(r.shape.rsplit("#", 1)[1], r.value) for r in check_shapes(vocab)}
    spoilers = {value for shape, value in found if shape == "Concept-spoilerLevel"}
    assert len(spoilers) == 4 and {'http://x/v{2}|"^', "x\x00y", None} < spoilers  # and the blank node; not 1
    assert {("Trope-audience", "http://x/a^b"), ("Trope-subPropertiesStateRelated", "http://x/t{1}")} < found
    assert not any(shape == "Trope-counterpartSymmetric" for shape, _ in found)  # it names itself back


def test_blank_nodes_are_named_stably_by_both_engines(tmp_path):
    """Blank-node tropes: their findings, and the messages of ours that name them, use validate's stable names
    (Oxigraph ids blank nodes afresh on every load), the same in each run and by both engines; a datatype IRI the
    lenient read lets through passes the columnar coder too."""
    import json
    import subprocess
    import sys

    path = tmp_path / "blank.ttl"
    path.write_text(f"""@prefix tk: <{TK}> . @prefix rdfs: <{RDFS}> .
tk:A rdfs:subClassOf tk:Trope . tk:Trope rdfs:subClassOf tk:A .
[] a tk:A ; tk:counterpart [ a tk:Genre ] ; tk:spoilerLevel "1"^^<http://x/{{d}}> .
""", encoding="utf-8")
    outs = []
    for engine in ("store", "columns", "store"):
        done = subprocess.run([sys.executable, str(ROOT / "cli.py"), "validate", "--select", "shacl", "--engine",
                               engine, "-f", "json", str(path)], capture_output=True, text=True, timeout=120)
        assert (done.returncode, done.stderr) == (1, "")
        outs.append(done.stdout)
    assert outs[0] == outs[1] == outs[2]
    findings = json.loads(outs[0])["findings"]
    assert findings and all(f["focus"].startswith("_:b") for f in findings)  # stable names, not Oxigraph's ids
    symmetric = next(f for f in findings if f["others"] == [TKSH + "Trope-counterpartSymmetric"])
    assert re.fullmatch(r"names (_:b\w+) as tk:counterpart, but \1 does not name it back \(the link is symmetric\)",
                        symmetric["message"])


def test_entailed_triples_are_not_read(bundled):
    """validate entails SKOS into a named graph of its own; shapes read the stated triples, as pySHACL did."""
    from tropekg.validate.entailment import entailed

    vocab = tropekg.load([*bundled_sources(), CASES / "shapes" / "trope-counterpart-symmetric.ttl"])
    before = check_shapes(vocab)
    with entailed(vocab):
        assert check_shapes(vocab) == before != []


# --- what the native checker refuses -----------------------------------------------------------------------------

REFUSED = [
    ("ex:S sh:targetClass ex:T ; sh:closed true ; sh:message \"m\" .",
     "shape http://example.org/S uses <http://www.w3.org/ns/shacl#closed>, which tropekg's SHACL checker does not "
     "implement; use one of SHACL Core's value, cardinality, range, string, logical or shape components, or a "
     "SPARQL constraint"),
    ("ex:S sh:targetClass ex:T ; sh:nodeKind sh:Literal .",
     "shape http://example.org/S reports without an sh:message; every shape of ours says what is wrong in words"),
    ("ex:S sh:targetClass ex:T ; sh:sparql ex:C . ex:C sh:message \"m\" ; sh:select \"SELECT ?x WHERE { ?x ?p ?o }\" .",
     "http://example.org/C: the query must start with SELECT and select $this, bound by its own pattern "
     "($currentShape and $shapesGraph are not bound)"),
    ("ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:T ] ; "
     "sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ; sh:message \"m\" ] .",
     "shape http://example.org/S uses sh:qualifiedValueShapesDisjoint, which tropekg's SHACL checker does not "
     "implement"),
]


@pytest.mark.parametrize("shape, message", REFUSED, ids=["closed", "no-message", "select-without-this", "disjoint"])
def test_refused_shapes_name_the_shape(tmp_path, shape, message):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .\n" + shape)
    data = tmp_path / "data.ttl"
    data.write_text("<http://example.org/x> a <http://example.org/T> .\n")
    with pytest.raises(LoadError) as e:
        shapes_results(tropekg.load([data]), shapes)
    assert str(e.value) == f"{shapes}: {message}"


def test_validate_does_not_import_pyshacl(tmp_path):
    """The bundled taxonomy validates without rdflib or pySHACL: their import was most of its time."""
    import subprocess
    import sys

    code = ("import sys, tropekg; from tropekg.validate import validate; validate(tropekg.load()); "
            "print(sorted(m for m in ('rdflib', 'pyshacl') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]"
