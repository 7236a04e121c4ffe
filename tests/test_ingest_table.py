"""`tropekg import csv`: the catalog table read back; export -> import -> export is byte-identical."""

from __future__ import annotations

import pytest

import tropekg
from tropekg.columns import COLUMNS, join, split
from tropekg.export import render
from tropekg.ingest import import_to, read
from tropekg.ingest.table import slug

HEADER = ",".join(COLUMNS)


def test_csv_round_trip_on_the_bundled_taxonomy(bundled, run, tmp_path):
    table = render(bundled, "csv")
    path = tmp_path / "t.csv"
    path.write_bytes(table)
    out = tmp_path / "t.ttl"
    result = run("import", "csv", str(path), "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == f"40 concepts, {len(tropekg.load([out]))} triples written to {out}\n"
    assert result.stderr == (  # the concept schemes have no rows: their titles are what the table lost
        f"tropekg: warning: {path}:1: the rows link to 8 resources without a row of their own (such as "
        "https://w3id.org/tropekg/id/audience): what the source said about them is not in this table; merge the "
        f"output with the source vocabulary to keep it\n"
        f"tropekg: 1 warning: imported as is; run `tropekg validate {out}` for the findings\n")
    assert render(tropekg.load([out]), "csv") == table


def test_csv_round_trip_in_another_language(bundled, tmp_path):
    table = render(bundled, "csv", tropekg.ExportOptions(lang="ja"))
    path = tmp_path / "ja.csv"
    path.write_bytes(table)
    imported = read("csv", path, lang="ja")
    assert render(imported.vocab, "csv", tropekg.ExportOptions(lang="ja")) == table


@pytest.mark.parametrize("values", [[], ["a"], ["a|b"], ["a", "b"], ["a\\", "|"], ["", ""], ["x\\|y", "z"]])
def test_split_undoes_join(values):
    assert split(join(values)) == (values if values != [""] else [])


def test_slug():
    assert [slug(t) for t in ("Love triangle", "NTR (mild)", "寝取られ", "--")] == [
        "love-triangle", "ntr-mild", "concept", "concept"]


def write(tmp_path, *rows: str, header: str = HEADER):
    path = tmp_path / "t.csv"
    path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode("utf-8"))
    return path


def row(**cells: str) -> str:
    return ",".join(cells.get(c, "") for c in COLUMNS)


def test_rows_without_iri_get_one_minted_under_base(tmp_path, run):
    path = write(tmp_path, row(label="Love triangle", types="http://www.w3.org/2004/02/skos/core#Concept"),
                 row(label="Love triangle", broader="https://ex.org/id/love-triangle"))
    data, imported = import_to("csv", path, None, "ntriples", base="https://ex.org/id/")
    lines = data.decode().splitlines()
    assert '<https://ex.org/id/love-triangle-2> <http://www.w3.org/2004/02/skos/core#broader> <https://ex.org/id/love-triangle> .' in lines
    assert imported.warnings == []
    result = run("import", "csv", str(path))
    assert result.exit_code == 2 and result.stderr == (
        f"tropekg: error: {path}:2: field iri: empty; give --base IRI to mint one from the label, or fill the cell\n")
    bad = run("import", "csv", str(path), "--base", "no iri")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("tropekg: error: --base no iri: not an absolute IRI (")


def test_booleans_in_any_case_as_excel_saves_them(tmp_path):
    path = write(tmp_path, row(iri="https://ex.org/a", label="a", adult="TRUE", deprecated="False"))
    data, _ = import_to("csv", path, None, "ntriples")
    assert '<https://ex.org/a> <https://w3id.org/tropekg/ontology#adult> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .' in data.decode()
    assert "deprecated" not in data.decode()


