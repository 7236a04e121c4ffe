"""The graph an importer builds: statements collected as N-Triples lines, then one Vocabulary for the exporters.

Lines, not Oxigraph term objects: a Python object per statement (ox.Quad) was most of an import's time and
memory (DEVELOPERS.md, performance notes), while Oxigraph parses lines in Rust. Each IRI and language tag is still
checked once, by Oxigraph's own term constructors, so a bad one is reported with its place before any parsing.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..namespaces import PREFIXES, RDF, XSD
from ..ntriples import quoted
from ..vocabulary import Vocabulary

TYPE = RDF + "type"
TRUE = f'"true"^^<{XSD}boolean>'
FALSE = f'"false"^^<{XSD}boolean>'


def flag(value: bool) -> str:
    return TRUE if value else FALSE


def integer(value: int) -> str:
    return f'"{value}"^^<{XSD}integer>'


class Graph:
    """Statements (N-Triples lines) and the prefixes the output should use."""

    def __init__(self, prefixes: dict[str, str] | None = None) -> None:
        self.lines: list[str] = []
        self.concepts = 0  # how many concepts the reader made (for the summary line)
        self.prefixes = {**(prefixes or {}), **PREFIXES}
        self._nodes: dict[str, str] = {}
        self._tags: dict[str, str] = {}

    def node(self, iri: str) -> str:
        """The IRI as an N-Triples term, checked once (ValueError when it is not an absolute IRI, RFC 3987)."""
        found = self._nodes.get(iri)
        if found is None:
            found = self._nodes[iri] = str(ox.NamedNode(iri))
        return found

    def literal(self, text: str, lang: str = "") -> str:
        """A string literal, with language tag `lang` when given (ValueError when it is not BCP 47)."""
        if not lang:
            return quoted(text)
        tag = self._tags.get(lang)
        if tag is None:
            tag = self._tags[lang] = ox.Literal("", language=lang).language
        return f"{quoted(text)}@{tag}"

    def add(self, subject: str, predicate: str, obj: str) -> None:
        """One statement: `subject` and `obj` are terms from node(), literal(), flag() or integer()."""
        self.lines.append(f"{subject} {self.node(predicate)} {obj} .\n")

    def vocabulary(self, source: Path) -> Vocabulary:
        """A Vocabulary of the statements, as load() would give for a file holding them."""
        store = ox.Store()
        store.load("".join(self.lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
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
