"""tropekg/blanks.py: blank nodes in findings get the same names every run; in diff, the same content the same name."""

from __future__ import annotations

import json
import re

import tropekg
from tropekg.validate.reports import REPORTS
from tropekg.validate.runner import validate

_BLANKS = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/> .
ex:s a skos:ConceptScheme ; skos:prefLabel "S"@en .
ex:a a skos:Concept ; skos:prefLabel "A"@en, "A"@de ; skos:inScheme ex:s ;
  skos:related [ a skos:Concept ; skos:prefLabel "B"@en ] .
_:c1 a skos:Concept ; skos:broader _:c2 . _:c2 a skos:Concept ; skos:broader _:c3 . _:c3 a skos:Concept ; skos:broader _:c1 .
_:twin1 a skos:Concept ; skos:related _:twin2 . _:twin2 a skos:Concept ; skos:related _:twin1 .
"""


def test_blank_nodes_in_findings_have_the_same_names_every_run(tmp_path):
    """Oxigraph invents blank node ids on every load: the report must not show them (same input, same bytes)."""
    path = tmp_path / "blanks.ttl"
    path.write_text(_BLANKS, encoding="utf-8")
    reports = [REPORTS["json"](validate(tropekg.load([path]), select=["all"])) for _ in range(3)]
    assert reports[0] == reports[1] == reports[2]
    findings = json.loads(reports[0])["findings"]
    blank = {i for f in findings for i in (f["focus"], *f["others"], *f["values"]) if i.startswith("_:")}
    assert blank and all(re.fullmatch(r"_:b[0-9a-f]{16}(-\d)?", b) for b in blank), blank
    cycle = next(f for f in findings if f["rule"] == "chr")
    assert cycle["focus"] == min([cycle["focus"], *cycle["others"]]) and len(cycle["others"]) == 2
    assert {f["focus"] for f in findings if f["rule"] == "ml"} >= {cycle["focus"], *cycle["others"]}


def test_content_names_follow_content_not_ids():
    from tropekg.blanks import content_names

    first = content_names({"_:x": [("<p>", '"1"'), ("<q>", "_:y")], "_:y": [("<p>", '"2"')]})
    second = content_names({"_:b2": [("<p>", '"2"')], "_:b1": [("<q>", "_:b2"), ("<p>", '"1"')]})
    assert (first["_:x"], first["_:y"]) == (second["_:b1"], second["_:b2"])
    assert re.fullmatch(r"_:h[0-9a-f]{20}", first["_:x"]) and first["_:x"] != first["_:y"]
    # An RDF list 20,000 deep: named without recursion.
    chain = {**{f"_:n{i}": [("<rest>", f"_:n{i + 1}")] for i in range(20_000)}, "_:n20000": []}
    assert len(set(content_names(chain).values())) == 20_001
