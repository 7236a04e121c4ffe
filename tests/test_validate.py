"""validate/runner.py: every rule has a case that triggers exactly it, valid cases and the taxonomy stay clean,
planted defects of gen_vocab are found, Curies shorten as curie() does, the CLI's exit codes and settings."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tropekg
from tropekg.sources.resources import bundled_sources
from tropekg.validate.rules import all_rules
from tropekg.validate.runner import validate

from .conftest import CASES, shared

INVALID = sorted((CASES / "invalid").glob("*.ttl"))


VALID = sorted((CASES / "valid").glob("*.ttl"))


PLANTED = {"cycle": "chr", "dup_preflabel": "S14", "pref_alt_clash": "S13", "related_broader": "S27",
           "no_preflabel": "ml", "dangling_broader": "dangling", "orphan": "oc"}


def header(path) -> dict[str, str]:
    """`# rule: X  count: N  focus: <iri>[,<iri>...]  with: bundled` from a case file's first line."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return dict(re.findall(r"(\w+):\s+(\S+)", first))


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_case_gives_exactly_its_findings(case):
    meta = header(case)
    files = [*bundled_sources(), case] if meta.get("with") == "bundled" else [case]
    # Read as `tropekg validate` reads: leniently, so invalid IRIs are findings (invalid-iri.ttl).
    report = validate(tropekg.load(files, lenient=True), select=[meta["rule"]])
    assert [f.rule for f in report.findings] == [meta["rule"]] * int(meta["count"])
    assert {f.focus for f in report.findings} == {iri.strip("<>") for iri in meta["focus"].split(",")}
    assert all(f.message and "{" not in f.message for f in report.findings)
    assert not report.conforms or all(f.severity == "info" for f in report.findings)


def test_every_rule_has_an_invalid_case():
    covered = {header(p)["rule"] for p in INVALID}
    assert {r.id for r in all_rules()} - covered == set()


@pytest.mark.parametrize("case", VALID, ids=[p.stem for p in VALID])
def test_valid_case_has_no_findings(case):
    report = validate(tropekg.load([case]))
    assert report.findings == [] and report.conforms


def test_bundled_taxonomy_is_clean(bundled):
    report = validate(bundled, select=["all"])
    # Info-level rules that flag the taxonomy by design (docs/rules.md, "The bundled taxonomy"): terms are English-first with
    # Japanese only where the term is Japanese (ilc), and only tags VNDB or AniList have are mapped (mol).
    assert {f.rule for f in report.findings} <= {"ilc", "mol"}
    assert all(f.severity == "info" for f in report.findings)
    assert report.conforms


def test_planted_defects_are_found_and_nothing_else(tmp_path):
    gen = shared("bench", "gen_vocab.py")
    vocab_file, key_file = tmp_path / "v.ttl", tmp_path / "key.json"
    with vocab_file.open("w") as out:
        subprocess.run([sys.executable, str(gen), "2000", "--defects", "5", "--key", str(key_file)],
                       stdout=out, check=True)
    key = json.loads(key_file.read_text())["defects"]
    report = validate(tropekg.load([vocab_file]), select=sorted(PLANTED.values()))
    for defect, rule in PLANTED.items():
        found = {frozenset((f.focus, *f.others)) for f in report.findings if f.rule == rule}
        expected = {frozenset(iris) for iris in key[defect]}
        if rule == "dangling":  # the focus is the concept, the missing target is its other resource
            found = {frozenset([f.focus]) for f in report.findings if f.rule == rule}
        if rule == "ml":  # a dangling target is a concept by skos:broader's range (SKOS reference 8.6), unlabelled
            expected |= {frozenset(f.others) for f in report.findings if f.rule == "dangling"}
        assert found == expected, rule


def test_real_thesauri_run_to_the_end():
    """STW's 1,150 deprecated concepts have no labels: tombstones, never reported as missing labels."""
    vocab = tropekg.load([shared("vocabs", "stw-9.16.ttl")])
    deprecated = {row[0].value for row in vocab.rows("SELECT ?c WHERE { ?c owl:deprecated true }")}
    report = validate(vocab, select=["ml", "deprecated-used", "S14"])
    assert len(deprecated) == 1150
    assert not {f.focus for f in report.findings if f.rule == "ml"} & deprecated


def test_cli_exit_codes_and_streams(run, tmp_path):
    bad = str(CASES / "invalid" / "S27.ttl")
    result = run("validate", bad, "--select", "S27")
    assert result.exit_code == 1 and "S27" in result.stdout and result.stderr == ""
    assert run("validate", bad, "--select", "S27", "--fail-on", "error").exit_code == 1
    assert run("validate", str(VALID[0])).exit_code == 0
    result = run("validate", bad, "--select", "nope")
    assert result.exit_code == 2 and "nope" in result.stderr and result.stdout == ""
    out = tmp_path / "r.json"
    assert run("validate", bad, "--select", "S27", "-f", "json", "-o", str(out)).exit_code == 1
    assert json.loads(out.read_text())["summary"]["byRule"] == {"S27": 1}
    assert run("validate", bad, "--fix").exit_code == 2  # --fix needs -o


