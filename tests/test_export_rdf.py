"""RDF exports: read back by rdflib, rapper and PyLD, isomorphic to the source; stable; one graph per scheme."""

from __future__ import annotations

import json
import re

import pytest
import rdflib

import tropekg
from tropekg.errors import ExportError, UsageError
from tropekg.export import render
from tropekg.export.jsonld import context
from tropekg.export.options import Options
from tropekg.export.pieces import SmallDocuments, subjects
from tropekg.export.rdf import rdfxml_lines, turtle_lines
from tropekg.ntriples import canonical_lines

from .exporting import RDF_FORMATS, assert_isomorphic, check_golden, parse_back, rapper_graph, sample, source_graph

GOLDEN_NAMES = {"turtle": "sample.ttl", "ntriples": "sample.nt", "nquads": "sample.nq", "trig": "sample.trig",
                "rdfxml": "sample.rdf", "jsonld": "sample.jsonld", "jsonld-expanded": "sample.expanded.jsonld"}


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_round_trip_bundled(bundled, fmt):
    assert_isomorphic(parse_back(fmt, render(bundled, fmt)), source_graph(bundled), fmt)


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_round_trip_sample_with_blank_node(fmt):
    vocab = sample()
    assert_isomorphic(parse_back(fmt, render(vocab, fmt)), source_graph(vocab), fmt)


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "rdfxml"])
@pytest.mark.parametrize("which", ["bundled", "sample"])
def test_rapper_reads_the_same_graph(fmt, which, bundled, tmp_path):
    vocab = bundled if which == "bundled" else sample()
    path = tmp_path / f"out.{fmt}"
    path.write_bytes(render(vocab, fmt))
    assert_isomorphic(rapper_graph(fmt, path), source_graph(vocab), f"rapper {fmt}")


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_golden(fmt, update_golden):
    check_golden(GOLDEN_NAMES[fmt], render(sample(), fmt), update_golden, rdf_format=fmt)


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_two_loads_give_byte_identical_output(fmt):
    # Each load invents new blank node labels; the canonical relabelling must hide that.
    assert render(sample(), fmt) == render(sample(), fmt)


def test_ntriples_is_sorted_canonical(bundled):
    lines = render(bundled, "ntriples").decode().splitlines()
    assert lines == sorted(lines) and len(lines) == len(bundled)


def test_turtle_groups_by_subject_with_our_prefixes(bundled):
    text = render(bundled, "turtle").decode()
    assert "@prefix tkid: <https://w3id.org/tropekg/id/> ." in text
    subjects = [line for line in text.splitlines() if line and not line.startswith((" ", "@"))]
    assert len(subjects) == len(set(subjects))  # each subject once, its triples together
    assert "tkid:netorare\n    a skos:Concept ,\n        tk:Trope ;" in text


def test_a_changed_label_changes_one_turtle_line(tmp_path, bundled):
    before = render(bundled, "turtle").decode().splitlines()
    path = tmp_path / "changed.nt"
    path.write_text(render(bundled, "ntriples").decode().replace('"Netorare"@en', '"Netorare!"@en'))
    after = render(tropekg.load([path]), "turtle").decode().splitlines()
    assert len(before) == len(after)
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        ('    skos:prefLabel "Netorare"@en ,', '    skos:prefLabel "Netorare!"@en ,')]


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_one_named_graph_per_scheme(bundled, fmt):
    dataset = rdflib.Dataset()
    dataset.parse(data=render(bundled, fmt), format={"nquads": "nquads", "trig": "trig"}[fmt])
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    schemes = {str(s) for s in bundled.graph.subjects(rdflib.RDF.type, rdflib.SKOS.ConceptScheme)}
    assert schemes <= names
    tropes = dataset.graph(rdflib.URIRef("https://w3id.org/tropekg/id/tropes"))
    assert (rdflib.URIRef("https://w3id.org/tropekg/id/netorare"), rdflib.SKOS.prefLabel,
            rdflib.Literal("Netorare", lang="en")) in tropes


def test_jsonld_is_plain_json_with_language_maps(bundled):
    doc = json.loads(render(bundled, "jsonld"))
    assert doc["@context"] == context()  # embedded: the file stands alone
    node = next(n for n in doc["@graph"] if n["@id"] == "tkid:netorare")
    assert node["prefLabel"]["en"] == "Netorare"
    assert node["altLabel"]["en"] == ["NTR"]
    assert "Trope" in node["type"] and node["adult"] is True
    assert "tkid:infidelity" in node["broader"]
    ids = [n["@id"] for n in doc["@graph"]]
    assert len(ids) == len(set(ids))  # one object per resource


def test_jsonld_names_foreign_prefixes_in_its_context():
    doc = json.loads(render(sample(), "jsonld"))
    assert doc["@context"] == {**context(), "ex": "https://example.org/voc/"}