def test_lang_must_be_a_language_tag(tmp_path, run):
    path = write(tmp_path, row(iri="https://ex.org/a", label="a"))
    result = run("import", "csv", str(path), "--lang", "e n")
    assert result.exit_code == 2 and result.stderr == (
        "tropekg: error: --lang e n: not a language tag (The given language subtag is invalid); give one such as "
        "en or ja\n")
    data, _ = import_to("csv", path, None, "ntriples", lang="ja-Latn")  # Oxigraph writes tags in lower case
    assert '<https://ex.org/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "a"@ja-latn .' in data.decode()


def test_quoted_line_breaks_keep_line_numbers(tmp_path):
    path = write(tmp_path, row(iri="https://ex.org/a", label='"two\r\nlines"', related="https://ex.org/b"),
                 row(iri="https://ex.org/b", label="b", adult="yes"))
    with pytest.raises(tropekg.LoadError) as caught:
        read("csv", path)
    assert str(caught.value) == f"{path}:4: field adult: 'yes' is neither true nor false"


@pytest.mark.parametrize(("header", "rows", "message"), [
    (HEADER + ",colour", [], "{path}:1: field colour: unknown column 'colour'; the columns are " + ", ".join(COLUMNS)),
    ("label,definition", [], "{path}:1: missing column 'iri'; the header needs iri and label"),
    ("iri,label,iri", [], "{path}:1: field iri: column 'iri' appears twice; keep one"),
    (HEADER, [row(iri="https://ex.org/a", label="a", types="x"), row(iri="https://ex.org/a", label="b", types="x")],
     "{path}:2: field types: 'x' is not an IRI (No scheme found in an absolute IRI); write a full IRI such as "
     "https://example.org/id/x"),
    (HEADER, [row(iri="https://ex.org/a", label="a"), row(iri="https://ex.org/a", label="b")],
     "{path}:3: field iri: https://ex.org/a is also the IRI of {path}:2: field iri; keep one row per concept"),
    (HEADER, ["https://ex.org/a,a"], "{path}:2: 2 fields, the header has 18; one field per column "
     "(in CSV, quote a cell that holds a comma)"),
    (HEADER, [row(iri="https://ex.org/a", label="a", mappings="sameAs https://vndb.org/g1")],
     "{path}:2: field mappings: 'sameAs https://vndb.org/g1' is not RELATION IRI with RELATION one of exactMatch, "
     "closeMatch, broadMatch, narrowMatch, relatedMatch"),
    (HEADER, ['https://ex.org/a,"a"b,' + "," * 16], "{path}:2: not valid CSV (',' expected after '\"'); check the quotes"),
    (HEADER, ['https://ex.org/a,"cut off'], "{path}:2: not valid CSV (unexpected end of data); check the quotes"),
    ("", [], "{path}:1: no header row; the first row names the columns (" + ", ".join(COLUMNS) + ")"),
])
def test_bad_tables_are_one_line_exit_2_and_no_file(tmp_path, run, header, rows, message):
    path = write(tmp_path, *rows, header=header)
    if not header:
        path.write_bytes(b"")
    out = tmp_path / "out.ttl"
    result = run("import", "csv", str(path), "-o", str(out))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"tropekg: error: {message.format(path=path)}\n"
    assert not out.exists()


def test_not_utf8(tmp_path, run):
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"iri,label\r\nhttps://ex.org/a,caf\xe9\r\n")
    result = run("import", "csv", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"tropekg: error: {path}:2:21: byte 0xe9 is not UTF-8; save the file as UTF-8\n"


def test_unknown_parents_cycles_and_unlinked_rows_warn(tmp_path, run):
    path = write(tmp_path, row(iri="https://ex.org/a", label="a", broader="https://ex.org/b|https://ex.org/z"),
                 row(iri="https://ex.org/b", label="b", broader="https://ex.org/a"),
                 row(iri="https://ex.org/c", label="c"))
    result = run("import", "csv", str(path), "-o", str(tmp_path / "o.ttl"))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"tropekg: warning: {path}:4: field types: empty, and no relation makes https://ex.org/c a concept; "
        "typed skos:Concept",
        f"tropekg: warning: {path}:2: field broader: https://ex.org/z is not a row of the table (kept as broader)",
        f"tropekg: warning: {path}:2: field broader: the parents of https://ex.org/a lead round in a cycle "
        "(kept as broader)",
        f"tropekg: warning: {path}:3: field broader: the parents of https://ex.org/b lead round in a cycle "
        "(kept as broader)",
        f"tropekg: 4 warnings: imported as is; run `tropekg validate {tmp_path / 'o.ttl'}` for the findings"]


