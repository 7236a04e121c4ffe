"""tropekg.validate: every rule has a case that triggers exactly it, valid cases and the taxonomy stay clean,
planted defects of gen_vocab are found, reports are well-formed and deterministic, fixes repair."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tropekg
from tropekg.sources.resources import bundled_sources
from tropekg.validate.reports import REPORTS, rules_table
from tropekg.validate.rules import all_rules, chosen
from tropekg.validate.runner import validate

from .conftest import CASES, ROOT, shared

INVALID = sorted((CASES / "invalid").glob("*.ttl"))
VALID = sorted((CASES / "valid").glob("*.ttl"))
# gen_vocab's defect names -> our rule ids
PLANTED = {"cycle": "chr", "dup_preflabel": "S14", "pref_alt_clash": "S13", "related_broader": "S27",
           "no_preflabel": "ml", "dangling_broader": "dangling", "orphan": "oc"}


def header(path) -> dict[str, str]:
    """`# rule: X  count: N  focus: <iri>  with: bundled` from a case file's first line."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return dict(re.findall(r"(\w+):\s+(\S+)", first))


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_case_gives_exactly_its_findings(case):
    meta = header(case)
    files = [*bundled_sources(), case] if meta.get("with") == "bundled" else [case]
    report = validate(tropekg.load(files), select=[meta["rule"]])
    assert [f.rule for f in report.findings] == [meta["rule"]] * int(meta["count"])
    assert {f.focus for f in report.findings} == {meta["focus"].strip("<>")}
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
    # Info-level rules that flag the taxonomy by design (README, "validate"): terms are English-first with
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
        assert found == expected, rule


def test_aliases_select_the_primary_rule():
    assert [r.id for r in chosen(select=["dlv", "IPL", "rc,mc"])] == ["S13", "S14", "S27", "S46"]
    assert "S13" not in {r.id for r in chosen(ignore=["dlv"])}


def test_unknown_rule_is_a_usage_error():
    with pytest.raises(tropekg.UsageError, match="--select nope"):
        chosen(select=["nope"])


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


def test_readme_rule_table_matches_list_rules():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rules_table(all_rules()) in readme


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


def test_cli_list_rules_is_the_readme_table(run):
    result = run("validate", "--list-rules")
    assert result.exit_code == 0
    assert result.stdout in (ROOT / "README.md").read_text(encoding="utf-8")


# --- the fast paths of issue 7 agree with the plain algorithms they replace ---

_EDGES = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=30)


@settings(max_examples=150, deadline=None)
@given(_EDGES, st.integers(0, 9))
def test_pruned_walks_and_cycles_agree_with_plain_graph_search(edges, avoid):
    import networkx as nx

    from tropekg.validate.analyses import _layers, _reaches

    up: dict[str, list[str]] = {}
    for child, parent in edges:
        if f"n{parent}" not in up.setdefault(f"n{child}", []):
            up[f"n{child}"].append(f"n{parent}")
    layered = _layers(up)
    nodes = [f"n{i}" for i in range(10)]
    for a in nodes:
        for b in nodes:
            for skip in (None, f"n{avoid}"):
                assert _reaches(up, a, b, skip, layered) == _reaches(up, a, b, skip), (a, b, skip)
    graph = nx.DiGraph((c, p) for c, ps in up.items() for p in ps)
    expected = sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)
    assert sorted(sorted(c) for c in layered.cycles if len(c) > 1) == expected


@settings(max_examples=100, deadline=None)
@given(_EDGES, _EDGES)
def test_clusters_agree_with_networkx_components(broader, related):
    """qSKOS dcc's union-find against networkx's connected components over the same links."""
    import networkx as nx

    from tropekg.validate.analyses import clusters

    class Hierarchy:  # what clusters() reads of a Vocabulary: the memoised parents
        def memo(self, key, factory):
            up: dict[str, list[str]] = {}
            for child, parent in broader:
                up.setdefault(f"http://x/{child}", []).append(f"http://x/{parent}")
            return up

    rows = [{"focus": ox.NamedNode(f"http://x/{a}"), "other": ox.NamedNode(f"http://x/{b}")} for a, b in related]
    graph = nx.Graph()
    graph.add_edges_from((f"http://x/{a}", f"http://x/{b}") for a, b in [*broader, *related])
    parts = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    expected = [(c[0], tuple(c[1:]), len(c)) for c in parts[1:] if len(c) > 1]
    assert [(h.focus, h.others, h.n) for h in clusters(Hierarchy(), rows)] == expected


# What label-duplicate and ol computed before they shared one read of the labels (SPARQL rows, then Python).
_OL_BEFORE = """SELECT DISTINCT ?focus ?other ?value WHERE {
  ?focus skos:prefLabel|skos:altLabel ?value . ?other skos:prefLabel|skos:altLabel ?value .
  FILTER(isLiteral(?value) && STR(?focus) < STR(?other))
  ?focus skos:inScheme|skos:topConceptOf ?scheme . ?other skos:inScheme|skos:topConceptOf ?scheme . }"""