def test_jsonld_references_a_published_context_when_asked():
    url = "https://example.org/ctx.jsonld"
    doc = json.loads(render(sample(), "jsonld", Options(context=url)))
    assert doc["@context"] == [url, {"ex": "https://example.org/voc/"}]
    assert doc["@graph"] == json.loads(render(sample(), "jsonld"))["@graph"]


def test_a_published_context_and_the_embedded_one_give_one_graph(bundled):
    from pyld import jsonld

    url = "https://example.org/ctx.jsonld"

    def serve_ours(requested: str, options=None) -> dict:
        assert requested == url, requested
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": {"@context": context()}}

    referenced = jsonld.to_rdf(json.loads(render(bundled, "jsonld", Options(context=url))),
                               {"format": "application/n-quads", "documentLoader": serve_ours})
    assert_isomorphic(rdflib.Graph().parse(data=referenced, format="nquads"), parse_back("jsonld", render(bundled,
                      "jsonld")), "jsonld --context")


@pytest.mark.parametrize(("url", "fmt", "message"), [
    ("ctx.jsonld", "jsonld", "--context ctx.jsonld: not an http(s) URL; give the absolute URL where the context is "
                             "served (a copy of ontology/context.jsonld)"),
    ("https://example.org/ctx.jsonld", "turtle", "--context: only -f jsonld references a context, not -f turtle; "
                                                 "leave --context out"),
])
def test_bad_context_option_is_a_usage_error(bundled, url, fmt, message):
    with pytest.raises(UsageError) as caught:
        render(bundled, fmt, Options(context=url))
    assert str(caught.value) == message


def test_scheme_option_keeps_one_scheme(bundled):
    lines = render(bundled, "ntriples", Options(scheme="tkid:media")).decode().splitlines()
    assert lines and all(line.startswith("<https://w3id.org/tropekg/id/") for line in lines)
    assert any("/id/anime>" in line for line in lines) and not any("/id/netorare>" in line for line in lines)


def test_unknown_scheme_is_a_usage_error(bundled):
    with pytest.raises(UsageError, match="--scheme tkid:nope: not a concept scheme"):
        render(bundled, "turtle", Options(scheme="tkid:nope"))


def test_rdfxml_refuses_what_xml_cannot_carry(tmp_path):
    path = tmp_path / "ctl.nt"
    path.write_text('<http://x/a> <http://x/p> "bell\\u0007" .\n')
    with pytest.raises(ExportError, match=r"<http://x/a>: a literal holds U\+0007"):
        render(tropekg.load([path]), "rdfxml")
    path.write_text('<http://x/a> <http://x/1> "one" .\n')
    with pytest.raises(ExportError, match=r"<http://x/1>: this property IRI does not end in an XML name"):
        render(tropekg.load([path]), "rdfxml")


def test_rdfxml_keeps_carriage_returns(tmp_path):
    path = tmp_path / "cr.nt"
    path.write_text('<http://x/a> <http://x/p> "a\\r\\nb" .\n')
    vocab = tropekg.load([path])
    assert_isomorphic(parse_back("rdfxml", render(vocab, "rdfxml")), source_graph(vocab), "rdfxml with CR")


def test_small_documents_are_the_writers_bytes(tmp_path):
    """pieces.SmallDocuments reuses each subject's piece across documents; every document is still the bytes of
    turtle_lines and rdfxml_lines, a generated namespace and a statement RDF/XML cannot carry included."""
    path = tmp_path / "v.ttl"
    path.write_text('@prefix ex: <http://x/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                    'ex:a skos:prefLabel "A & <b>"@en ; skos:broader ex:b ; <http://y/other> "1"^^ex:t .\n'
                    'ex:b skos:prefLabel "B"@en ; skos:related ex:a .\n'
                    'ex:c skos:prefLabel "bell\\u0007" ; skos:related ex:a .\n')
    vocab = tropekg.load([path])
    lines = canonical_lines(vocab)
    by_subject = dict(subjects(lines))
    label = [line for line in lines if "prefLabel" in line and not line.startswith("<http://x/c>")]
    documents = SmallDocuments(vocab.prefixes)
    for own in ["<http://x/a>", "<http://x/b>", "<http://x/c>", "<http://x/a>"]:
        chosen = sorted({*by_subject[own], *label})
        assert documents.turtle(subjects(chosen), own) == turtle_lines(chosen, vocab.prefixes)
        try:
            expected = rdfxml_lines(chosen, vocab.prefixes)
        except ExportError as e:
            with pytest.raises(ExportError, match=re.escape(str(e))):
                documents.rdfxml(subjects(chosen), own)
        else:
            assert documents.rdfxml(subjects(chosen), own) == expected
    assert len(documents.turtle_pieces) == 2 and len(documents.xml_pieces) == 2  # a's and b's labels
