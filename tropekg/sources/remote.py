"""A Vocabulary that lives at a SPARQL 1.1 endpoint: its queries run there, and only the parts that local steps
read through the store (labels, the hierarchy when SKOS entails links...) are copied, part by part.

Queries go as written (our prefixes declared in front, --graph as the protocol's default-graph-uri) and come back
as SPARQL JSON results, CSV (text rows) or N-Triples, parsed by Oxigraph, so callers get the terms and result
objects a local store gives. Each response labels its blank nodes afresh (SPARQL 1.1 Query 16.2: labels are
scoped to a result), so answers cannot be joined on them; with `blank_nodes=False` (validate) a response holding
one raises BlankNodes, and the caller reads the whole graph in one response instead (sources.endpoint.read)."""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from ..errors import QueryError, TropekgError
from ..namespaces import PREFIXES, sparql_prologue
from ..vocabulary import Term, Vocabulary, with_values
from .endpoint import TIMEOUT_S, answer, check_source, expect

__all__ = ["BlankNodes", "RemoteVocabulary", "connect"]

_JSON, _CSV, _NT = "application/sparql-results+json", "text/csv", "application/n-triples"
# A JSON binding of type bnode, however spaced; in a literal's text the quotes would be escaped.
_BNODE_IN_JSON = re.compile(rb'"type"\s*:\s*"bnode"')
_BATCH = 500  # IRIs per VALUES block when copying statements of given subjects
_PROBE_MIN = 1024  # rows of the smallest probe for a result limit (RemoteVocabulary._whole)
_NO_DATA = ox.Store()  # queries are parsed here first: syntax errors read as locally, and the form is known


class BlankNodes(TropekgError):
    """A response held a blank node, which no later query can name again: this graph is read whole instead."""


def connect(endpoint: str, graph: str | None = None, files: tuple[str, ...] = (),
            timeout: float = TIMEOUT_S) -> RemoteVocabulary:
    """The vocabulary at `endpoint` (its `graph`, or the default graph); nothing is read until it is queried."""
    check_source(endpoint, graph, files)
    return RemoteVocabulary(endpoint, graph, timeout)


