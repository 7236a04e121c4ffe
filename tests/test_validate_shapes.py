"""Our SHACL shapes: the bundled taxonomy conforms, and every shape has a case that makes it fail."""

from __future__ import annotations

import re

import pytest

import tropekg
from tropekg.namespaces import TKSH
from tropekg.sources.resources import bundled_sources, ontology_file
from tropekg.validate.shapes import check_shapes

from .conftest import CASES

CASE_FILES = sorted((CASES / "shapes").glob("*.ttl"))


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
