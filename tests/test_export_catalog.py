"""Catalog exports: CSV columns, separator and formula neutralisation; the JSON tree; SQLite with FTS5."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

import tropekg
from tropekg.columns import COLUMNS, neutralise, unneutralise
from tropekg.export import render
from tropekg.export.options import Options

from .exporting import check_golden, sample


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def split_cell(cell: str) -> list[str]:
    """The documented inverse of the multi-value join: "|" separates, "\\" escapes."""
    values, current, chars = [], "", iter(unneutralise(cell))
    for ch in chars:
        if ch == "\\":
            current += next(chars)
        elif ch == "|":
            values.append(current)
            current = ""
        else:
            current += ch
    return [*values, current] if cell else []


def test_csv_one_row_per_concept_with_documented_columns(bundled):
    table = rows(render(bundled, "csv"))
    assert list(table[0]) == list(COLUMNS)
    assert len(table) == tropekg.stats(bundled)["concepts"]
    ntr = next(r for r in table if r["iri"].endswith("/netorare"))
    assert ntr["label"] == "Netorare" and split_cell(ntr["altLabels"]) == ["NTR"]
    assert ntr["adult"] == "true" and ntr["deprecated"] == "false"
    assert "https://w3id.org/tropekg/id/perspective-partner-lost" == ntr["perspective"]
    assert "exactMatch https://vndb.org/g513" in split_cell(ntr["mappings"])


def test_csv_lang_falls_back_to_english(bundled):
    table = {r["iri"].rsplit("/", 1)[-1]: r for r in rows(render(bundled, "csv", Options(lang="ja")))}
    assert table["netorare"]["label"] == "寝取られ"
    assert table["jealousy"]["label"] == "Jealousy" or table["jealousy"]["label"] != ""


def test_csv_neutralises_formulas_and_escapes_the_separator():
    table = {r["iri"].rsplit("/", 1)[-1]: r for r in rows(render(sample(), "csv"))}
    cell = table["a"]["altLabels"]
    assert cell.startswith("'")  # the first value starts with a formula character after a quote
    assert split_cell(cell) == ["'=quoted", "-minus", "=SUM(1+1)", "@handle", "a|b\\c"]
    for row in table.values():
        for value in row.values():
            assert value[:1] not in ("=", "+", "-", "@", "\t", "\r"), value


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "'=x", "''+x", "'plain", "plain", ""])
def test_neutralise_is_undone_exactly(text):
    assert unneutralise(neutralise(text)) == text
    assert neutralise(text)[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_csv_leaves_deprecated_out_unless_asked():
    assert not any(r["iri"].endswith("/old") for r in rows(render(sample(), "csv")))
    kept = [r for r in rows(render(sample(), "csv", Options(include_deprecated=True))) if r["iri"].endswith("/old")]
    assert kept[0]["deprecated"] == "true" and kept[0]["replacedBy"] == "https://example.org/voc/a"


def walk(nodes, depth=0):
    for node in nodes:
        yield node, depth
        yield from walk(node.get("children", []), depth + 1)


def test_json_tree_places_each_concept_once_with_references_elsewhere():
    tree = json.loads(render(sample(), "json"))
    full = [n["iri"] for n, _ in walk(tree["roots"]) if not n.get("ref")]
    refs = [n["iri"] for n, _ in walk(tree["roots"]) if n.get("ref")]
    assert sorted(full) == sorted(set(full))  # once in full, also for the C <-> D cycle
    assert {"https://example.org/voc/c", "https://example.org/voc/d"} <= set(full)
    assert "https://example.org/voc/b" in refs  # B has two parents: A and Top
    top = next(n for n in tree["roots"] if n["label"] == "Top")
    assert [c["label"] for c in top["children"]][:1] == ["A <b>bold</b> & [[link]] {{tpl}} | pipe"]


def test_json_tree_survives_a_deep_chain(tmp_path):
    path = tmp_path / "chain.nt"
    path.write_text("".join(f"<http://x/c{i + 1}> <http://www.w3.org/2004/02/skos/core#broader> <http://x/c{i}> .\n"
                            for i in range(5000)))
    data = render(tropekg.load([path]), "json").decode()  # the writer is iterative: no RecursionError
    assert data.count('"iri": ') == 5001 and data.endswith("]}" * 5001 + "\n")
    path.write_text("".join(f"<http://x/c{i + 1}> <http://www.w3.org/2004/02/skos/core#broader> <http://x/c{i}> .\n"
                            for i in range(300)))
    tree = json.loads(render(tropekg.load([path]), "json"))
    assert sum(1 for _ in walk_iter(tree["roots"])) == 301


def walk_iter(nodes):
    stack = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.get("children", []))


def test_sqlite_answers_fts_query_for_ntr(bundled, tmp_path):
    path = tmp_path / "t.sqlite"
    path.write_bytes(render(bundled, "sqlite"))
    db = sqlite3.connect(path)
    hits = db.execute("SELECT c.iri FROM search JOIN concepts c ON c.id = search.rowid WHERE search MATCH 'NTR' "
                      "ORDER BY c.iri").fetchall()
    assert ("https://w3id.org/tropekg/id/netorare",) in hits
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"concepts", "labels", "notes", "relations", "facets", "mappings", "search"} <= tables
    assert db.execute("SELECT COUNT(*) FROM facets f JOIN concepts v ON v.id = f.value_id "
                      "WHERE v.iri LIKE '%perspective-partner-lost'").fetchone()[0] >= 1


@pytest.mark.parametrize("fmt", ["csv", "json", "sqlite"])
def test_catalogs_are_deterministic(fmt):
    assert render(sample(), fmt) == render(sample(), fmt)


@pytest.mark.parametrize("fmt,name", [("csv", "sample.csv"), ("json", "sample.tree.json")])
def test_golden(fmt, name, update_golden):
    check_golden(name, render(sample(), fmt), update_golden)


def test_sqlite_golden(update_golden, tmp_path):
    path = tmp_path / "s.sqlite"
    path.write_bytes(render(sample(), "sqlite"))
    dump = "\n".join(sqlite3.connect(path).iterdump()) + "\n"
    check_golden("sample.sqlite.sql", dump.encode("utf-8"), update_golden)


def test_scheme_option_keeps_the_concepts_of_that_scheme(bundled):
    table = rows(render(bundled, "csv", Options(scheme="https://w3id.org/tropekg/id/media")))
    assert sorted(r["iri"].rsplit("/", 1)[-1] for r in table) == ["anime", "manga", "visual-novel"]
    assert all(r["schemes"] == "https://w3id.org/tropekg/id/media" for r in table)


_CONCEPT_RULE_CASES = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:typed a skos:Concept .
ex:subjectOnly skos:inScheme ex:scheme .
ex:a skos:broader ex:objectOnly ; skos:related _:b .
_:b skos:broader ex:belowBlank .
ex:coll a skos:Collection ; skos:member ex:member, ex:inner .
ex:inner a skos:Collection ; skos:member ex:deep .
ex:scheme a skos:ConceptScheme ; skos:hasTopConcept ex:top .
ex:collInScheme a skos:Collection ; skos:inScheme ex:scheme .
ex:plain ex:p ex:o .
ex:m skos:exactMatch ex:described, ex:elsewhere ; skos:closeMatch _:mapped .
ex:described skos:note "said here" .
ex:Sub rdfs:subClassOf ex:Mid . ex:Mid rdfs:subClassOf skos:Concept .
ex:deepTyped a ex:Sub .
ex:otherTyped a ex:Unrelated .
"""


