"""Helpers for the export tests: the sample vocabulary, parsing exports back, goldens, and real consumers."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

import tropekg
from tropekg.export import FORMATS, render
from tropekg.export.options import Options

from .conftest import CASES, need

SAMPLE = CASES / "export" / "sample.ttl"
GOLDEN = Path(__file__).resolve().parent / "golden" / "export"
RDF_FORMATS = [f for f, spec in FORMATS.items() if spec.module in ("rdf", "jsonld")]
OTHER_FORMATS = [f for f in FORMATS if f not in RDF_FORMATS]
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig", "rdfxml": "xml"}


def sample() -> tropekg.Vocabulary:
    return tropekg.load([SAMPLE])


def source_graph(vocab) -> rdflib.Graph:
    """The vocabulary as an rdflib Graph, read from Oxigraph's own N-Triples (not from our exporter)."""
    import pyoxigraph as ox

    graph = rdflib.Graph()
    graph.parse(data=vocab.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode(),
                format="nt")
    return graph


def refuse_fetch(url: str, options=None) -> dict:
    """A PyLD document loader for a consumer with no network: our JSON-LD must be read without fetching anything."""
    raise AssertionError(f"the JSON-LD processor tried to fetch {url}")


def parse_back(fmt: str, data: bytes) -> rdflib.Graph:
    """An export read back by rdflib (JSON-LD by PyLD, the reference algorithms), named graphs merged."""
    graph = rdflib.Graph()
    if fmt.startswith("jsonld"):
        from pyld import jsonld

        nquads = jsonld.to_rdf(json.loads(data), {"format": "application/n-quads", "documentLoader": refuse_fetch})
        graph.parse(data=nquads, format="nquads")
        return graph
    if fmt in ("nquads", "trig"):
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format=RDFLIB_FORMAT[fmt])
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    graph.parse(data=data, format=RDFLIB_FORMAT[fmt])
    return graph


def rapper_graph(fmt: str, path: Path) -> rdflib.Graph:
    """The file parsed by rapper (raptor2), an independent parser, as N-Triples read into rdflib."""
    rapper = need("rapper")
    syntax = {"turtle": "turtle", "ntriples": "ntriples", "rdfxml": "rdfxml"}[fmt]
    out = subprocess.run([rapper, "-q", "-i", syntax, "-o", "ntriples", str(path)], capture_output=True, check=True)
    graph = rdflib.Graph()
    graph.parse(data=out.stdout.decode("utf-8"), format="nt")
    return graph


def assert_isomorphic(a: rdflib.Graph, b: rdflib.Graph, what: str) -> None:
    assert len(a) == len(b), f"{what}: {len(a)} triples, expected {len(b)}"
    assert isomorphic(a, b), f"{what}: not isomorphic to the source graph"


def check_golden(name: str, data: bytes, update: bool, rdf_format: str | None = None) -> None:
    """Compare with tests/golden/export/NAME: RDF by isomorphism, anything else byte for byte. Only
    `pytest --update-golden` writes goldens; a missing one fails."""
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    if not path.exists():
        pytest.fail(f"{path} is missing: run pytest --update-golden, review the file, and commit it")
    if rdf_format:
        assert_isomorphic(parse_back(rdf_format, data), parse_back(rdf_format, path.read_bytes()), name)
    else:
        assert data == path.read_bytes(), f"{name} differs from its golden (pytest --update-golden to accept)"


__all__ = ["FORMATS", "Options", "render"]
