"""validate's store-free path (sources.reader.Deferred read as N-Triples into validate.columns): reports equal,
byte for byte, to the store's on every input, with the store never loaded; the same errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED, shared
from tropekg.errors import LoadError, TropekgError
from tropekg.sources.reader import load
from tropekg.validate import runner
from tropekg.validate.columnar import COLUMNAR

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "cases").rglob("*.ttl"))
QSKOS = sorted((SHARED / "qskos" / "resources").glob("*")) if (SHARED / "qskos" / "resources").exists() else []
SELECT = [*COLUMNAR, "invalid-iri"]  # what runs without a store


def _reports(paths: list[Path], **options) -> tuple[dict, dict]:
    """(store-free, store) reports of the columnar rules; the first from a Deferred vocabulary, never stored."""
    vocab = load(paths, lenient=True, deferred=True, places=True)
    free = runner.validate(vocab, select=SELECT, engine="columns", **options)
    assert not vocab.stored, "the store-free path loaded the store"
    stored = runner.validate(load(paths, lenient=True, places=True), select=SELECT, engine="store", **options)
    return free.as_dict(), stored.as_dict()


def _error(paths: list[Path], deferred: bool) -> str:
    with pytest.raises(TropekgError) as e:
        runner.validate(load(paths, lenient=True, deferred=deferred), select=SELECT, engine="columns")
    return str(e.value)


@pytest.mark.parametrize("path", CASES + QSKOS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_store_free_reports_match_the_store_on_case_files(path):
    try:
        vocab = load([path], lenient=True)
    except TropekgError as e:  # broken input: the same error either way
        assert _error([path], deferred=True) == str(e)
        return
    if not len(vocab):  # no triples (qSKOS's nocontent.rdf): nothing to validate, the same error either way
        with pytest.raises(LoadError) as e:
            runner.validate(vocab, select=SELECT, engine="store")
        assert _error([path], deferred=True) == str(e.value)
        return
    free, stored = _reports([path])
    assert free == stored


@pytest.mark.parametrize("name", ["stw-9.16.ttl", "unesco-thesaurus-2017.ttl"])
def test_store_free_cli_output_is_the_store_s_byte_for_byte(run, name):
    path = str(shared("vocabs", name))
    for fmt in ("json", "text"):
        args = ("validate", path, "--select", ",".join(SELECT), "--format", fmt)
        by_columns, by_store = run(*args, "--engine", "columns"), run(*args, "--engine", "store")
        assert (by_columns.exit_code, by_columns.stdout, by_columns.stderr) == \
            (by_store.exit_code, by_store.stdout, by_store.stderr)
        assert by_columns.exit_code == 1


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


_HEAD = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://ex.org/> .
"""


def test_each_file_keeps_its_own_blank_nodes(tmp_path):
    # _:x in two files is two nodes (a store gives each load its own): two clusters, each with one prefLabel;
    # merged, one cluster (no dcc) and two English prefLabels (S14).
    one = _write(tmp_path, "one.ttl", _HEAD + "_:x a skos:Concept ; skos:prefLabel 'A'@en ; skos:broader ex:a .\n"
                 "ex:a a skos:Concept ; skos:prefLabel 'a'@en .\n")
    two = _write(tmp_path, "two.ttl", _HEAD + "_:x a skos:Concept ; skos:prefLabel 'B'@en ; skos:broader ex:b .\n"
                 "ex:b a skos:Concept ; skos:prefLabel 'b'@en .\n")
    free, stored = _reports([one, two])
    assert free == stored
    assert free["summary"]["byRule"]["dcc"] == 2 and "S14" not in free["summary"]["byRule"]


def test_typed_literals_compare_as_the_store_keeps_them(tmp_path):
    # "1"^^xsd:boolean is stored as true: the concept is deprecated, so uc and ml leave it out either way.
    path = _write(tmp_path, "typed.ttl", _HEAD + "ex:a a skos:Concept ; owl:deprecated '1'^^xsd:boolean .\n"
                  "ex:b a skos:Concept ; skos:prefLabel 'b'@en ; skos:broader ex:a ; ex:n '01'^^xsd:integer , 1 .\n")
    free, stored = _reports([path])
    assert free == stored
    assert "https://ex.org/a" not in {f["focus"] for f in free["findings"] if f["rule"] in ("uc", "ml")}


