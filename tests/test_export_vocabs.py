"""Every format on real thesauri (STW, UNESCO): it works and the RDF formats read back to the same graph.

Read back here with Oxigraph's parsers (fast, and not our writer), rapper, and the XSD; rdflib and PyLD read the
smaller graphs in test_export_rdf.py.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess

import pyoxigraph as ox
import pytest
from lxml import etree

import tropekg
from tropekg.export import FORMATS, export_to, render

from .conftest import need, shared
from .test_export_wiki import mediawiki_schema  # noqa: F401  (the session fixture)

OX_FORMAT = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
             "trig": ox.RdfFormat.TRIG, "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD,
             "jsonld-expanded": ox.RdfFormat.JSON_LD}


@pytest.fixture(scope="module", params=["stw-9.16.ttl", "unesco-thesaurus-2017.ttl"])
def thesaurus(request):
    return tropekg.load([shared("vocabs", request.param)])


def triples_of(data: bytes, fmt: str) -> set[str]:
    quads = [ox.Quad(q.subject, q.predicate, q.object) for q in ox.parse(data, format=OX_FORMAT[fmt])]
    return canonical(quads)


def canonical(quads: list[ox.Quad]) -> set[str]:
    """Triples as canonical N-Triples lines; the ones with blank nodes relabelled by Oxigraph's RDFC-1.0, so set
    equality is graph isomorphism."""
    def blank(q: ox.Quad) -> bool:
        return isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)

    plain = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads if not blank(q)],
                         format=ox.RdfFormat.N_TRIPLES)
    dataset = ox.Dataset([q for q in quads if blank(q)])
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set((plain + ox.serialize(dataset, format=ox.RdfFormat.N_QUADS)).decode().splitlines())


def test_rdf_formats_round_trip(thesaurus):
    source = canonical(list(thesaurus.store))
    for fmt in OX_FORMAT:
        assert triples_of(render(thesaurus, fmt), fmt) == source, fmt


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "rdfxml"])
def test_rapper_reads_the_thesaurus(thesaurus, fmt, tmp_path):
    rapper = need("rapper")
    path = tmp_path / f"t.{fmt}"
    path.write_bytes(render(thesaurus, fmt))
    out = subprocess.run([rapper, "-q", "-i", fmt, "-o", "ntriples", str(path)], capture_output=True, check=True)
    assert triples_of(out.stdout, "ntriples") == canonical(list(thesaurus.store))


def test_catalogs_and_wikis(thesaurus, tmp_path, mediawiki_schema):  # noqa: F811
    concepts = tropekg.stats(thesaurus)["concepts"]
    csv_rows = render(thesaurus, "csv").decode("utf-8").count("\r\n") - 1
    deprecated = int(thesaurus.rows("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c owl:deprecated true }")[0][0].value)
    assert csv_rows >= concepts - deprecated - 1 and csv_rows <= concepts  # a row per concept (quoted newlines aside)
    tree = json.loads(render(thesaurus, "json"))
    assert tree["roots"]
    db_path = tmp_path / "t.sqlite"
    db_path.write_bytes(render(thesaurus, "sqlite"))
    db = sqlite3.connect(db_path)
    assert db.execute("SELECT COUNT(*) FROM search WHERE search MATCH 'economics OR education'").fetchone()[0] > 0
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    out = tmp_path / "md"
    export_to(thesaurus, "markdown", out)
    pages = {p.name for p in (out / "concepts").iterdir()}
    for page in list((out / "concepts").iterdir())[:500]:
        for target in re.findall(r"\]\(([^)]+\.md)\)", page.read_text(encoding="utf-8")):
            assert target in pages or (out / "concepts" / target).resolve().is_file(), target
    assert mediawiki_schema.validate(etree.fromstring(render(thesaurus, "mediawiki")))


def test_every_format_is_in_this_test():
    assert set(OX_FORMAT) | {"csv", "json", "sqlite", "xlsx", "markdown", "mediawiki", "site"} == set(FORMATS)
