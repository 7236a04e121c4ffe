"""`tropekg diff`: every kind of change on small handmade pairs (tests/cases/diff/*.old.ttl and *.new.ttl, the
first line of the old file naming what the pair must show), identity, mirror images, blank nodes and cycles."""

from __future__ import annotations

import json

import pytest

import tropekg
from tropekg.diff import compare, mirror, render
from tropekg.diff.changes import KINDS, excerpt

from .conftest import CASES

PAIRS = sorted(p.name.removesuffix(".old.ttl") for p in (CASES / "diff").glob("*.old.ttl"))


def pair(name: str):
    return tropekg.load([CASES / "diff" / f"{name}.old.ttl"]), tropekg.load([CASES / "diff" / f"{name}.new.ttl"])


def expected(name: str) -> dict:
    """`# expect: KIND... ; replacements KIND... ; hints N ; outside N` from the old file's first line."""
    head = (CASES / "diff" / f"{name}.old.ttl").read_text(encoding="utf-8").split("\n", 1)[0]
    parts = [p.split() for p in head.removeprefix("# expect:").split(";")]
    found = {"kinds": sorted(parts[0]), "replacements": [], "hints": 0, "outside": 0}
    for key, *values in (p for p in parts[1:] if p):
        found[key] = sorted(values) if key == "replacements" else int(values[0])
    return found


def without_labels(document):
    """The document with every display label and breaking flag dropped: labels come from NEW first, so they
    differ between diff OLD NEW and diff NEW OLD when a label changed."""
    if isinstance(document, dict):
        return {k: without_labels(v) for k, v in document.items() if k not in ("label", "breaking", "summary")
                or not isinstance(v, str | bool | dict)}
    if isinstance(document, list):
        return [without_labels(v) for v in document]
    return document


def test_every_kind_of_change_has_a_pair():
    shown = set()
    for name in PAIRS:
        shown |= set(expected(name)["kinds"])
    assert shown == set(KINDS)


@pytest.mark.parametrize("name", PAIRS)
def test_pair_shows_what_its_first_line_names(name):
    result = compare(*pair(name))
    want = expected(name)
    assert sorted({c["kind"] for concept in result.concepts for c in concept["changes"]}) == want["kinds"]
    assert sorted(r["kind"] for r in result.replacements) == want["replacements"]
    assert len(result.hints) == want["hints"]
    assert len(result.outside["subjects"]) == want["outside"]


@pytest.mark.parametrize("name", PAIRS)
def test_diff_of_a_version_with_itself_is_empty(name):
    old, _ = pair(name)
    result = compare(old, tropekg.load([CASES / "diff" / f"{name}.old.ttl"]))
    assert result.empty and not result.concepts and not result.outside["subjects"]
    assert render(result, "text") == "no changes\n"


@pytest.mark.parametrize("name", PAIRS)
def test_new_old_is_the_mirror_image_of_old_new(name):
    old, new = pair(name)
    forward, backward = compare(old, new).as_dict(), compare(new, old).as_dict()
    assert without_labels(mirror(forward)) == without_labels({k: v for k, v in backward.items() if k != "summary"})
    assert forward["summary"]["triples"] == {"added": backward["summary"]["triples"]["removed"],
                                             "removed": backward["summary"]["triples"]["added"]}


def changes_of(result, iri: str) -> list[dict]:
    return next(c["changes"] for c in result.concepts if c["iri"] == "http://example.org/v/" + iri)


def test_renames_break_filters_only_when_the_old_label_is_gone():
    result = compare(*pair("labels"))
    assert changes_of(result, "a")[0] == {"kind": "renamed", "lang": "ja", "old": "寝取られ", "new": "ネトラレ",
                                          "breaking": True}
    renamed, kept_as_alias, new_language = changes_of(result, "b")
    assert renamed == {"kind": "renamed", "lang": "en", "old": "Cheating", "new": "Infidelity", "breaking": False}
    assert kept_as_alias["kind"] == "label-added" and kept_as_alias["property"] == "skos:altLabel"
    assert new_language == {"kind": "label-added", "property": "skos:prefLabel", "lang": "de", "old": None,
                            "new": "Untreue", "breaking": False}
    assert changes_of(result, "c")[0]["breaking"] is True
    assert result.summary["breaking"] == 2 and result.summary["aliasesChanged"] == 3


