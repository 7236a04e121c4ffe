"""validate.columnar_more against the SPARQL and analysis forms of its rules on random graphs drawn for them (the
case files, qSKOS's resources, planted defects, STW and UNESCO are tests/test_columnar.py's, which checks every
COLUMNAR rule); and the IRI test that lets invalid-iri look at few terms."""

from __future__ import annotations

import polars as pl
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tropekg.namespaces import PREFIXES
from tropekg.sources.reader import load
from tropekg.validate import runner
from tropekg.validate.columnar import columnar_hits
from tropekg.validate.columnar_more import _SURELY_VALID, FORMS
from tropekg.validate.columns import Columns
from tropekg.validate.entailment import entailed
from tropekg.validate.rules import Hit, all_rules
from tropekg.vocabulary import Vocabulary

RULES = [r for r in all_rules() if r.id in FORMS]
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_TK = "https://w3id.org/tropekg/ontology#"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SUB = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
_TRUE = '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'


def same_hits(triples: list[str], rules=RULES) -> int:
    """Each rule's columnar hits equal its store hits on a graph of N-Triples lines; returns the hits seen."""
    store = ox.Store()
    store.load("\n".join(triples).encode(), format=ox.RdfFormat.N_TRIPLES)
    vocab = Vocabulary(store, (), dict(PREFIXES))
    cols = Columns.of(vocab)
    seen = 0
    with entailed(vocab):
        for rule in rules:
            want = sorted(runner._hits(vocab, rule))
            assert sorted(columnar_hits(cols, rule)) == want, rule.id
            seen += len(want)
    return seen


# Nodes on two hosts and none (urc's test), a blank node, an undefined SKOS IRI (usr); the properties these rules
# read, one declared sub-property each of broader and narrower (entailed links), one outside SKOS.
_NODES = ["<https://ex.org/a>", "<https://ex.org/b>", "<https://ex.org/c>", "<https://other.org/d>", "<urn:x:e>",
          "_:b0", f"<{_SKOS}Foo>"]
_PROPS = [f"<{_SKOS}{p}>" for p in ("broader", "narrower", "broaderTransitive", "narrowerTransitive", "related",
                                    "exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch",
                                    "topConceptOf", "hasTopConcept", "inScheme", "member", "broaderr")]
_PROPS += ["<https://ex.org/myBroader>", "<https://ex.org/myNarrower>", "<https://ex.org/p>",
           "<http://www.w3.org/2002/07/owl#sameAs>", f"<{_TK}primaryBroader>"]
_CLASSES = [f"<{_SKOS}{c}>" for c in ("Concept", "ConceptScheme", "Collection", "OrderedCollection", "Bar")]
_CLASSES += ["<https://ex.org/Sub>", "<https://ex.org/SchemeSub>", "<https://ex.org/SchemeSubSub>", "_:b1"]
_AXIOMS = [
    f"<https://ex.org/myBroader> <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> <{_SKOS}broader> .",
    f"<https://ex.org/myNarrower> <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> <{_SKOS}narrower> .",
    f"<https://ex.org/Sub> {_SUB} <{_SKOS}Concept> .",
    f"<https://ex.org/SchemeSub> {_SUB} <{_SKOS}ConceptScheme> .",
    f"<https://ex.org/SchemeSubSub> {_SUB} <https://ex.org/SchemeSub> .",
    f"_:b1 {_SUB} <https://ex.org/SchemeSubSub> .",
    f"<https://ex.org/a> <http://www.w3.org/2002/07/owl#deprecated> {_TRUE} .",
    f"<https://ex.org/c> <http://www.w3.org/2002/07/owl#deprecated> {_TRUE} .",
]
_TRIPLE = st.one_of(
    st.tuples(st.sampled_from(_NODES), st.sampled_from(_PROPS), st.sampled_from([*_NODES, '"x"', '"y"@en'])),
    st.tuples(st.sampled_from(_NODES), st.just(_TYPE), st.sampled_from(_CLASSES)))


@settings(max_examples=60, deadline=None)
@given(st.lists(_TRIPLE, min_size=1, max_size=16), st.lists(st.sampled_from(_AXIOMS), unique=True))
def test_columnar_more_match_sparql_on_random_graphs(triples, axioms):
    same_hits([*(f"{s} {p} {o} ." for s, p, o in triples), *axioms])


