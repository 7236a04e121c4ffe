"""`tropekg reconcile` (tropekg/reconcile/table.py and its CLI wiring): every row kept with the concept, score,
label met and runner-up; CSV, TSV and XLSX; several tags a cell; types; the broader chain; the summary on
stderr; exit 1 with --fail-on unmatched; an unknown column exits 2 naming the columns."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import Workbook

from .conftest import CASES
from .test_cli import _on_a_terminal

VOCAB = str(CASES / "reconcile" / "tags.ttl")
EX = "http://example.org/tag/"
ROWS = [["id", "tag"], ["1", "NTR"], ["2", "ｎｔｒ "], ["3", "Affair"], ["4", "Romance;Drama"], ["5", ""],
        ["6", "Netorar"], ["7", "NTR"]]


def table(tmp_path, rows=ROWS, name="tags.csv", delimiter=",") -> str:
    path = tmp_path / name
    if name.endswith(".xlsx"):
        book = Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    else:
        with open(path, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, delimiter=delimiter).writerows(rows)
    return str(path)


def parsed(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_every_row_kept_with_concept_score_label_and_runner_up(run, tmp_path):
    result = run("reconcile", table(tmp_path), "--column", "tag", VOCAB)
    assert result.exit_code == 0, result.stderr
    rows = parsed(result.stdout)
    assert [r["id"] for r in rows] == ["1", "2", "3", "4", "5", "6", "7"]
    assert {k: rows[0][k] for k in list(rows[0])[2:]} == {
        "concept_iri": EX + "netorare", "concept_label": "Netorare", "score": "96", "match": "true",
        "matched_label": "NTR", "matched_kind": "altLabel", "matched_lang": "en", "runner_up_iri": "",
        "runner_up_label": "", "runner_up_score": ""}
    assert rows[1]["concept_iri"] == EX + "netorare" and rows[1]["match"] == "true"
    assert (rows[2]["match"], rows[2]["runner_up_iri"], rows[2]["runner_up_score"]) == ("false", EX + "cheating", "96")
    assert (rows[3]["concept_iri"], rows[3]["match"]) == (EX + "drama", "false")  # one word of two tags' names
    assert rows[4]["concept_iri"] == "" and rows[4]["match"] == ""
    assert result.stderr == ("tropekg: 7 rows, 5 distinct values: 2 matched, 1 ambiguous, 2 unmatched; most frequent "
                             "without a match: 'Affair' (1), 'Netorar' (1), 'Romance;Drama' (1)\n")


def test_separator_type_expand_and_json(run, tmp_path):
    path = table(tmp_path)
    result = run("reconcile", path, "--column", "tag", VOCAB, "--separator", ";", "--expand")
    rows = parsed(result.stdout)
    assert (rows[3]["concept_iri"], rows[3]["match"]) == (f"{EX}romance;{EX}drama", "true;true")
    assert (rows[0]["broader_iris"], rows[0]["broader_labels"]) == (EX + "drama", "Drama")
    typed = parsed(run("reconcile", path, "--column", "tag", VOCAB, "--type", "Other tags").stdout)
    assert (typed[2]["concept_iri"], typed[2]["match"]) == (EX + "affair", "true")
    data = json.loads(run("reconcile", path, "--column", "tag", VOCAB, "-f", "json").stdout)
    assert data[0] == {"id": "1", "tag": "NTR", "reconciled": [{
        "value": "NTR", "state": "matched", "concept_iri": EX + "netorare", "concept_label": "Netorare", "score": 96.0,
        "matched_label": "NTR", "matched_kind": "altLabel", "matched_lang": "en", "match": True}]}
    assert data[4]["reconciled"] == []


@pytest.mark.parametrize("name, delimiter", [("tags.tsv", "\t"), ("tags.xlsx", ",")])
def test_tsv_and_xlsx_read_like_csv(run, tmp_path, name, delimiter):
    csv_out = run("reconcile", table(tmp_path), "--column", "tag", VOCAB).stdout
    other = run("reconcile", table(tmp_path, name=name, delimiter=delimiter), "--column", "tag", VOCAB)
    assert other.exit_code == 0 and other.stdout == csv_out


def test_fail_on_unmatched_and_output_file(run, tmp_path):
    path = table(tmp_path)
    assert run("reconcile", path, "--column", "tag", VOCAB, "--fail-on", "unmatched").exit_code == 1
    good = table(tmp_path, [["tag"], ["NTR"], ["Romance"]], name="good.csv")
    out = tmp_path / "out.csv"
    result = run("reconcile", good, "--column", "tag", VOCAB, "--fail-on", "unmatched", "-o", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "tropekg: 2 rows, 2 distinct values: 2 matched, 0 ambiguous, 0 unmatched\n"
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("NTR,http://example.org/tag/netorare,")


def test_unknown_column_or_table_kind_exits_2_naming_what_there_is(run, tmp_path):
    path = table(tmp_path)
    result = run("reconcile", path, "--column", "tags", VOCAB)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"tropekg: error: --column 'tags': {path} has no such column; its columns: 'id', 'tag'\n"
    other = tmp_path / "tags.txt"
    other.write_text("tag\nNTR\n")
    result = run("reconcile", str(other), "--column", "tag", VOCAB)
    assert result.stderr == f"tropekg: error: {other}: a table must be .csv, .tsv or .xlsx, not '.txt'\n"


def test_progress_on_a_terminal(tmp_path):
    code, terminal = _on_a_terminal("reconcile", table(tmp_path), "--column", "tag", VOCAB)
    assert code == 0 and "indexing labels" in terminal and "matching 0/5" in terminal and "\r\x1b[K" in terminal