_DUP_ROWS_BEFORE = """SELECT ?focus ?scheme ?value WHERE { VALUES ?p { skos:prefLabel skos:altLabel }
  ?focus ?p ?value . ?focus skos:inScheme|skos:topConceptOf ?scheme . FILTER(isLiteral(?value)) }"""
_LABELS = ["Fire", "fire", " FIRE", "Ｆｉｒｅ", "Brand", "straße", "STRASSE", "x"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["prefLabel", "altLabel", "hiddenLabel"]),
                          st.sampled_from(_LABELS), st.sampled_from(["en", "en-gb", "de", "", "^^int"])),
                max_size=14),
       st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["inScheme", "topConceptOf"]), st.integers(0, 1)),
                max_size=8))
def test_label_clash_analyses_agree_with_the_queries_they_replace(tmp_path_factory, labels, members):
    from tropekg.labels import normalize, term_text
    from tropekg.validate.homonyms import duplicates, overlaps

    lines = ["@prefix skos: <http://www.w3.org/2004/02/skos/core#> .", "@prefix ex: <http://example.org/> ."]
    for c, prop, text, lang in labels:
        suffix = "^^<http://www.w3.org/2001/XMLSchema#int>" if lang == "^^int" else f"@{lang}" if lang else ""
        lines.append(f'ex:c{c} skos:{prop} "{text}"{suffix} .')
    lines += [f"ex:c{c} skos:{prop} ex:s{s} ." for c, prop, s in members]
    path = tmp_path_factory.mktemp("labels") / "v.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    vocab = tropekg.load([path])
    ol = {(h.focus, h.others, h.values) for h in overlaps(vocab, [])}
    assert ol == {(f.value, (o.value,), (term_text(v),)) for f, o, v in vocab.rows(_OL_BEFORE)}
    groups: dict[tuple, set[str]] = {}
    for focus, scheme, label in vocab.rows(_DUP_ROWS_BEFORE):
        key = (scheme.value, (label.language or "").split("-")[0], normalize(label.value))
        groups.setdefault(key, set()).add(focus.value)
    expected = {tuple(sorted(g)) for g in groups.values() if len(g) > 1}
    assert {(h.focus, *h.others) for h in duplicates(vocab, [])} == expected


def test_place_index_scan_agrees_with_the_line_by_line_reading(tmp_path, monkeypatch):
    from tropekg.sources import places

    odd = tmp_path / "odd.ttl"
    odd.write_bytes(b'@prefix ex: <http://example.org/a/> .\r\nex:one a ex:T .\r\n  @base <http://example.org/b/> .\n'
                    b'<two> a ex:T .\nPREFIX ex: <http://example.org/c/>\nex:three ex:p "x" .\n\nex:one ex:p 1 .\n'
                    b':nothing a ex:T .\nprefix:x a ex:T .\n<four>\n  a ex:T .')
    top = tmp_path / "top.ttl"
    top.write_text("<http://example.org/first> a <http://example.org/T> .\nex:second a ex:T .\n", encoding="utf-8")
    files = [*sorted((CASES / "invalid").glob("*.ttl")), *sorted((CASES / "valid").glob("*.ttl")), odd, top,
             *bundled_sources()]
    fast = {str(p): places.index_places((p,), {"ex": "http://example.org/z/"}) for p in files}
    monkeypatch.setattr(places, "_odd_breaks", lambda text: True)
    slow = {str(p): places.index_places((p,), {"ex": "http://example.org/z/"}) for p in files}
    assert fast == slow
    assert fast[str(odd)]["http://example.org/b/two"] == f"{odd}:4"
    assert fast[str(top)] == {"http://example.org/first": f"{top}:1", "http://example.org/z/second": f"{top}:2"}


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


_NS = st.sampled_from(["http://ex.org/", "http://ex.org/c_", "http://ex.org/a#", "http://ex.org/a", "", "urn:x:"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["ex", "c", "h", "a", "e", "u"]), _NS, max_size=5),
       _NS, st.text(alphabet="ab_.-/#:é² ", max_size=6))
def test_curies_shorten_as_curie_does(prefixes, namespace, local):
    """The validator's one-lookup Curies against namespaces.curie(), the plain longest-prefix rule."""
    from tropekg.namespaces import curie
    from tropekg.validate.runner import Curies

    iri = namespace + local
    assert Curies(prefixes)(iri) == curie(iri, prefixes)


@pytest.mark.parametrize("line", ["# inputs: a misspelt key", "# a free comment in the header"])
def test_rule_headers_are_parsed_strictly(tmp_path, line):
    from tropekg.errors import TropekgError
    from tropekg.validate.rules import parse_rule

    path = tmp_path / "x.rq"
    path.write_text(f"# id: x\n# severity: info\n# title: t\n{line}\n# message: m\n# reference: r\n"
                    "SELECT ?focus WHERE { ?focus a ?t }\n", encoding="utf-8")
    with pytest.raises(TropekgError, match=rf"^{path}:4: header line is not '# key: value' with a known key"):
        parse_rule(path)


def test_every_shipped_rule_loads_with_its_query():
    from tropekg.validate.rules import all_rules

    rules = all_rules()
    assert len(rules) >= 39
    assert all(r.sparql or r.analysis for r in rules)
