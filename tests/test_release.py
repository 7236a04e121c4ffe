"""`build`: validate, then every format in one folder with a manifest; deterministic; nothing written on failure."""

from __future__ import annotations

import hashlib
import json

import tropekg
from tropekg.export import FORMATS
from tropekg.release import build_release as build

from .conftest import CASES


def test_build_writes_every_format_and_a_manifest(bundled, tmp_path):
    out = tmp_path / "release"
    report, manifest = build(bundled, out)
    assert report.conforms and manifest is not None
    written = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert written == manifest
    assert [e["format"] for e in written["files"]] == list(FORMATS)
    assert written["triples"] == len(bundled) and written["concepts"] == 40
    for entry in written["files"]:
        path = out / entry["file"]
        if entry["file"].endswith("/"):
            assert path.is_dir() and entry["files"] == len([p for p in path.rglob("*") if p.is_file()])
        else:
            data = path.read_bytes()
            assert entry["size"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["concepts"] == 40
        assert entry["triples"] == (len(bundled) if FORMATS[entry["format"]].module in ("rdf", "jsonld") else None)


def test_two_builds_are_byte_identical(bundled, tmp_path):
    build(bundled, tmp_path / "a")
    build(tropekg.load(), tmp_path / "b")
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert a == b


def test_build_writes_nothing_when_validation_fails(tmp_path):
    out = tmp_path / "release"
    report, manifest = build(tropekg.load([CASES / "invalid" / "S14.ttl"]), out)
    assert manifest is None and not report.conforms
    assert not out.exists() and list(tmp_path.iterdir()) == []