# A denser hierarchy for hr and strc: stated and entailed links both ways, several parents a child, cycles.
_HIERARCHY = [f"<{_SKOS}{p}>" for p in ("broader", "narrower", "broadMatch", "narrowMatch", "broaderTransitive")]
_HIERARCHY += ["<https://ex.org/myBroader>", "<https://ex.org/myNarrower>"]
_SIX = [f"<https://ex.org/n{i}>" for i in range(6)]
_LINK = st.tuples(st.sampled_from(_SIX), st.sampled_from(_HIERARCHY), st.sampled_from(_SIX))


@settings(max_examples=60, deadline=None)
@given(st.lists(_LINK, min_size=2, max_size=20))
def test_hr_and_strc_match_on_random_hierarchies(links):
    same_hits([*(f"{s} {p} {o} ." for s, p, o in links), *_AXIOMS[:2]],
              [r for r in RULES if r.id in ("hr", "strc", "tchbc", "urc", "S46")])


def test_hr_names_the_least_witness_whatever_the_order_read():
    # c has three parents; a is above both b and d, so either names it redundant: both engines name b, the least
    # in code point order, though the store lists d first.
    lines = ["<https://ex.org/b> <{0}broader> <https://ex.org/a> .", "<https://ex.org/d> <{0}broader> <https://ex.org/a> .",
             "<https://ex.org/c> <{0}broader> <https://ex.org/a> .", "<https://ex.org/c> <{0}broader> <https://ex.org/b> .",
             "<https://ex.org/d> <{0}narrower> <https://ex.org/c> ."]
    store = ox.Store()
    store.load("\n".join(line.format(_SKOS) for line in lines).encode(), format=ox.RdfFormat.N_TRIPLES)
    vocab = Vocabulary(store, (), dict(PREFIXES))
    rule = next(r for r in RULES if r.id == "hr")
    with entailed(vocab):
        assert runner._hits(vocab, rule) == columnar_hits(Columns.of(vocab), rule) == [
            Hit("https://ex.org/c", ("https://ex.org/a",), ("https://ex.org/b",))]


def test_shacl_on_the_bundled_taxonomy_with_defects(tmp_path):
    # The taxonomy validates clean: with a trope's facets and links broken, pySHACL finds the same on the copy.
    broken = tmp_path / "broken.ttl"
    broken.write_text(f"""@prefix tk: <{_TK}> . @prefix skos: <{_SKOS}> .
<https://w3id.org/tropekg/id/x> a tk:Trope ; tk:counterpart <https://w3id.org/tropekg/id/y> ;
    tk:adult "yes" ; skos:prefLabel "x"@de .
<https://w3id.org/tropekg/id/y> a tk:Genre, tk:Trope ; tk:audience _:a .
_:a a tk:AudienceRating .
""", encoding="utf-8")
    vocab = load([*sorted((ROOT / "taxonomy").glob("*.ttl")), broken])
    cols = Columns.of(vocab)
    rule = next(r for r in RULES if r.id == "shacl")
    with entailed(vocab):
        want = sorted(runner._hits(vocab, rule))
    assert len(want) > 5 and sorted(columnar_hits(cols, rule)) == want


_IRI_CHARS = st.sampled_from(list("ab:/?#@%[]1 .-_~!$&'()*+,;=<>\"{}|\\^`") + ["\u00e9", "\ue000", "\x7f", "%2F"])


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["http:", "https://", "urn:", "a+b:", "1a:", "", "http://h:80"]), st.lists(_IRI_CHARS, max_size=12))
def test_an_iri_the_pattern_passes_is_valid(start, chars):
    text = start + "".join(chars)
    if pl.Series([text]).str.contains(_SURELY_VALID)[0]:
        ox.NamedNode(text)  # raises if the pattern let an invalid IRI through


@pytest.mark.parametrize("text", ["http://a:b/", "http://a/%zz", "http://[::1/", "a b:c", "http://a/ b"])
def test_the_pattern_leaves_invalid_iris_to_pyoxigraph(text):
    assert not pl.Series([text]).str.contains(_SURELY_VALID)[0]