def test_hierarchy_reads_narrower_on_the_child_and_cycles_are_normal_input():
    result = compare(*pair("hierarchy"))
    x = changes_of(result, "x")
    assert x == [{"kind": "reparented", "old": [{"iri": "http://example.org/v/root", "label": "root"}],
                  "new": [{"iri": "http://example.org/v/other", "label": "other"}], "breaking": False}]
    assert [c["kind"] for c in changes_of(result, "y")] == ["primary-parent", "schemes"]
    assert [c["kind"] for c in changes_of(result, "q")] == ["reparented"]
    assert "root" not in {c["iri"].rsplit("/", 1)[1] for c in result.concepts}  # stated there, reported on x


def test_merges_and_splits_come_from_is_replaced_by():
    result = compare(*pair("deprecation"))
    merge, split = result.replacements
    assert [r["iri"][-2:] for r in merge["old"]] == ["a1", "a2"] and merge["new"][0]["label"] == "Netorase"
    assert [r["label"] for r in split["new"]] == ["Cheating", "NTR"] and split["withdrawn"] is False
    assert changes_of(result, "a1")[0] == {"kind": "deprecated", "replacedBy": [
        {"iri": "http://example.org/v/m", "label": "Netorase"}], "old": None, "new": None, "breaking": False}
    assert compare(*reversed(pair("deprecation"))).replacements[0]["withdrawn"] is True


def test_likely_renames_are_hints_from_a_shared_label():
    result = compare(*pair("concepts"))
    assert [(h["old"]["iri"][-6:], h["new"]["iri"][-6:], h["label"]) for h in result.hints] == [
        ("old-id", "new-id", "childhood friend")]
    assert [c["changes"][0]["breaking"] for c in result.concepts] == [False, True, False, True]


def test_notes_show_a_word_level_excerpt():
    definition = changes_of(compare(*pair("notes")), "a")[0]
    assert definition["excerpt"] == "The protagonist [-takes-] {+steals+} a partner away from someone …"
    assert excerpt("a b c", "a c d") == "a [-b-] c {+d+}"


def test_facet_links_are_named():
    consent = [c for c in changes_of(compare(*pair("links")), "a") if c.get("facet")]
    assert [(c["kind"], c["facet"], (c["old"] or c["new"])["label"]) for c in consent] == [
        ("link-removed", "consent", "Without agreement"), ("link-added", "consent", "With agreement")]


def test_blank_nodes_are_matched_by_content_not_by_id():
    result = compare(*pair("blanks"))
    assert [c["iri"][-1] for c in result.concepts] == ["b"]  # a's trees are written differently, alike
    removed, added = changes_of(result, "b")
    assert removed["old"] == '[ <http://example.org/v/id> "514" ; <http://example.org/v/site> "vndb" ]'
    assert added["new"] == '[ <http://example.org/v/id> "1663" ; <http://example.org/v/site> "vndb" ]'
    assert result.outside["added"] == 2 and result.outside["removed"] == 2


def test_json_document_is_the_as_dict():
    result = compare(*pair("links"))
    assert json.loads(render(result, "json")) == json.loads(json.dumps(result.as_dict()))
    assert list(result.as_dict()) == ["summary", "concepts", "replacements", "hints", "outside"]


def test_a_child_named_only_by_its_parent(tmp_path):
    def version(text: str):
        path = tmp_path / f"v{len(text)}.ttl"
        path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                        "@prefix ex: <http://example.org/v/> .\n" + text, encoding="utf-8")
        return tropekg.load([path])

    result = compare(version("ex:p a skos:Concept ; skos:narrower ex:c .\n"), version("ex:p a skos:Concept .\n"))
    assert result.concepts == [{"iri": "http://example.org/v/p", "label": "p", "changes": [
        {"kind": "link-removed", "property": "skos:narrower", "old": {"iri": "http://example.org/v/c", "label": "c"},
         "new": None, "breaking": False}]}]
    assert result.outside["subjects"] == [] and result.triples == {"added": 0, "removed": 1}


def test_blank_values_that_differ_deep_down_differ(tmp_path):
    def version(last: str):
        path = tmp_path / f"{last}.ttl"
        path.write_text('@prefix ex: <http://example.org/v/> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                        f'ex:a a skos:Concept ; ex:list ( "1" "2" "3" "4" "5" "{last}" ) .\n', encoding="utf-8")
        return tropekg.load([path])

    (concept,) = compare(version("6"), version("7")).concepts
    removed, added = concept["changes"]
    assert (removed["kind"], added["kind"]) == ("value-removed", "value-added")
    assert removed["old"].startswith("[ <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> \"1\" ; ")
    assert removed["old"] != added["new"]