def test_xlsx_round_trip_on_the_bundled_taxonomy(bundled, run, tmp_path):
    from openpyxl import load_workbook

    book = render(bundled, "xlsx")
    path = tmp_path / "t.xlsx"
    path.write_bytes(book)
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = [[c or "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert rows == [r for r in __import__("csv").reader(render(bundled, "csv").decode().splitlines())]
    out = tmp_path / "t.ttl"
    result = run("import", "xlsx", str(path), "-o", str(out))
    assert result.exit_code == 0
    assert result.stderr.startswith(f"tropekg: warning: {path}: sheet 'concepts' row 1: the rows link to 8 ")
    assert render(tropekg.load([out]), "xlsx") == book


def workbook(tmp_path, rows: list[list[object]]):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "mine"
    for r in rows:
        sheet.append(r)
    path = tmp_path / "t.xlsx"
    book.save(path)
    return path


def test_xlsx_formulas_are_reported_never_evaluated_and_numbers_read_as_text(tmp_path, run):
    path = workbook(tmp_path, [["iri", "label", "altLabels", "types"],
                               ["https://ex.org/a", "=1+1", 42, "http://www.w3.org/2004/02/skos/core#Concept"]])
    result = run("import", "xlsx", str(path), "-f", "ntriples")
    assert result.exit_code == 0
    assert result.stderr == (
        f"tropekg: warning: {path}: sheet 'mine' cell B2: a formula, read as its text '=1+1' (never evaluated)\n"
        f"tropekg: 1 warning: imported as is; run `tropekg validate the output` for the findings\n")
    assert '<https://ex.org/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "=1+1"@en .' in result.stdout
    assert '<https://ex.org/a> <http://www.w3.org/2004/02/skos/core#altLabel> "42"@en .' in result.stdout


@pytest.mark.parametrize(("rows", "message"), [
    ([["iri", "label", "adult"], ["https://ex.org/a", "a", "yes"]],
     "{path}: sheet 'mine' cell C2: 'yes' is neither true nor false"),
    ([["iri", "label", "colour"]], "{path}: sheet 'mine' cell C1: unknown column 'colour'; the columns are "
     + ", ".join(COLUMNS)),
    ([["iri", "label"], ["https://ex.org/a", "a", "stray"]],
     "{path}: sheet 'mine' row 2: 3 fields, the header has 2; one field per column (in CSV, quote a "
     "cell that holds a comma)"),
])
def test_bad_workbooks_name_sheet_and_cell(tmp_path, run, rows, message):
    path = workbook(tmp_path, rows)
    result = run("import", "xlsx", str(path), "-o", str(tmp_path / "o.ttl"))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"tropekg: error: {message.format(path=path)}\n"
    assert not (tmp_path / "o.ttl").exists()


def test_not_a_workbook(tmp_path, run):
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"iri,label\r\n")
    result = run("import", "xlsx", str(path))
    assert result.exit_code == 2
    assert result.stderr == (f"tropekg: error: {path}: not an XLSX workbook (File is not a zip file); "
                             "save it from the spreadsheet as .xlsx\n")


def test_a_workbook_part_with_a_dtd_is_refused(tmp_path, run):
    import zipfile

    good = workbook(tmp_path, [["iri", "label"]])
    bad = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data
            dst.writestr(info, data)
    result = run("import", "xlsx", str(bad))
    assert result.exit_code == 2
    assert result.stderr == (f"tropekg: error: {bad}: part xl/worksheets/sheet1.xml declares a DTD, which XLSX "
                             "never has; refused\n")