@pytest.mark.parametrize("source", ["bundled", "cases", "stw", "planted"])
def test_records_find_the_concepts_census_finds(source, tmp_path):
    """export.records' one-pass scan and census.CONCEPTS (SPARQL) read one rule; they must agree on any input."""
    from tropekg.export.records import records
    from tropekg.model import CONCEPTS

    from .conftest import shared

    if source == "cases":
        path = tmp_path / "cases.ttl"
        path.write_text(_CONCEPT_RULE_CASES)
        vocab = tropekg.load([path])
    elif source == "stw":
        vocab = tropekg.load([shared("vocabs", "stw-9.16.ttl")])
    elif source == "planted":
        import subprocess
        import sys

        path = tmp_path / "planted.ttl"
        gen = shared("bench", "gen_vocab.py")
        path.write_bytes(subprocess.run([sys.executable, str(gen), "2000", "--defects", "30", "--key",
                                         str(tmp_path / "k.json")],
                                        check=True, capture_output=True).stdout)
        vocab = tropekg.load([path])
    else:
        vocab = tropekg.load()
    by_sparql = {row[0].value for row in vocab.rows(f"SELECT DISTINCT ?c WHERE {{ {CONCEPTS} FILTER(isIRI(?c)) }}")}
    scanned = {r.iri for r in records(vocab, Options(include_deprecated=True))}
    assert scanned == by_sparql
    if source == "cases":
        ex = "http://example.org/"
        # record-spec item 1: inScheme, hasTopConcept and member make no concept; a mapping's subject does, its
        # object only when described; a declared subclass of skos:Concept types one.
        assert by_sparql == {ex + n for n in ("typed", "a", "objectOnly", "belowBlank", "m", "described",
                                             "deepTyped")}
