"""tropekg.runs and the store-free reading (sources/stream.py): the lines sorted out of core are the store's
canonical lines, and record.stream_records gives record_table's records, on every case file and odd input."""

from __future__ import annotations

import pytest

import tropekg
from tropekg.errors import ExportError, LoadError
from tropekg.ntriples import batches, canonical_lines
from tropekg.record import record_table, stream_records
from tropekg.runs import SortedLines, gnu_sort, sorted_lines
from tropekg.sources.stream import Streamed

from .conftest import CASES, need, shared

# What a store changes or drops: values it keeps as numbers or booleans (dumped in canonical form), duplicates
# (within and across files), blank nodes (relabelled canonically), named graphs (merged into the default graph).
ODD = """@prefix ex: <http://example.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a a skos:Concept ; skos:prefLabel "A"@en, "A"@en ; skos:broader ex:b ;
  ex:n "01"^^xsd:integer, "1"^^xsd:integer, "1.50"^^xsd:decimal, "1"^^xsd:boolean, "true"^^xsd:boolean,
       "2026-12-07Z"^^xsd:date, "x"^^xsd:string, "0x"^^xsd:integer, "-0"^^xsd:integer ;
  ex:q [ ex:r "01"^^xsd:integer ; ex:s [ ex:t ex:a ] ] .
ex:b skos:narrower ex:c ; skos:exactMatch ex:d, ex:e .
ex:e skos:prefLabel "E" .
ex:dep a skos:Concept ; <http://www.w3.org/2002/07/owl#deprecated> "1"^^xsd:boolean ; skos:related ex:a .
ex:myNote <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> skos:scopeNote .
ex:a ex:myNote "mine"@en .
"""
TRIG = """@prefix ex: <http://example.org/> .
ex:g { ex:a ex:p "in a graph", "01"^^<http://www.w3.org/2001/XMLSchema#integer> . }
ex:a ex:p "in a graph" .
"""


def _inputs(tmp_path):
    (tmp_path / "odd.ttl").write_text(ODD, encoding="utf-8")
    (tmp_path / "odd.trig").write_text(TRIG, encoding="utf-8")
    return [[str(tmp_path / "odd.ttl")], [str(tmp_path / "odd.ttl"), str(tmp_path / "odd.trig")]]


def _streamed(paths, folder, run_lines=3, external=False) -> SortedLines:
    found = SortedLines(folder, run_lines, external)  # a few lines a run: every input is merged from many runs
    Streamed(paths).into(found.add)
    return found.close()


def _case_files():
    return sorted(p for p in CASES.rglob("*") if p.suffix in {".ttl", ".nt", ".rdf", ".jsonld", ".trig", ".nq"})


@pytest.mark.parametrize("external", [False, True], ids=["runs", "gnu-sort"])
def test_odd_input_gives_the_stores_lines_and_records(tmp_path, external):
    if external:
        need("sort")
        assert gnu_sort()
    for paths in _inputs(tmp_path):
        lines = _streamed(paths, tmp_path, external=external)
        vocab = tropekg.load(paths)
        assert list(lines) == canonical_lines(vocab)
        assert list(lines) == list(lines)  # iterated again: the runs stay
        assert list(stream_records(lines, tmp_path)) == list(record_table(vocab))
    assert '<http://example.org/a> <http://example.org/n> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .' \
        in canonical_lines(vocab)


def test_every_case_file_gives_the_stores_lines_and_records(tmp_path):
    compared = 0
    for path in _case_files():
        try:
            vocab = tropekg.load([path])
        except LoadError as e:
            with pytest.raises(LoadError) as streamed:
                list(sorted_lines(Streamed([path]).into, tmp_path))
            assert str(streamed.value) == str(e)
            continue
        lines = _streamed([path], tmp_path, 50)
        assert list(lines) == canonical_lines(vocab), path
        assert list(stream_records(lines, tmp_path)) == list(record_table(vocab)), path
        compared += 1
    assert compared > 50


def test_the_bundled_taxonomy_and_stw(tmp_path):
    for paths in (None, [str(shared("qskos", "resources", "stw.rdf"))]):
        source = Streamed(paths)
        lines = sorted_lines(source.into, tmp_path)
        vocab = tropekg.load(paths)
        assert list(lines) == canonical_lines(vocab)
        assert source.prefixes == vocab.prefixes
        assert list(stream_records(lines, tmp_path)) == list(record_table(vocab))


def test_a_sort_not_read_is_stopped(tmp_path):
    need("sort")
    lines = SortedLines(tmp_path, external=True)
    lines.add(b"<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n")
    lines.discard()
    assert lines.sorter.proc.poll() is not None


def test_a_run_that_cannot_be_written_is_one_line(tmp_path):
    folder = tmp_path / "runs"
    folder.mkdir()
    lines = SortedLines(folder, run_lines=1, external=False)
    folder.rmdir()  # as a full disk or a folder gone: the run's file cannot be written
    with pytest.raises(ExportError) as caught:
        lines.add(b"<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n"
                  b"<http://example.org/c> <http://example.org/p> <http://example.org/d> .\n")
    assert str(caught.value) == (f"{folder}: writing sorted lines failed (No such file or directory); free space "
                                 "there and retry")


def test_batches_end_where_a_subject_ends():
    lines = [f"<s{i // 3}> <p> <o{i}> ." for i in range(10)]
    found = list(batches(lines, 2))
    assert [len(b) for b in found] == [3, 3, 3, 1]
    assert sum(found, []) == lines