def test_named_graphs_merge_and_duplicates_count_once(tmp_path):
    path = _write(tmp_path, "g.trig", _HEAD + "ex:g { ex:a a skos:Concept ; skos:prefLabel 'a'@en , 'b'@en . }\n"
                  "ex:a a skos:Concept ; skos:prefLabel 'a'@en .\n")
    free, stored = _reports([path])
    assert free == stored
    assert free["summary"]["byRule"]["S14"] == 1  # 'a'@en twice is one statement


def test_invalid_iris_are_found_and_placed_as_by_the_store(tmp_path):
    path = _write(tmp_path, "bad.ttl", _HEAD + "<https://ex.org/a b> a skos:Concept ; skos:prefLabel 'x'@en .\n"
                  "ex:c a skos:Concept ; skos:broader <https://ex.org/a b> .\n")
    free, stored = _reports([path])
    assert free == stored
    assert [f["place"] for f in free["findings"] if f["rule"] == "invalid-iri"] == [f"{path}:5"]


def test_read_errors_are_the_store_s(tmp_path):
    broken = _write(tmp_path, "broken.ttl", _HEAD + "ex:a a skos:Concept ;\n ex:b .\n")
    assert _error([broken], deferred=True) == _error([broken], deferred=False)
    missing = tmp_path / "missing.ttl"
    assert _error([missing], deferred=True) == _error([missing], deferred=False) == \
        f"{missing}: no such file; check the path"


def test_a_rule_without_a_columnar_form_reads_the_store(tmp_path, monkeypatch):
    path = _write(tmp_path, "mixed.ttl", _HEAD + "ex:a a skos:Concept ; skos:prefLabel 'a'@en .\n")
    monkeypatch.delitem(COLUMNAR, "ml")  # as if ml had no columnar form
    vocab = load([path], lenient=True, deferred=True)
    report = runner.validate(vocab, select=["uc", "ml"], engine="auto")
    assert vocab.stored and report.summary["byRule"] == {"uc": 1}
    assert runner.validate(load([path], lenient=True), select=["uc", "ml"]).as_dict() == report.as_dict()


def test_columns_asked_for_a_rule_without_a_columnar_form_read_the_store_after_all(tmp_path, monkeypatch):
    # The columns are read before validate.columnar says whether every rule has a form (runner._by_columns_alone).
    path = _write(tmp_path, "mixed.ttl", _HEAD + "ex:a a skos:Concept ; skos:prefLabel 'a'@en .\n")
    monkeypatch.delitem(COLUMNAR, "ml")
    vocab = load([path], lenient=True, deferred=True)
    report = runner.validate(vocab, select=["uc", "ml"], engine="columns")
    assert vocab.stored and report.summary["byRule"] == {"uc": 1}
    assert runner.validate(load([path], lenient=True), select=["uc", "ml"], engine="store").as_dict() == \
        report.as_dict()


def test_a_term_s_id_is_its_row_in_the_term_table(tmp_path):
    # The strict parse's batches are dropped before the lenient one (their terms leave gaps): renumbered.
    from tropekg.validate.columns import Columns

    lines = "".join(f"ex:c{i} a skos:Concept ; skos:prefLabel 'c{i}'@en .\n" for i in range(300_000 // 2))
    path = _write(tmp_path, "gaps.ttl", _HEAD + lines + "<https://ex.org/a b> a skos:Concept .\n")
    cols = Columns.read(load([path], lenient=True, deferred=True))
    assert cols.terms["id"].to_list() == list(range(cols.terms.height))
    assert int(cols.stated.select(cols.stated["s"].max())[0, 0]) < cols.terms.height
    assert cols.id("<https://ex.org/a b>") >= 0


@pytest.mark.parametrize("engine", ["store", "columns", "auto"])
@pytest.mark.parametrize("text", ["", _HEAD + "# only prefixes and a comment\n"])
def test_validating_no_triples_is_an_error(tmp_path, run, engine, text):
    path = _write(tmp_path, "empty.ttl", text)
    result = run("validate", str(path), "--engine", engine)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (f"tropekg: error: {path}: holds no triples, so there is nothing to validate; check the "
                             "file (and --input-format)\n")
    # store-free columns as well (a large file is read so; here the columns are asked for directly)
    with pytest.raises(LoadError, match="holds no triples"):
        runner.validate(load([path], lenient=True, deferred=True), engine="columns")