class RemoteVocabulary(Vocabulary):
    """query(), rows() and text_rows() run at the endpoint. `store` holds what fetch() copied (nothing at first);
    once it holds a named graph (validate's entailment, tropekg.validate.entailment), queries that read the union
    (`union=True`) or name that graph run on it, since the endpoint, read-only, cannot hold what was entailed."""

    def __init__(self, endpoint: str, graph: str | None, timeout: float = TIMEOUT_S) -> None:
        super().__init__(ox.Store(), (), dict(PREFIXES))
        self.endpoint, self.graph_iri, self.timeout = endpoint, graph, timeout
        self.blank_nodes = True  # False: a blank node in any response raises BlankNodes
        self.before_local: list = []  # called once before the first query that runs on the store (fetches)
        self._lock = threading.Lock()
        self._described: set[str] = set()  # subjects whose statements were copied
        self._whole_up_to = 0  # answers of up to so many rows are known to come whole (see _whole)

    def __repr__(self) -> str:
        return f"<RemoteVocabulary {self.endpoint}{' graph ' + self.graph_iri if self.graph_iri else ''}>"

    def _local(self, sparql: str, union: bool) -> bool:
        """True when the query runs on the store: it reads the union, or names a graph of the store, and something
        was entailed into the store. The statements of that graph's subjects are copied first (implicit-type
        asks whether the data describes the resources entailment typed)."""
        named = list(self.store.named_graphs())
        if not named:
            return False
        graphs = [g for g in named if f"<{g.value}>" in sparql]
        if not union and not graphs:
            return False
        with self._lock:  # pool threads may get here together; each copy happens once
            while self.before_local:
                self.before_local.pop(0)()
            for graph in graphs:
                self._describe(graph)
        return True

    def _describe(self, graph: ox.NamedNode) -> None:
        subjects = sorted({q.subject.value for q in self.store.quads_for_pattern(None, None, None, graph)
                           if isinstance(q.subject, ox.NamedNode)} - self._described)
        for start in range(0, len(subjects), _BATCH):
            iris = " ".join(f"<{s}>" for s in subjects[start:start + _BATCH])
            self.fetch(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {iris} }} ?s ?p ?o }}")
        self._described.update(subjects)

    def _text(self, sparql: str, values: dict[str, Iterable[Term]] | None):
        """The text sent, and the local parse of it: syntax errors are raised as a local query raises them."""
        text = with_values(sparql, values) if values else sparql
        try:
            parsed = _NO_DATA.query(text, prefixes=self.prefixes)
        except SyntaxError as e:
            raise QueryError(f"query: syntax error: {' '.join(str(e).split())}") from None
        return sparql_prologue(self.prefixes) + text, parsed

    def _send(self, text: str, accept: str, name: str) -> bytes:
        with answer(self.endpoint, text, accept, self.graph_iri, timeout=self.timeout) as response:
            expect(self.endpoint, response, accept, name)
            try:
                return response.read()
            except OSError as e:
                raise TropekgError(f"--endpoint {self.endpoint}: no complete answer ({e})") from None

    def query(self, sparql: str, values: dict[str, Iterable[Term]] | None = None, union: bool = False):
        """As Vocabulary.query, at the endpoint: QuerySolutions, QueryBoolean or QueryTriples."""
        if self._local(sparql, union):
            return super().query(sparql, values, union)
        text, parsed = self._text(sparql, values)
        if isinstance(parsed, ox.QueryTriples):
            # A CONSTRUCT's triples through a store of their own: the same QueryTriples a local query gives.
            found = ox.Store()
            self._load(found, self._send(text, _NT, "N-Triples"))
            return found.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        data = self._send(text, _JSON, "SPARQL JSON results")
        if not self.blank_nodes and _BNODE_IN_JSON.search(data):
            raise BlankNodes(f"--endpoint {self.endpoint}: the answer holds blank nodes")
        solutions = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if isinstance(solutions, ox.QuerySolutions):
            self._whole(sum(1 for _ in solutions))
            solutions = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        return solutions

    def text_rows(self, sparql: str, values: dict[str, Iterable[Term]] | None = None,
                  union: bool = False) -> Iterator[list[str]]:
        """As Vocabulary.text_rows, from the endpoint's SPARQL CSV results (IRIs bare, blank nodes _:label)."""
        if self._local(sparql, union):
            return super().text_rows(sparql, values, union)
        text, _ = self._text(sparql, values)
        reader = csv.reader(io.TextIOWrapper(io.BytesIO(self._send(text, _CSV, "CSV")), encoding="utf-8",
                                             newline=""))
        next(reader, None)  # the header
        rows = list(reader)
        self._whole(len(rows))
        return iter(rows) if self.blank_nodes else self._without_blank_nodes(iter(rows))

    def _without_blank_nodes(self, rows: Iterator[list[str]]) -> Iterator[list[str]]:
        for row in rows:
            if any(cell.startswith("_:") for cell in row):
                raise BlankNodes(f"--endpoint {self.endpoint}: the answer holds blank nodes")
            yield row

    def fetch(self, construct: str) -> int:
        """Copy the triples of a CONSTRUCT (one response) into the store; their number."""
        text, _ = self._text(construct, None)
        data = self._send(text, _NT, "N-Triples")
        self._whole(data.count(b"\n"))  # N-Triples: a statement per line, and no line break inside one
        return self._load(self.store, data)

    def _whole(self, rows: int) -> None:
        """Raise when an answer of `rows` rows (or triples) may have been cut short by a limit of the endpoint's.
        Some endpoints cut answers to a configured size and still answer 200 as if whole (Virtuoso's
        ResultSetMaxRows, 10,000 by default): so an answer larger than any known to come whole is measured
        against a probe of twice its size that reads no data; a probe cut short names the limit."""
        if rows <= self._whole_up_to:
            return
        size = max(2 * rows, _PROBE_MIN)
        digits = len(str(size - 1))
        probe = ("SELECT ?d0 WHERE { " + " ".join(f"VALUES ?d{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(digits))
                 + f" }} LIMIT {size}")
        got = self._send(sparql_prologue(self.prefixes) + probe, _CSV, "CSV").count(b"\n") - 1
        if got >= size:
            self._whole_up_to = size
            return
        if rows >= got:
            raise TropekgError(f"--endpoint {self.endpoint}: an answer stopped at {rows} rows, and the endpoint "
                               f"cuts every answer at {got} (a result limit such as Virtuoso's ResultSetMaxRows); "
                               "raise that limit, or validate a dump of the graph")
        self._whole_up_to = got - 1

    def _load(self, store: ox.Store, data: bytes) -> int:
        before = len(store)
        try:
            store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as e:
            raise TropekgError(f"--endpoint {self.endpoint}: its N-Triples do not parse ({e})") from None
        if not self.blank_nodes and store.query("ASK { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }"):
            raise BlankNodes(f"--endpoint {self.endpoint}: the answer holds blank nodes")
        return len(store) - before
