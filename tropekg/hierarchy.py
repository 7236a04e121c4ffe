"""The concept hierarchy, read one way: child -> parents lists from one query (validate's analyses, views), and
walks in the store's indexes from given concepts (expand, rooted views), whose cost follows the answer.

Transitive work (cycles, reachability, redundancy, expansion) runs on these, never as `skos:broader+` property
paths, which are slow on large data (bench/ and DEVELOPERS.md have the figures).
"""

from __future__ import annotations

import pyoxigraph as ox

from .model import BROADER, HIERARCHY_EDGES, HIERARCHY_EDGES_TRANSITIVE, NARROWER
from .vocabulary import Vocabulary


def has_transitive(vocab: Vocabulary) -> bool:
    """True when the data states skos:broaderTransitive or narrowerTransitive links (or validate entailed some)."""
    if vocab.derived.transitive is None:
        vocab.derived.transitive = bool(vocab.query(_ANY_TRANSITIVE, union=True))
    return vocab.derived.transitive


_ANY_TRANSITIVE = "ASK { { ?a skos:broaderTransitive ?b } UNION { ?a skos:narrowerTransitive ?b } }"


def parents(vocab: Vocabulary, transitive: bool = False) -> dict[str, list[str]]:
    """child -> parents (each once, first statement first) for every stated broader/narrower link between IRIs or
    blank nodes (`_:id`), each child's parents in the order first stated. Memoised per vocabulary:
    callers must not modify it. During validate the links SKOS entails count too (tropekg.validate.entailment:
    broadMatch, the data's sub-properties of broader); `transitive`: stated broaderTransitive links as well."""
    transitive = transitive and has_transitive(vocab)
    query = HIERARCHY_EDGES_TRANSITIVE if transitive else HIERARCHY_EDGES

    def extract() -> dict[str, list[str]]:
        # Lists, not a dict or a networkx node per child (less memory at validate's peak), and each name one
        # shared string however often it occurs.
        up: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        for child, parent in vocab.text_rows(query, union=True):
            child, parent = names.setdefault(child, child), names.setdefault(parent, parent)
            found = up.get(child)
            if found is None:
                up[child] = [parent]
            elif parent not in found:
                found.append(parent)
        return up

    found = vocab.derived.parents.get(transitive)
    if found is None:
        found = vocab.derived.parents[transitive] = extract()
    return found


def edges(vocab: Vocabulary) -> list[tuple[str, str]]:
    """Every (child, parent) of parents(), nodes named as node_term() reads them (a blank node by its bare id)."""
    def name(n: str) -> str:
        return n[2:] if n.startswith("_:") else n

    return [(name(child), name(parent)) for child, ps in parents(vocab).items() for parent in ps]


def descendants(vocab: Vocabulary, roots: list[str]) -> set[str]:
    """The roots and everything under them (transitive narrower); safe on cycles.

    Walked in the store from the roots, one index lookup per concept found, so the cost follows the answer and
    not the vocabulary."""
    return _walk(vocab, roots, down=True) | set(roots)


def ancestors(vocab: Vocabulary, concepts: list[str]) -> set[str]:
    """Everything above the concepts (transitive broader); a concept itself only when above another of them (as
    networkx.descendants: a cycle back to a concept does not make it its own ancestor)."""
    found: set[str] = set()
    for concept in concepts:
        found |= _walk(vocab, [concept], down=False) - {concept}
    return found


_BROADER, _NARROWER = ox.NamedNode(BROADER), ox.NamedNode(NARROWER)


def node_term(name: str) -> ox.NamedNode | ox.BlankNode:
    """The store term of a node named as edges() names it: an IRI, or a blank node by its id."""
    try:
        return ox.NamedNode(name)
    except ValueError:  # no IRI: a blank node's id
        return ox.BlankNode(name)


def stated_links(vocab: Vocabulary, node: ox.NamedNode | ox.BlankNode) -> tuple[list, list]:
    """(parents, children) of `node` as terms, from skos:broader and skos:narrower stated either way (SKOS
    reference 8.6), read from the store's indexes; literals left out, as parents() leaves them out."""
    quads = vocab.store.quads_for_pattern
    parents = [q.object for q in quads(node, _BROADER, None)] + [q.subject for q in quads(None, _NARROWER, node)]
    children = [q.subject for q in quads(None, _BROADER, node)] + [q.object for q in quads(node, _NARROWER, None)]
    return ([t for t in parents if not isinstance(t, ox.Literal)],
            [t for t in children if not isinstance(t, ox.Literal)])


def _walk(vocab: Vocabulary, starts: list[str], down: bool) -> set[str]:
    found: set[str] = set()
    todo = [node_term(start) for start in starts]
    while todo:
        parents, children = stated_links(vocab, todo.pop())
        for term in children if down else parents:
            if term.value not in found:
                found.add(term.value)
                todo.append(term)
    return found
