"""The concept hierarchy as a networkx graph, extracted once by one query, for structural work.

Measured on 100k concepts: `?c skos:broader+ ?c` in SPARQL took 5.2 s, the same cycle check as strongly connected
components over edges extracted by one query 1.3 s. So transitive work (cycles, reachability, redundancy,
expansion) runs here, not as property paths.
"""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox

from .vocabulary import Vocabulary

# One query for every hierarchical edge, child -> parent, whichever direction the data states it in
# (SKOS reference 8.6: skos:broader and skos:narrower are inverses).
_EDGES = """
SELECT ?child ?parent WHERE {
  { ?child skos:broader ?parent } UNION { ?parent skos:narrower ?child }
}"""


def broader_graph(vocab: Vocabulary) -> nx.DiGraph:
    """A DiGraph with an edge child -> parent for every stated broader/narrower link between IRIs or blank nodes.

    Computed once per Vocabulary and shared: callers must not modify it (copy first)."""
    return vocab.memo("broader_graph", lambda: _extract(vocab))


def _extract(vocab: Vocabulary) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_edges_from(
        (str(child.value), str(parent.value))
        for child, parent in vocab.rows(_EDGES)
        if not isinstance(child, ox.Literal) and not isinstance(parent, ox.Literal)
    )
    return graph


def descendants(vocab: Vocabulary, roots: list[str]) -> set[str]:
    """The roots and everything under them (transitive narrower); safe on cycles."""
    children = broader_graph(vocab).reverse(copy=False)
    found = set(roots)
    for root in roots:
        if root in children:
            found |= nx.descendants(children, root)
    return found


def ancestors(vocab: Vocabulary, concepts: list[str]) -> set[str]:
    """Everything above the concepts (transitive broader), not the concepts themselves unless in a cycle."""
    graph = broader_graph(vocab)
    found: set[str] = set()
    for concept in concepts:
        if concept in graph:
            found |= nx.descendants(graph, concept)
    return found
