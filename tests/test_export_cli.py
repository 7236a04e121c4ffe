"""CLI wiring of export and build: exit codes, stdout and stderr apart, one-line errors, no partial files."""

from __future__ import annotations

import json

from tropekg.export import FORMATS

from .conftest import CASES


def test_format_choices_come_from_the_registry(run):
    result = run("export", "--help")
    assert result.exit_code == 0
    for fmt in FORMATS:
        assert fmt in result.stdout


def test_export_to_stdout(run):
    result = run("export", "-f", "jsonld")
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["@context"]["prefLabel"] == {"@id": "skos:prefLabel", "@container": "@language"}


def test_export_context_option(run):
    result = run("export", "-f", "jsonld", "--context", "https://example.org/ctx.jsonld")
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["@context"] == "https://example.org/ctx.jsonld"


def test_export_context_option_on_another_format_exits_2(run):
    result = run("export", "-f", "turtle", "--context", "https://example.org/ctx.jsonld")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("tropekg: error: --context: only -f jsonld references a context, not -f turtle; "
                             "leave --context out\n")


def test_export_to_file_prints_nothing(run, tmp_path):
    out = tmp_path / "t.csv"
    result = run("export", "-f", "csv", "--lang", "ja", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    assert "寝取られ" in out.read_text(encoding="utf-8")


def test_folder_format_needs_a_directory(run):
    result = run("export", "-f", "markdown")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "tropekg: error: --format markdown writes a folder of files; give it with -o DIR\n"


def test_bad_scheme_is_one_line_exit_2(run, tmp_path):
    out = tmp_path / "x.ttl"
    result = run("export", "-f", "turtle", "--scheme", "tkid:nope", "-o", str(out))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("tropekg: error: --scheme tkid:nope: not a concept scheme")
    assert not out.exists()


def test_malformed_input_is_one_line_exit_2(run, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://x/> .\nex:a ex:b "open .\n')
    out = tmp_path / "out.nt"
    result = run("export", "-f", "ntriples", str(bad), "-o", str(out))
    assert result.exit_code == 2 and result.stderr.startswith(f"tropekg: error: {bad}:")
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["bad.ttl"]


def test_build_prints_the_files_and_exits_0(run, tmp_path):
    result = run("build", "-o", str(tmp_path / "rel"))
    assert result.exit_code == 0, result.stderr
    assert "tropekg.ttl" in result.stdout and "manifest.json" in result.stdout
    assert (tmp_path / "rel" / "manifest.json").is_file()


def test_build_exits_1_and_writes_nothing_when_invalid(run, tmp_path):
    result = run("build", str(CASES / "invalid" / "S14.ttl"), "-o", str(tmp_path / "rel"))
    assert result.exit_code == 1
    assert "S14" in result.stdout and "nothing written" in result.stderr
    assert not (tmp_path / "rel").exists()
