"""Property: for random vocabularies within what the table carries, export -> import -> export gives the same
bytes, as CSV and as XLSX."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tropekg
from tropekg.export import render
from tropekg.ingest import read
from tropekg.model import FACETS, MAPPINGS
from tropekg.namespaces import DCTERMS, OWL, RDF, SKOS, TK, XSD
from tropekg.vocabulary import Vocabulary

EX = "http://example.org/v/"
TRUE = ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
TRICKY = ["|", "\\", "=", "+", "-", "@", "'", "\t", "\r", "\n", ",", '"', " ", "\u3000", "寝取られ", "'=", "\\|"]
texts = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(st.characters(blacklist_categories=("Cs",)), max_size=4)),
                 max_size=4).map("".join)
# Links in both directions (broader and narrower, inScheme and hasTopConcept), so cells mix direct and inverse ones.
LINKS = [SKOS + "broader", SKOS + "narrower", SKOS + "related", SKOS + "inScheme", SKOS + "hasTopConcept",
         TK + "commonIn", TK + "exploresTheme", DCTERMS + "isReplacedBy", *FACETS.values()]


@st.composite
def vocabularies(draw) -> list[ox.Quad]:
    n = draw(st.integers(1, 6))
    nodes = [ox.NamedNode(f"{EX}c{i}") for i in range(n)]
    targets = st.sampled_from([*nodes, ox.NamedNode(EX + "scheme"), ox.NamedNode(EX + "elsewhere")])
    quads = []
    for node in nodes:
        def add(p: str, o) -> None:
            quads.append(ox.Quad(node, ox.NamedNode(p), o))  # noqa: B023 (used at once)

        add(RDF + "type", ox.NamedNode(draw(st.sampled_from([SKOS + "Concept", TK + "Trope"]))))
        add(SKOS + "prefLabel", ox.Literal(draw(texts), language="en"))
        for alt in draw(st.lists(texts, max_size=3)):
            add(SKOS + "altLabel", ox.Literal(alt, language="en"))
        definition = draw(st.none() | texts)
        if definition is not None:
            add(SKOS + "definition", ox.Literal(definition, language="en"))
        for p in draw(st.lists(st.sampled_from(LINKS), max_size=4)):
            add(p, draw(targets))
        for rel in draw(st.lists(st.sampled_from(MAPPINGS), max_size=2)):
            add(SKOS + rel, ox.NamedNode("https://vndb.org/g" + str(draw(st.integers(1, 9)))))
        if draw(st.booleans()):
            add(TK + "adult", TRUE)
        if draw(st.booleans()):
            add(OWL + "deprecated", TRUE)
    return quads


def vocabulary(quads: list[ox.Quad]) -> Vocabulary:
    store = ox.Store()
    store.extend(quads)
    return Vocabulary(store, (), {})


def round_trip(fmt: str, quads: list[ox.Quad]) -> None:
    options = tropekg.ExportOptions(include_deprecated=True)
    table = render(vocabulary(quads), fmt, options)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"t.{fmt}"
        path.write_bytes(table)
        again = render(read(fmt, path).vocab, fmt, options)
    assert again == table


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vocabularies())
def test_csv_round_trip(quads):
    round_trip("csv", quads)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vocabularies().filter(lambda qs: not any(NOT_XML.search(q.object.value) for q in qs
                                                if isinstance(q.object, ox.Literal))))
def test_xlsx_round_trip(quads):
    round_trip("xlsx", quads)
