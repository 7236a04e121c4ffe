"""`tropekg expand`: filter lists, cycle-safe, with related, counterparts, facets and mapped ids."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tropekg
from tropekg.errors import LookupFailed, UsageError
from tropekg.query.expansion import expand

TKID = "https://w3id.org/tropekg/id/"
CYCLE = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://x/a> skos:prefLabel "A"@en ; skos:narrower <http://x/b> .
<http://x/b> skos:prefLabel "B"@en ; skos:narrower <http://x/c> .
<http://x/c> skos:prefLabel "C"@en ; skos:narrower <http://x/a> ; skos:related <http://x/d> .
<http://x/d> skos:prefLabel "D"@en ; skos:broader <http://x/d> ; skos:exactMatch <https://vndb.org/g7> .
<http://x/e> skos:prefLabel "E"@en ; skos:broader <http://x/d> .
"""


def test_expand_ntr_lists_netorare_and_everything_under_it(run):
    result = run("expand", "NTR")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{TKID}netorare\n"


def test_expand_family_lists_its_members(bundled):
    found = [c["iri"] for c in expand(bundled, ["NTR family"]).concepts]
    assert found == [TKID + s for s in ("netorare", "netorase", "netori", "ntr-family")]


def test_as_vndb_gives_513_for_netorare(run):
    assert run("expand", "NTR", "--as", "vndb").stdout == "513\n"
    assert run("expand", "NTR family", "--as", "vndb").stdout == "513\n514\n1663\n"
    assert run("expand", "NTR", "--as", "anilist").stdout == "124\n"


def test_labels_give_every_label_and_alias(bundled):
    values = expand(bundled, ["NTR"], output="labels").values()
    assert {"NTR", "N.T.R.", "寝取られ", "ネトラレ", "netorare", "Netorare"} == set(values)


def test_label_in_a_language(bundled):
    assert expand(bundled, ["netori"], output="label", lang="ja").values() == ["寝取り"]


def test_counterparts_and_related(bundled):
    assert {c["iri"] for c in expand(bundled, ["NTR"], counterparts=True).concepts} == {TKID + "netorare",
                                                                                      TKID + "netori"}
    related = {c["iri"] for c in expand(bundled, ["NTR"], related=True).concepts}
    assert {TKID + "netorase", TKID + "netori", TKID + "romance"} <= related


def test_facet_adds_tropes_with_the_value(bundled):
    found = {c["iri"] for c in expand(bundled, [], facets=["consent=Mutual agreement"]).concepts}
    assert found == {TKID + s for s in ("netorase", "ntr-family", "relationship-conflict")}
    both = {c["iri"] for c in expand(bundled, ["NTR"], facets=["tk:consent=tkid:consent-mutual"]).concepts}
    assert both == found | {TKID + "netorare"}


def test_cycles_terminate_and_cover_the_cycle(tmp_path, run):
    path = tmp_path / "cycle.ttl"
    path.write_text(CYCLE)
    result = run("expand", "B", str(path), "--related", "--as", "label")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "A\nB\nC\nD\nE\n"
    assert run("expand", "E", str(path), "--as", "vndb").stdout == ""
    assert run("expand", "D", str(path), "--as", "vndb").stdout == "7\n"


def test_json_and_csv(run):
    data = json.loads(run("expand", "NTR family", "--as", "vndb", "-f", "json").stdout)
    assert data["roots"] == [TKID + "ntr-family"] and data["values"] == ["513", "514", "1663"]
    assert {"iri": TKID + "ntr-family", "label": "NTR family", "values": []} in data["concepts"]
    table = list(csv.reader(io.StringIO(run("expand", "NTR", "--as", "vndb", "-f", "csv").stdout)))
    assert table == [["iri", "label", "vndb"], [TKID + "netorare", "Netorare", "513"]]


@pytest.mark.parametrize("kwargs,error", [
    ({"output": "nope"}, UsageError), ({"facets": ["consent"]}, UsageError), ({"facets": ["mood=x"]}, UsageError),
])
def test_bad_options(bundled, kwargs, error):
    with pytest.raises(error):
        expand(bundled, ["NTR"], **kwargs)


def test_unknown_term(bundled, run):
    with pytest.raises(LookupFailed):
        expand(bundled, ["no such tag"])
    result = run("expand", "no such tag")
    assert result.exit_code == 1 and result.stdout == "" and "no concept" in result.stderr
    assert run("expand").exit_code == 2


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.sampled_from(["broader", "narrower"]), st.integers(0, 7)),
                max_size=20), st.integers(0, 7))
def test_walks_in_the_store_agree_with_networkx(tmp_path_factory, links, start):
    """hierarchy.descendants/ancestors walk the store; networkx on hierarchy.edges is the reference (cycles too)."""
    import networkx as nx

    from tropekg.hierarchy import ancestors, descendants, edges

    lines = ["@prefix skos: <http://www.w3.org/2004/02/skos/core#> ."]
    lines += [f"<http://x/{a}> skos:{rel} {'_:b' if b == 7 else f'<http://x/{b}>'} ." for a, rel, b in links]
    path = tmp_path_factory.mktemp("walk") / "v.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    vocab = tropekg.load([path])
    graph = nx.DiGraph(edges(vocab))
    root = f"http://x/{start}"
    below = nx.descendants(graph.reverse(copy=False), root) if root in graph else set()
    above = nx.descendants(graph, root) if root in graph else set()
    assert descendants(vocab, [root]) == {root} | below
    assert ancestors(vocab, [root]) == above
