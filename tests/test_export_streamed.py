"""export.streamed: the exports written from the files without a store give render()'s bytes; errors stay
one line, with no partial output and no runs left behind."""

from __future__ import annotations

import pytest

import tropekg
from tropekg.export import Options, export_files, render
from tropekg.export.streamed import STREAMED

from .conftest import shared
from .test_runs import ODD, TRIG


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "odd.ttl").write_text(ODD, encoding="utf-8")
    (folder / "odd.trig").write_text(TRIG, encoding="utf-8")
    return {"bundled": None, "odd": [str(folder / "odd.ttl"), str(folder / "odd.trig")]}


@pytest.fixture(autouse=True)
def every_input_streams(monkeypatch):
    # Below sources.reader.LARGE_INPUT_BYTES exports go through the store; these tests compare the streamed path.
    monkeypatch.setattr("tropekg.sources.reader.LARGE_INPUT_BYTES", 0)


OPTIONS = [Options(), Options(lang="ja", include_deprecated=True), Options(context="https://example.org/c.jsonld")]


@pytest.mark.parametrize("fmt", sorted(STREAMED))
def test_streamed_exports_are_renders_bytes(fmt, inputs, tmp_path):
    for name, paths in inputs.items():
        vocab = tropekg.load(paths)
        for n, options in enumerate(OPTIONS):
            if options.context and fmt != "jsonld":
                continue
            out = tmp_path / name / f"{n}.{fmt}"
            assert export_files(paths, None, fmt, out, options) is None
            assert out.read_bytes() == render(vocab, fmt, options), (name, options)
            assert sorted(p.name for p in out.parent.iterdir()) == [f"{i}.{fmt}" for i in range(n + 1)
                                                                     if fmt == "jsonld" or i < 2]


def test_stw_csv_and_turtle(tmp_path):
    stw = [str(shared("qskos", "resources", "stw.rdf"))]
    vocab = tropekg.load(stw)
    for fmt in ("csv", "turtle"):
        export_files(stw, None, fmt, tmp_path / f"stw.{fmt}")
        assert (tmp_path / f"stw.{fmt}").read_bytes() == render(vocab, fmt)


def test_a_syntax_error_leaves_no_file_and_no_runs(run, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p ex:b .\nex:c ex:p .\n", encoding="utf-8")
    out = tmp_path / "out" / "x.ttl"
    result = run("export", "-f", "turtle", "-o", str(out), str(bad))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"tropekg: error: {bad}:3:")
    assert len(result.stderr.splitlines()) == 1
    assert list(out.parent.iterdir()) == []


def test_scheme_and_stdout_still_go_through_the_store(run, tmp_path):
    result = run("export", "-f", "csv", "--scheme", "tkid:themes", "-o", str(tmp_path / "t.csv"))
    assert result.exit_code == 0
    vocab = tropekg.load()
    assert (tmp_path / "t.csv").read_bytes() == render(vocab, "csv", Options(scheme="tkid:themes"))
    assert run("export", "-f", "turtle").stdout.encode("utf-8") == render(vocab, "turtle")


def test_only_large_input_streams(monkeypatch, tmp_path):
    import tropekg.export.streamed as streamed
    import tropekg.sources.reader as reader

    calls = []
    monkeypatch.setattr(streamed, "stream_to", lambda *args: calls.append(args[2]))
    small = tmp_path / "small.ttl"
    small.write_text("<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n", encoding="utf-8")
    monkeypatch.setattr(reader, "LARGE_INPUT_BYTES", small.stat().st_size + 1)
    assert export_files([str(small)], None, "turtle", tmp_path / "a.ttl") is None and calls == []
    assert (tmp_path / "a.ttl").read_bytes() == render(tropekg.load([str(small)]), "turtle")
    monkeypatch.setattr(reader, "LARGE_INPUT_BYTES", small.stat().st_size)
    assert export_files([str(small)], None, "turtle", tmp_path / "b.ttl") is None and calls == ["turtle"]
