"""validate/fixes.py: each fix repairs a copy, leaves the input, and removes its rule's findings."""

from __future__ import annotations

import pytest

import tropekg
from tropekg.sources.resources import bundled_sources
from tropekg.validate.runner import validate

from .conftest import CASES

INVALID = sorted((CASES / "invalid").glob("*.ttl"))


def test_fix_repairs_a_copy_and_leaves_the_input(tmp_path):
    from tropekg.validate.fixes import fix

    case = CASES / "invalid" / "S14.ttl"
    before = case.read_bytes()
    out = tmp_path / "fixed.ttl"
    notes = fix(tropekg.load([case]), out, ["S14"])
    assert case.read_bytes() == before
    assert notes and "altLabel" in notes[0]
    assert validate(tropekg.load([out]), select=["S14"]).findings == []


@pytest.mark.parametrize("rule", ["hr", "urc", "label-whitespace", "implicit-type"])
def test_each_fix_removes_its_findings(tmp_path, rule):
    from tropekg.validate.fixes import fix

    out = tmp_path / "fixed.ttl"
    fix(tropekg.load([CASES / "invalid" / f"{rule}.ttl"]), out, [rule])
    assert validate(tropekg.load([out]), select=[rule]).findings == []


def test_implicit_type_finds_the_taxonomy_typed_by_subclasses_only_and_fix_states_the_types(tmp_path):
    # The taxonomy as it was before issue 12: concepts typed tk:Trope (...) and facets tk:Facet, nothing else.
    from tropekg.validate.fixes import fix

    files = []
    for path in bundled_sources():
        text = path.read_text(encoding="utf-8").replace("a skos:Concept, ", "a ")
        files.append(tmp_path / path.name)
        files[-1].write_text(text.replace("a skos:ConceptScheme, tk:Facet ;", "a tk:Facet ;"), encoding="utf-8")
    report = validate(tropekg.load(files), select=["implicit-type"])
    assert sorted((f.values[0], f.severity) for f in report.findings) == \
        [("skos:Concept", "warning")] * 40 + [("skos:ConceptScheme", "warning")] * 3
    out = tmp_path / "fixed.ttl"
    notes = fix(tropekg.load(files), out, ["implicit-type"])
    assert "tkid:perspective: added a skos:ConceptScheme" in notes and len(notes) == 43
    fixed = tropekg.load([out])
    assert validate(fixed, select=["implicit-type"]).findings == []
    assert fixed.rows("SELECT (COUNT(?c) AS ?n) WHERE { ?c a skos:Concept }")[0][0].value == "40"
