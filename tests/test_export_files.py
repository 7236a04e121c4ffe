"""File names from hostile IRIs stay inside the output folder; every write is atomic; exports are byte-identical."""

from __future__ import annotations

import os
import re
from urllib.parse import unquote

import pytest

import tropekg
from tropekg.errors import ExportError
from tropekg.export import FORMATS, export_to, render
from tropekg.export import files as files_module
from tropekg.export.files import MARKER, safe_stem, unique_stems
from tropekg.export.mediawiki import clean_title

from .conftest import CASES
from .exporting import sample

HOSTILE = CASES / "export" / "hostile.ttl"


@pytest.mark.parametrize("text", ["../../etc/passwd", "/abs/path", "C:\\Windows", "a\0b", "..", ".", "", "CON",
                                  "nul.txt", "Lpt1", "com¹", "x" * 400, "日本語" * 60, " - ", "a/b\\c:d*e?f\"g<h>i|j"])
def test_safe_stem_is_one_harmless_name(text):
    stem = safe_stem(text)
    assert stem and "/" not in stem and "\\" not in stem and "\0" not in stem and not stem.startswith(".")
    assert len(stem.encode("utf-8")) <= 100
    assert stem.split(".")[0].lower() not in {"con", "prn", "aux", "nul", "com1", "lpt1", "com¹"}
    assert all(ch.isalnum() or ch in "-_" for ch in stem)


def test_stems_that_clash_ignoring_case_all_get_a_hash():
    stems = unique_stems({"http://x/Foo": "Foo", "http://x/foo": "foo", "http://x/bar": "bar"})
    assert stems["http://x/bar"] == "bar"
    assert stems["http://x/Foo"].casefold() != stems["http://x/foo"].casefold()
    assert stems["http://x/Foo"].startswith("Foo-") and stems["http://x/foo"].startswith("foo-")


def test_hostile_iris_stay_inside_the_folder(tmp_path):
    vocab = tropekg.load([HOSTILE])
    out = tmp_path / "out" / "md"
    export_to(vocab, "markdown", out)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(out.resolve() in p.resolve().parents for p in written)
    pages = list((out / "concepts").glob("*.md"))
    assert len(pages) == 13  # one per concept: nothing overwrote anything
    assert len({p.name.casefold() for p in pages}) == 13
    assert not (tmp_path / "etc").exists()
    assert (out / "concepts" / "寝取られ.md").is_file()
    for page in [*pages, out / "index.md", out / "hierarchy.md"]:
        for href in re.findall(r"\]\(([^)]+\.md)\)", page.read_text(encoding="utf-8")):
            assert (page.parent / unquote(href)).is_file(), (page.name, href)


def test_hostile_labels_make_valid_wiki_titles():
    titles = [clean_title(t) for t in ("Category:X", "Template:Y", "a[b]c{d}e|f#g<h>i_j%k", "../x", "~~~~",
                                       "x" * 300)]
    for title in titles:
        assert not any(ch in title for ch in "[]{}|#<>_%:~") and not title.startswith((".", "/"))
        assert 0 < len(title.encode("utf-8")) <= 200
    assert render(tropekg.load([HOSTILE]), "mediawiki").count(b"<page>") == 1 + 13 + 0 + 1  # template, concepts, categories, Hierarchy


def test_existing_file_survives_a_failed_export(tmp_path):
    target = tmp_path / "out.rdf"
    target.write_text("previous")
    bad = tmp_path / "bad.nt"
    bad.write_text('<http://x/a> <http://x/p> "bell\\u0007" .\n')
    with pytest.raises(ExportError):
        export_to(tropekg.load([bad]), "rdfxml", target)
    assert target.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.nt", "out.rdf"]


def test_interrupted_folder_export_leaves_the_previous_folder(tmp_path, monkeypatch, bundled):
    out = tmp_path / "md"
    export_to(bundled, "markdown", out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    calls = {"n": 0}
    write = files_module._write_new

    def failing(path, data):
        calls["n"] += 1
        if calls["n"] > 5:
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C half way through the pages
        write(path, data)

    monkeypatch.setattr(files_module, "_write_new", failing)
    with pytest.raises(KeyboardInterrupt):
        export_to(bundled, "markdown", out)
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["md"]  # no temporary folder left behind


def test_a_folder_that_is_not_an_export_is_never_replaced(tmp_path, bundled):
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "precious.txt").write_text("keep")
    with pytest.raises(ExportError, match="not an earlier tropekg export"):
        export_to(bundled, "markdown", mine)
    assert (mine / "precious.txt").read_text() == "keep"


def test_re_export_replaces_an_earlier_export(tmp_path, bundled):
    out = tmp_path / "md"
    export_to(bundled, "markdown", out)
    (out / "concepts" / "stale.md").write_text("old page")
    export_to(bundled, "markdown", out)
    assert (out / MARKER).exists() and not (out / "concepts" / "stale.md").exists()


def test_inside_check_refuses_escaping_paths(tmp_path):
    for bad in ("../x", "/etc/passwd", "a/../../x"):
        with pytest.raises(ExportError):
            files_module._inside(tmp_path, bad)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_is_byte_identical_twice_and_atomic(fmt, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    export_to(sample(), fmt, one)
    export_to(sample(), fmt, two)
    if one.is_dir():
        a = {p.relative_to(one): p.read_bytes() for p in one.rglob("*") if p.is_file()}
        b = {p.relative_to(two): p.read_bytes() for p in two.rglob("*") if p.is_file()}
        assert a == b
    else:
        assert one.read_bytes() == two.read_bytes()
        assert oct(os.stat(one).st_mode & 0o777) == "0o644"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
