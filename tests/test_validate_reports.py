"""validate/reports.py: every report format well-formed and deterministic, JSON laid out as json.dumps does."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

import tropekg
from tropekg.validate.reports import REPORTS
from tropekg.validate.rules import chosen
from tropekg.validate.runner import validate

from .conftest import CASES


def test_reports_are_well_formed_and_deterministic():
    case = CASES / "invalid" / "S27.ttl"
    first = validate(tropekg.load([case]), select=["S27", "chr", "ucil"])
    again = validate(tropekg.load([case]), select=["S27", "chr", "ucil"])
    for name, render in REPORTS.items():
        assert render(first) == render(again), name
    data = json.loads(REPORTS["json"](first))
    assert set(data) == {"conforms", "findings", "summary"} and data["conforms"] is False
    assert {"rule", "severity", "focus", "message", "place"} <= set(data["findings"][0])
    ET.fromstring(REPORTS["junit"](first))
    triples = list(ox.parse(REPORTS["ttl"](first).encode(), format=ox.RdfFormat.TURTLE))
    assert any(t.predicate.value.endswith("#focusNode") for t in triples)
    assert REPORTS["github"](first).startswith("::error file=")


def test_junit_escapes_control_characters():
    report = validate(tropekg.load([CASES / "invalid" / "ucil.ttl"]), select=["ucil", "S13"])
    ET.fromstring(REPORTS["junit"](report))


_NAMESPACES = ["http://e.org/", "http://e.org/a/", "http://e.org/a", "http://e.org/a#", "urn:x:"]


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.builds(lambda focus, label, others, values, place: (focus, label, others, values, place),
                          _TEXT, st.none() | _TEXT, st.lists(_TEXT, max_size=3), st.lists(_TEXT, max_size=3),
                          st.none() | _TEXT), max_size=5))
def test_json_report_is_what_json_dumps_writes(findings):
    from tropekg.validate.reports import json_report
    from tropekg.validate.runner import Finding, Report

    rules = chosen(["S14", "hr"])
    report = Report([Finding("S14", "error", focus, label, f"m {focus}", tuple(others), tuple(values), place)
                     for focus, label, others, values, place in findings], rules)
    assert json_report(report) == json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"


def test_every_report_names_an_invalid_iri_that_validate_read_leniently():
    # invalid-iri's focus is the IRI as the file wrote it, which strict N-Triples refuses: the ttl report once
    # raised on it (a traceback in place of the report).
    report = validate(tropekg.load([CASES / "invalid" / "invalid-iri.ttl"], lenient=True), select=["invalid-iri"])
    bad = "https://example.org/v/a{b}"
    assert [f.focus for f in report.findings] == [bad]
    for name, render in REPORTS.items():
        assert "example.org/v/a{b}" in render(report), name  # github escapes the ":" of a title
    triples = list(ox.parse(REPORTS["ttl"](report).encode(), format=ox.RdfFormat.TURTLE, lenient=True))
    assert [t.object.value for t in triples if t.predicate.value.endswith("#focusNode")] == [bad]
