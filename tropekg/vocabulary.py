"""The Vocabulary: one Oxigraph store holding the merged input, with rdflib's API beside it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .errors import QueryError

if TYPE_CHECKING:
    import rdflib


Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Derived:
    """What is computed once per vocabulary, each under its own name (not string keys shared between packages):
    the N-Triples text, the canonical lines, the concept records, display labels, the hierarchy, validate's
    layers and label groups. Each is filled by the one function that computes it (ntriples, record, labels,
    hierarchy, validate.analyses.layers, validate.homonyms) on first use."""

    dump: str | None = None  # ntriples.dump_text
    lines: list[str] | None = None  # ntriples.canonical_lines
    scheme_graphs: dict[str, str] | None = None  # export.triples.scheme_graphs
    records: Any = None  # record.RecordTable (record.py imports this module, so it is not named here)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # display language -> {IRI: label}
    parents: dict[bool, dict[str, list[str]]] = field(default_factory=dict)  # hierarchy.parents by `transitive`
    transitive: bool | None = None  # hierarchy.has_transitive
    layers: dict[bool, Any] = field(default_factory=dict)  # validate.analyses.layers by `transitive`
    label_groups: list[Any] | None = None  # validate.homonyms: concepts sharing a label key

    def forget_hierarchy(self) -> None:
        """Drop the hierarchy and its layers (validate reads it again once SKOS entailment has added links, and
        after; its label analyses run without it, which keeps its peak memory down)."""
        self.parents.clear()
        self.transitive = None
        self.layers.clear()


class Vocabulary:
    """The merged graph of some RDF files.

    Library code queries `store` (pyoxigraph) directly, which is where the time goes; `graph` offers the same
    triples through rdflib's API (oxrdflib), for users and for pySHACL (the tests' reference for our shapes).
    """

    def __init__(self, store: ox.Store, sources: tuple[Path, ...], prefixes: dict[str, str],
                 *, bundled: bool = False, places: Callable[[], Mapping[str, str]] | None = None) -> None:
        self.store = store
        self.sources = sources
        self.prefixes = prefixes
        self.bundled = bundled
        self.derived = Derived()
        self._places = places  # makes (or waits for) the place index; load() decides how
        self.invalid_iris: dict[str, str] = {}  # IRI -> "file:line", when load(lenient=True) read invalid ones

    def __len__(self) -> int:
        return len(self.store)

    def __repr__(self) -> str:
        return f"<Vocabulary {len(self)} triples from {len(self.sources)} file(s)>"

    @cached_property
    def graph(self) -> rdflib.Graph:
        """The same triples as an rdflib Graph over this Oxigraph store (no copy)."""
        import rdflib
        from oxrdflib import OxigraphStore
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        class Store(OxigraphStore):
            def __len__(self, context=None) -> int:
                # pySHACL asks the data graph's size twice for every result it makes, and oxrdflib counts distinct
                # triples by a query each time (a large part of pySHACL's run). load() merges the input into the
                # default graph, so the store's own count is the same number, less what named graphs hold (during
                # validate: what SKOS entails, a graph of its own) when the count is the default graph's.
                named = list(self._inner.named_graphs())
                if not named:
                    return len(self._inner)
                if context is not None and context.identifier == DATASET_DEFAULT_GRAPH_ID:
                    quads = self._inner.quads_for_pattern
                    return len(self._inner) - sum(1 for g in named for _ in quads(None, None, None, g))
                return super().__len__(context)

        graph = rdflib.Graph(store=Store(store=self.store), identifier=DATASET_DEFAULT_GRAPH_ID,
                             bind_namespaces="none")
        for prefix, ns in self.prefixes.items():
            graph.bind(prefix, ns)
        return graph

    def query(self, sparql: str, values: dict[str, Iterable[Term]] | None = None, union: bool = False):
        """Run `sparql` with the prefixes predeclared; `values` become a VALUES block (rdflib+oxrdflib cannot bind
        a variable the SELECT does not project, so bindings go in the query text). The prefixes go to Oxigraph as a
        parameter, not as text before the query, so syntax errors keep the line numbers of the query itself.
        `union`: the default graph is the union of every graph, the stated triples and what validate entailed
        (tropekg.validate.entailment); the loader merges the input's named graphs, so there is no other."""
        text = with_values(sparql, values) if values else sparql
        # The union costs Oxigraph a merge of every graph's triples (DEVELOPERS.md): only when there is
        # something besides the default graph.
        union = union and next(iter(self.store.named_graphs()), None) is not None
        try:
            return self.store.query(text, prefixes=self.prefixes, use_default_graph_as_union=union)
        except SyntaxError as e:
            raise QueryError(f"query: syntax error: {' '.join(str(e).split())}") from None
        except (ValueError, OSError, RuntimeError) as e:
            raise QueryError(f"query failed: {e}") from None

    def rows(self, sparql: str, values: dict[str, Iterable[Term]] | None = None, union: bool = False) -> list[tuple]:
        """The solutions of a SELECT as tuples of Oxigraph terms (None for unbound)."""
        result = self.query(sparql, values, union)
        width = len(result.variables)
        return [tuple(sol[i] for i in range(width)) for sol in result]

    def text_rows(self, sparql: str, values: dict[str, Iterable[Term]] | None = None,
                  union: bool = False) -> Iterator[list[str]]:
        """The solutions, one at a time, as lists of plain strings (IRIs bare, blank nodes _:id, literals their
        text) via Oxigraph's CSV writer, far cheaper than term objects; only for queries whose columns hold IRIs,
        blank nodes or the query's own tags (a literal and an IRI would read the same). Read as it is parsed:
        neither the decoded text nor a list of rows is held."""
        data = io.BytesIO(self.query(sparql, values, union).serialize(format=ox.QueryResultsFormat.CSV))
        rows = csv.reader(io.TextIOWrapper(data, encoding="utf-8", newline=""))
        next(rows, None)  # the header
        return rows

    @cached_property
    def places(self) -> Mapping[str, str]:
        """Where each subject IRI is first defined: IRI -> "file:line" (text formats only; built on first use; a
        sources.places.Places from files, which also looks many IRIs up at once)."""
        return self._places() if self._places is not None else {}

    def place(self, iri: str) -> str | None:
        """"file:line" where `iri` is defined, when it came from a file (the lenient read's place of an invalid
        IRI first)."""
        return self.invalid_iris.get(iri) or self.places.get(iri)

    def places_of(self, iris: Iterable[str]) -> dict[str, str]:
        """place() of many IRIs at once, those that have one: the place index asked once (a large file's answers
        by a join, sources.places.Places.of, where place() would build a dict of every subject)."""
        wanted, places = list(iris), self.places
        many = getattr(places, "of", None)  # (a Places; {} when there are no files)
        found = many(wanted) if many else {iri: places[iri] for iri in wanted if iri in places}
        found.update((iri, self.invalid_iris[iri]) for iri in wanted if iri in self.invalid_iris)
        return found


def with_values(sparql: str, values: dict[str, Iterable[Term]]) -> str:
    """`sparql` with a VALUES block per variable at the start of its first `WHERE {` group (comment lines are
    skipped when looking for it). Terms are written by Oxigraph (`<iri>`, escaped literals), never pasted text."""
    masked = re.sub(r"(?m)^\s*#.*$", lambda m: " " * len(m.group()), sparql)
    found = re.search(r"\bWHERE\s*\{", masked, re.I)
    if found is None:
        raise QueryError("query: no WHERE { ... } group to bind values in; write the query with WHERE")
    block = "".join(f"VALUES ?{var} {{ {' '.join(str(t) for t in terms)} }}\n" for var, terms in values.items())
    return sparql[: found.end()] + "\n" + block + sparql[found.end() :]
