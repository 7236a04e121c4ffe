"""The graph an importer builds: statements collected as Oxigraph terms, then one Vocabulary for the exporters."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..namespaces import PREFIXES, RDF, XSD
from ..vocabulary import Vocabulary

TYPE = ox.NamedNode(RDF + "type")
TRUE = ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
FALSE = ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))
_INTEGER = ox.NamedNode(XSD + "integer")


def flag(value: bool) -> ox.Literal:
    return TRUE if value else FALSE


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_INTEGER)


class Graph:
    """Statements (Oxigraph triples) and the prefixes the output should use."""

    def __init__(self, prefixes: dict[str, str] | None = None) -> None:
        self.quads: list[ox.Quad] = []
        self.concepts = 0  # how many concepts the reader made (for the summary line)
        self.prefixes = {**(prefixes or {}), **PREFIXES}
        self._nodes: dict[str, ox.NamedNode] = {}
        self._predicates: dict[str, ox.NamedNode] = {}

    def node(self, iri: str) -> ox.NamedNode:
        """The IRI as a term, made once (ValueError when it is not an absolute IRI, RFC 3987)."""
        found = self._nodes.get(iri)
        if found is None:
            found = self._nodes[iri] = ox.NamedNode(iri)
        return found

    def add(self, subject: ox.NamedNode, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        p = self._predicates.get(predicate)
        if p is None:
            p = self._predicates[predicate] = ox.NamedNode(predicate)
        self.quads.append(ox.Quad(subject, p, obj, ox.DefaultGraph()))

    def vocabulary(self, source: Path) -> Vocabulary:
        """A Vocabulary of the statements, as load() would give for a file holding them."""
        store = ox.Store()
        store.bulk_extend(self.quads)
        return Vocabulary(store, (source,), self.prefixes)


def cyclic(parents: dict) -> list:
    """The keys whose parents lead round in a cycle (in one, or below one), sorted: what is left when tags are
    taken away once all their parents are gone (Kahn's algorithm). Parents missing from `parents` count as gone."""
    waiting = {k: sum(1 for p in set(ps) if p in parents) for k, ps in parents.items()}
    children: dict = {}
    for k, ps in parents.items():
        for p in set(ps):
            if p in parents:
                children.setdefault(p, []).append(k)
    free = [k for k, n in waiting.items() if n == 0]
    while free:
        for child in children.get(free.pop(), ()):
            waiting[child] -= 1
            if waiting[child] == 0:
                free.append(child)
    return sorted(k for k, n in waiting.items() if n > 0)
