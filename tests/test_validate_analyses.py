"""validate/analyses.py: pruned walks, cycles and clusters agree with plain graph search and networkx."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from tropekg.vocabulary import Derived

_EDGES = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=30)


@settings(max_examples=150, deadline=None)
@given(_EDGES, st.integers(0, 9))
def test_pruned_walks_and_cycles_agree_with_plain_graph_search(edges, avoid):
    import networkx as nx

    from tropekg.validate.analyses import _layers, reaches

    up: dict[str, list[str]] = {}
    for child, parent in edges:
        if f"n{parent}" not in up.setdefault(f"n{child}", []):
            up[f"n{child}"].append(f"n{parent}")
    layered = _layers(up)
    nodes = [f"n{i}" for i in range(10)]
    for a in nodes:
        for b in nodes:
            for skip in (None, f"n{avoid}"):
                assert reaches(up, a, b, skip, layered) == reaches(up, a, b, skip), (a, b, skip)
    graph = nx.DiGraph((c, p) for c, ps in up.items() for p in ps)
    expected = sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)
    assert sorted(sorted(c) for c in layered.cycles if len(c) > 1) == expected


@settings(max_examples=100, deadline=None)
@given(_EDGES, _EDGES)
def test_clusters_agree_with_networkx_components(broader, related):
    """qSKOS dcc's union-find against networkx's connected components over the same links."""
    import networkx as nx

    from tropekg.validate.analyses import clusters

    up: dict[str, list[str]] = {}
    for child, parent in broader:
        up.setdefault(f"http://x/{child}", []).append(f"http://x/{parent}")

    class Hierarchy:  # what clusters() reads of a Vocabulary: the parents in vocab.derived (no transitive links)
        derived = Derived(parents={False: up}, transitive=False)

    rows = [{"focus": ox.NamedNode(f"http://x/{a}"), "other": ox.NamedNode(f"http://x/{b}")} for a, b in related]
    graph = nx.Graph()
    graph.add_edges_from((f"http://x/{a}", f"http://x/{b}") for a, b in [*broader, *related])
    parts = [sorted(c) for c in nx.connected_components(graph) if len(c) > 1]
    # Every cluster, the largest too, when there are two or more (qSKOS's count); none when there is one.
    expected = sorted((c[0], tuple(c[1:]), len(c)) for c in parts) if len(parts) > 1 else []
    assert sorted((h.focus, h.others, h.n) for h in clusters(Hierarchy(), rows)) == expected


# qSKOS var as one SPARQL query (the form the rule had before it became the `valueless` analysis): related pairs
# that meet at a common broader or narrower concept, the least one named.
_VAR_AS_SPARQL = """SELECT ?focus ?other (MIN(STR(?meet)) AS ?value) WHERE {
  ?focus skos:related ?other .
  FILTER(?focus != ?other && (STR(?focus) < STR(?other) || NOT EXISTS { ?other skos:related ?focus }))
  { ?focus skos:broader|^skos:narrower|skos:broaderTransitive ?meet .
    ?other skos:broader|^skos:narrower|skos:broaderTransitive ?meet . }
  UNION
  { ?meet skos:broader|^skos:narrower|skos:broaderTransitive ?focus .
    ?meet skos:broader|^skos:narrower|skos:broaderTransitive ?other . }
} GROUP BY ?focus ?other"""


@settings(max_examples=100, deadline=None)
@given(_EDGES, _EDGES, _EDGES, _EDGES)
def test_valueless_pairs_agree_with_the_sparql_reading(broader, narrower, transitive, related):
    import tropekg
    from tropekg.namespaces import PREFIXES
    from tropekg.validate.analyses import valueless

    def iri(i: int) -> ox.NamedNode:
        return ox.NamedNode(f"http://x/{i}")

    skos = "http://www.w3.org/2004/02/skos/core#"
    store = ox.Store()
    for links, p in ((broader, "broader"), (narrower, "narrower"), (transitive, "broaderTransitive"),
                     (related, "related")):
        store.extend(ox.Quad(iri(a), ox.NamedNode(skos + p), iri(b)) for a, b in links)
    vocab = tropekg.Vocabulary(store, (), dict(PREFIXES))
    rows = [{"focus": s, "other": o} for s, o in vocab.rows("SELECT ?s ?o WHERE { ?s skos:related ?o }")]
    expected = sorted((f.value, o.value, m.value) for f, o, m in vocab.rows(_VAR_AS_SPARQL))
    assert sorted((h.focus, *h.others, *h.values) for h in valueless(vocab, rows)) == expected
