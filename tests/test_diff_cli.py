"""`tropekg diff` wiring: exit codes (0, --fail-on 1, bad input 2), stdout and stderr apart, -o written whole."""

from __future__ import annotations

import gzip

from .conftest import CASES, ROOT

DIFF = CASES / "diff"


def side(name: str, version: str) -> str:
    return str(DIFF / f"{name}.{version}.ttl")


def test_same_version_reports_nothing_and_exits_0(run):
    result = run("diff", side("labels", "old"), side("labels", "old"), "--fail-on", "any")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "no changes\n", "")
    result = run("diff", "-", "-", "-f", "markdown")
    assert (result.exit_code, result.stdout) == (0, "## Vocabulary changes\n\nNo changes.\n")


def test_fail_on_breaking_and_any(run):
    labels = side("labels", "old"), side("labels", "new")
    deprecation = side("deprecation", "old"), side("deprecation", "new")
    assert run("diff", *labels).exit_code == 0
    assert run("diff", *labels, "--fail-on", "breaking").exit_code == 1
    assert run("diff", *deprecation, "--fail-on", "breaking").exit_code == 0
    assert run("diff", *deprecation, "--fail-on", "any").exit_code == 1
    assert run("diff", *reversed(deprecation), "--fail-on", "breaking").exit_code == 0


def test_text_groups_the_changes(run):
    result = run("diff", side("concepts", "old"), side("concepts", "new"))
    assert result.stdout.splitlines()[:4] == [
        "2 added, 2 removed, 0 changed concepts; 2 breaking changes; triples +4 -5", "", "Removed (breaking)",
        "  - Gone  http://example.org/v/gone"]
    assert "\x1b[" not in result.stdout  # no colour off a terminal


def test_a_folder_is_one_side(run, tmp_path):
    result = run("diff", str(ROOT / "taxonomy"), "-", "-f", "json")
    assert result.exit_code == 0 and '"concepts": []' in result.stdout  # the bundled side adds the ontology only
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "broken.ttl").write_text("not turtle", encoding="utf-8")
    result = run("diff", str(tmp_path), "-")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tropekg: error: {tmp_path}: a folder without RDF files (")
    (tmp_path / "v1").mkdir()
    (tmp_path / "v1" / "a.ttl").write_text((DIFF / "links.old.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("diff", str(tmp_path), side("links", "old"))
    assert (result.exit_code, result.stdout) == (0, "no changes\n")
    # Extensions in any case, gzipped too, as load() reads them: the folder's one file is now A.TTL.GZ.
    (tmp_path / "v1" / "A.TTL.GZ").write_bytes(gzip.compress((tmp_path / "v1" / "a.ttl").read_bytes()))
    (tmp_path / "v1" / "a.ttl").unlink()
    result = run("diff", str(tmp_path), side("links", "old"))
    assert (result.exit_code, result.stdout) == (0, "no changes\n")


def test_bad_input_exits_2_and_writes_nothing(run, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    out = tmp_path / "changes.md"
    result = run("diff", side("labels", "old"), str(broken), "-f", "markdown", "-o", str(out))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"tropekg: error: {broken}:2:")
    assert not out.exists() and list(tmp_path.iterdir()) == [broken]
    missing = run("diff", str(tmp_path / "nope.ttl"), "-")
    assert (missing.exit_code, missing.stderr) == (2, f"tropekg: error: {tmp_path / 'nope.ttl'}: no such file; "
                                                      "check the path\n")


def test_output_file(run, tmp_path):
    out = tmp_path / "update.rq"
    result = run("diff", side("links", "old"), side("links", "new"), "-f", "sparql", "-o", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    assert out.read_text(encoding="utf-8").startswith("# SPARQL 1.1 Update from tropekg diff: 3 triples deleted, "
                                                      "4 inserted\nDELETE DATA {\n")


def test_lang_picks_the_labels_shown(run):
    result = run("diff", side("labels", "old"), side("labels", "new"), "--lang", "ja", "-f", "json")
    assert result.exit_code == 0
    assert '"label": "ネトラレ"' in result.stdout and '"label": "Netorare"' not in result.stdout