def test_cli_reads_pyproject_settings(run, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.tropekg]\nignore = ["rc", "urc", "uc"]\n')
    monkeypatch.chdir(tmp_path)
    assert run("validate", str(CASES / "invalid" / "S27.ttl")).exit_code == 0


_NS = st.sampled_from(["http://ex.org/", "http://ex.org/c_", "http://ex.org/a#", "http://ex.org/a", "", "urn:x:"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["ex", "c", "h", "a", "e", "u"]), _NS, max_size=5),
       _NS, st.text(alphabet="ab_.-/#:é² ", max_size=6))
def test_curies_shorten_as_curie_does(prefixes, namespace, local):
    """The validator's one-lookup Curies against namespaces.curie(), the plain longest-prefix rule."""
    from tropekg.namespaces import curie
    from tropekg.validate.naming import Curies

    iri = namespace + local
    assert Curies(prefixes)(iri) == curie(iri, prefixes)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["ex", "c", "h", "a", "e", "u"]), _NS, max_size=5),
       st.lists(st.tuples(_NS, st.text(alphabet="ab_.-/#:é² ", max_size=6)), max_size=30))
def test_curies_made_in_bulk_are_those_made_one_by_one(prefixes, iris):
    """Curies.fill in polars (from naming._BULK IRIs, here from one) against curie(), IRI for IRI."""
    from tropekg.namespaces import curie
    from tropekg.validate import naming

    iris = [namespace + local for namespace, local in iris]
    short = naming.Curies(prefixes)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(naming, "_BULK", 1)
        short.fill(iris)
    assert dict(short) == {iri: curie(iri, prefixes) for iri in iris}


def test_names_made_in_bulk_are_those_made_one_by_one():
    """Names.fill in polars against Names looked up one by one: "label (CURIE)", the CURIE alone without a
    label (an empty label is a label), non-ASCII IRIs too."""
    from tropekg.validate import naming

    prefixes = {"ex": "http://ex.org/", "c": "http://ex.org/c_"}
    iris = ["http://ex.org/a", "http://ex.org/c_b", "http://ex.org/é", "http://other.org/x", "http://ex.org/e"]
    labels = {"http://ex.org/a": "A", "http://ex.org/é": "É (x)", "http://ex.org/e": ""}
    one_by_one = naming.Names(labels, naming.Curies(prefixes))
    bulk = naming.Names(labels, naming.Curies(prefixes))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(naming, "_BULK", 1)
        bulk.fill(iris)
    assert dict(bulk) == {iri: one_by_one[iri] for iri in iris} == {
        "http://ex.org/a": "A (ex:a)", "http://ex.org/c_b": "c:b", "http://ex.org/é": "É (x) (ex:é)",
        "http://other.org/x": "http://other.org/x", "http://ex.org/e": " (ex:e)"}
    assert dict(bulk.short) == dict(one_by_one.short)


_LABELLED = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/l/> .
@prefix my: <https://example.org/my#> .
my:title rdfs:subPropertyOf skos:prefLabel .
ex:a skos:prefLabel "a!"@en, "a\\n"@en, "z"@de .
ex:b skos:prefLabel "B \\"quoted\\""@en, "Bz"@en .
ex:c skos:prefLabel "Cé"@EN, "C"@de .
ex:d skos:prefLabel "D"@de ; my:title "Dt"@en .
ex:e skos:prefLabel "E" .
ex:f skos:altLabel "F"@en .
""".replace("@prefix my:", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n@prefix my:")


@pytest.mark.parametrize("scan", [0, 20_000])
def test_labels_from_the_columns_are_the_stores(tmp_path, monkeypatch, scan):
    """labels_from_columns against labels_of (the store), with many IRIs (the least stated label in the display
    language first: in the columns unless an escape orders it otherwise, "a\\n" before "a!") and with few."""
    from tropekg.validate import naming
    from tropekg.validate.columns import Columns
    from tropekg.validate.entailment import entailed

    path = tmp_path / "labels.ttl"
    path.write_text(_LABELLED, encoding="utf-8")
    monkeypatch.setattr(naming, "_LABEL_SCAN", scan)
    found = []
    for vocab in (tropekg.load([path]), tropekg.load([shared("vocabs", "stw-9.16.ttl")])):
        cols = Columns.of(vocab)
        iris = {q.subject.value for q in vocab.store.quads_for_pattern(None, None, None)
                if isinstance(q.subject, ox.NamedNode)} | {"https://example.org/l/none"}
        with entailed(vocab):  # labels_of reads the entailed prefLabels (my:title) as validate's report does
            for lang in ("en", "de", "fr"):
                found.append(naming.labels_from_columns(cols, iris, lang, {}))
                assert found[-1] == naming.labels_of(vocab, iris, lang)
    assert found[0]["https://example.org/l/a"] == "a\n" and found[0]["https://example.org/l/d"] == "Dt"
