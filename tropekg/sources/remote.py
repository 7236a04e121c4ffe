"""A Vocabulary that lives at a SPARQL 1.1 endpoint: its queries run there, and only the parts that local steps
read through the store (labels, the hierarchy when SKOS entails links...) are copied, part by part.

Queries go as written (our prefixes declared in front, --graph as the protocol's default-graph-uri) and come back
as SPARQL JSON results, CSV (text rows) or N-Triples, parsed by Oxigraph, so callers get the terms and result
objects a local store gives. Each response labels its blank nodes afresh (SPARQL 1.1 Query 16.2: labels are
scoped to a result), so answers cannot be joined on them; with `blank_nodes=False` (validate) a response holding
one raises BlankNodes, and the caller reads the whole graph instead (whole()). With `parts=True` (validate) an
answer cut by the store's row cap is read again in parts (tropekg.sources.parts); otherwise the cut is an error.
Stores answer in their own ways, read here as the Protocol's: Virtuoso's ASK as a bindings table, its blank nodes
in CSV as nodeID://."""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from ..errors import QueryError, TropekgError
from ..namespaces import PREFIXES, sparql_prologue
from ..vocabulary import Term, Vocabulary, with_values
from .endpoint import TIMEOUT_S, answer, check_source, expect
from .parts import Part, children, construct_part, select_part, variables_of_template

__all__ = ["BlankNodes", "Cut", "RemoteVocabulary", "connect"]

_JSON, _CSV, _NT = "application/sparql-results+json", "text/csv", "application/n-triples"
# A JSON binding of type bnode, however spaced; in a literal's text the quotes would be escaped.
_BNODE_IN_JSON = re.compile(rb'"type"\s*:\s*"bnode"')
# Blank nodes in CSV results: `_:label` (SPARQL 1.1 CSV 2.3.1), or Virtuoso's `nodeID://b10001`.
_BNODE_IN_CSV = ("_:", "nodeID://")
_TRUE = ox.parse_query_results('{"head": {}, "boolean": true}', format=ox.QueryResultsFormat.JSON)
_FALSE = ox.parse_query_results('{"head": {}, "boolean": false}', format=ox.QueryResultsFormat.JSON)
_BATCH = 500  # IRIs per VALUES block when copying statements of given subjects
_WHOLE = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_PROBE_MIN = 1024  # rows of the smallest probe for a result limit (RemoteVocabulary._whole)
_NO_DATA = ox.Store()  # queries are parsed here first: syntax errors read as locally, and the form is known


class BlankNodes(TropekgError):
    """A response held a blank node, which no later query can name again: this graph is read whole instead."""


class Cut(TropekgError):
    """An answer came cut short by the endpoint's result limit (RemoteVocabulary._whole)."""


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
        self.parts = False  # True: an answer cut by a result limit is read again in parts (validate)
        self.before_local: list = []  # called once before the first query that runs on the store (fetches)
        self._lock = threading.Lock()
        self._described: set[str] = set()  # subjects whose statements were copied
        self._whole_up_to = 0  # answers of up to so many rows are known to come whole (see _whole)
        self.cap: int | None = None  # the rows the endpoint cuts every answer at, once a probe found it
        self._triples: int | None = None  # the graph's triples, once counted

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

    def _text(self, sparql: str, values: dict[str, Iterable[Term]] | None) -> tuple[str, str, list[str]]:
        """The text sent, its form (SELECT, ASK or CONSTRUCT) and columns, from a local parse of it: syntax errors
        are raised as a local query raises them. The parsed result is dropped here, on this thread (pyoxigraph's
        results may not be dropped on another, and a traceback would carry it there)."""
        text = with_values(sparql, values) if values else sparql
        try:
            parsed = _NO_DATA.query(text, prefixes=self.prefixes)
        except SyntaxError as e:
            raise QueryError(f"query: syntax error: {' '.join(str(e).split())}") from None
        except (RuntimeError, ValueError):  # valid, but Oxigraph would not run it (a function of the store's own)
            return (text, *_form(text))
        if isinstance(parsed, ox.QuerySolutions):
            form, columns = "SELECT", [v.value for v in parsed.variables]
        else:
            form, columns = ("ASK", []) if isinstance(parsed, ox.QueryBoolean) else ("CONSTRUCT", [])
        del parsed
        return text, form, columns

    def _send(self, text: str, accept: str, name: str) -> bytes:
        with answer(self.endpoint, sparql_prologue(self.prefixes) + text, accept, self.graph_iri,
                    timeout=self.timeout) as response:
            expect(self.endpoint, response, accept, name)
            try:
                return response.read()
            except OSError as e:
                raise TropekgError(f"--endpoint {self.endpoint}: no complete answer ({e})") from None

    def _answer(self, text: str, form: str, columns: list[str], accept: str, name: str) -> bytes:
        """The whole answer to `text`: one response, or, when the endpoint cut it and `parts` is on, the parts'
        answers joined (tropekg.sources.parts)."""
        data = self._send(text, accept, name)
        try:
            self._whole(_rows(data, accept))
            return data
        except Cut:
            columns = variables_of_template(text) if form == "CONSTRUCT" else columns
            if not self.parts or form == "ASK" or not columns:
                raise
        pieces: list[bytes] = []
        todo: list[Part] = children((), columns)
        while todo:
            part = todo.pop(0)
            asked = construct_part(text, part) if form == "CONSTRUCT" else select_part(text, columns, part)
            data = self._send(asked, accept, name)
            try:
                self._whole(_rows(data, accept))
                pieces.append(data)
            except Cut:
                split = children(part, columns)
                if not split:
                    raise
                todo[:0] = split
        return _joined(pieces, accept)

    def query(self, sparql: str, values: dict[str, Iterable[Term]] | None = None, union: bool = False):
        """As Vocabulary.query, at the endpoint: QuerySolutions, QueryBoolean or QueryTriples."""
        if self._local(sparql, union):
            return super().query(sparql, values, union)
        text, form, columns = self._text(sparql, values)
        if form == "CONSTRUCT":
            # A CONSTRUCT's triples through a store of their own: the same QueryTriples a local query gives.
            found = ox.Store()
            self._load(found, self._answer(text, form, columns, _NT, "N-Triples"))
            return found.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        data = self._answer(text, form, columns, _JSON, "SPARQL JSON results")
        if not self.blank_nodes and _BNODE_IN_JSON.search(data):
            raise BlankNodes(f"--endpoint {self.endpoint}: the answer holds blank nodes")
        solutions = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if form == "ASK" and isinstance(solutions, ox.QuerySolutions):
            # Virtuoso answers ASK with a bindings table, one column __ASK_RETVAL: a row of 1 for true, none for
            # false (the Protocol's JSON has "boolean": SPARQL 1.1 Query Results JSON 3.2).
            return _TRUE if any(row[0] is not None and row[0].value in ("1", "true") for row in solutions) else _FALSE
        return solutions

    def text_rows(self, sparql: str, values: dict[str, Iterable[Term]] | None = None,
                  union: bool = False) -> Iterator[list[str]]:
        """As Vocabulary.text_rows, from the endpoint's SPARQL CSV results (IRIs bare, blank nodes _:label)."""
        if self._local(sparql, union):
            return super().text_rows(sparql, values, union)
        text, form, columns = self._text(sparql, values)
        rows = _csv_rows(self._answer(text, form, columns, _CSV, "CSV"))[1:]
        return iter(rows) if self.blank_nodes else self._without_blank_nodes(iter(rows))

    def _without_blank_nodes(self, rows: Iterator[list[str]]) -> Iterator[list[str]]:
        for row in rows:
            if any(cell.startswith(_BNODE_IN_CSV) for cell in row):
                raise BlankNodes(f"--endpoint {self.endpoint}: the answer holds blank nodes")
            yield row

    def fetch(self, construct: str) -> int:
        """Copy the triples of a CONSTRUCT (one answer, in parts under a row cap) into the store; their number."""
        text, form, columns = self._text(construct, None)
        return self._load(self.store, self._answer(text, form, columns, _NT, "N-Triples"))

    def triples(self) -> int:
        """How many triples the graph holds (counted once)."""
        if self._triples is None:
            self._triples = int(next(iter(self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0].value)
        return self._triples

    def cuts(self, rows: int) -> bool:
        """Whether the endpoint cuts answers at `rows` rows or fewer (a probe, once; the cap is kept in .cap)."""
        try:
            self._whole(rows, rows + 1)
        except Cut:
            return True
        return False

    def whole(self) -> Vocabulary:
        """Every triple of the graph, in a Vocabulary of its own: one answer; under a row cap, pages of the cap's
        size, else parts (tropekg.sources.parts), joined into one document (so blank nodes keep their identity
        where the store keeps its labels between answers, as Virtuoso and Oxigraph do); the count the store gives
        is checked against what was read."""
        counted = self.triples()
        vocab = Vocabulary(ox.Store(), (), dict(PREFIXES))
        if self.cuts(counted):
            self._load(vocab.store, self._pages(), blank_nodes=True)
            if len(vocab.store) == counted:
                return vocab
            vocab = Vocabulary(ox.Store(), (), dict(PREFIXES))  # the pages overlapped: read in parts instead
        self._load(vocab.store, self._answer(_WHOLE, "CONSTRUCT", [], _NT, "N-Triples"), blank_nodes=True)
        if counted != len(vocab.store):
            raise TropekgError(f"--endpoint {self.endpoint}: read {len(vocab.store)} triples of the {counted} it "
                               "holds; the store may relabel blank nodes between answers: raise its result limit, "
                               "or validate a dump of the graph")
        return vocab

    def _pages(self) -> bytes:
        """The graph in pages of .cap triples by LIMIT and OFFSET, one evaluation each where a part (a hash filter)
        evaluates the whole pattern again: on Virtuoso 7.2.5 a page costs its own triples' serialisation, the
        offset little (bench/stores.py). Without ORDER BY nothing promises that pages partition the answer (SPARQL
        1.1 Query 15.4-15.5; with it, Virtuoso refuses offsets past MaxSortedTopRows): whole() checks the triples
        read against the store's count and reads in parts when they differ."""
        pieces: list[bytes] = []
        while True:
            data = self._send(f"{_WHOLE} LIMIT {self.cap} OFFSET {sum(_rows(p, _NT) for p in pieces)}", _NT,
                              "N-Triples")
            pieces.append(data)
            if _rows(data, _NT) < (self.cap or 0):
                return _joined(pieces, _NT)

    def _whole(self, rows: int, size: int = 0) -> None:
        """Raise Cut when an answer of `rows` rows (or triples) may have been cut short by a limit of the endpoint's.
        Some endpoints cut answers to a configured size and still answer 200 as if whole (Virtuoso's
        ResultSetMaxRows, 10,000 by default): so an answer larger than any known to come whole is measured
        against a probe of twice its size (or `size`) that reads no data; a probe cut short names the limit, which
        is kept (on Virtuoso a probe took 0.5-3 s on a loaded machine, once per cut answer before)."""
        if rows <= self._whole_up_to:
            return
        got = self.cap
        if got is None:
            size = size or max(2 * rows, _PROBE_MIN)
            digits = len(str(size - 1))
            probe = ("SELECT ?d0 WHERE { " + " ".join(f"VALUES ?d{i} {{ 0 1 2 3 4 5 6 7 8 9 }}"
                                                       for i in range(digits)) + f" }} LIMIT {size}")
            got = self._send(probe, _CSV, "CSV").count(b"\n") - 1
            if got >= size:
                self._whole_up_to = size
                return
            self.cap = got
        if rows >= got:
            raise Cut(f"--endpoint {self.endpoint}: an answer stopped at {rows} rows, and the endpoint cuts every "
                      f"answer at {got} (a result limit such as Virtuoso's ResultSetMaxRows); raise that limit, or "
                      "validate a dump of the graph")
        self._whole_up_to = got - 1

    def _load(self, store: ox.Store, data: bytes, blank_nodes: bool | None = None) -> int:
        before = len(store)
        try:
            store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as e:
            raise TropekgError(f"--endpoint {self.endpoint}: its N-Triples do not parse ({e})") from None
        refuse = not (self.blank_nodes if blank_nodes is None else blank_nodes)
        if refuse and store.query("ASK { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }"):
            raise BlankNodes(f"--endpoint {self.endpoint}: the answer holds blank nodes")
        return len(store) - before


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")))


def _rows(data: bytes, accept: str) -> int:
    """The rows of a SPARQL JSON or CSV answer, or the triples of N-Triples (a statement per line, and no line
    break inside one)."""
    if accept == _NT:
        return data.count(b"\n")
    if accept == _CSV:
        return len(_csv_rows(data)) - 1
    return len(json.loads(data).get("results", {}).get("bindings", []))


def _joined(pieces: list[bytes], accept: str) -> bytes:
    """Answers of the parts of one query as one answer of the same format."""
    if accept == _NT:
        return b"".join(p if p.endswith(b"\n") or not p else p + b"\n" for p in pieces)
    if accept == _CSV:
        return pieces[0].split(b"\n", 1)[0] + b"\n" + b"".join(p.split(b"\n", 1)[1] for p in pieces)
    answers = [json.loads(p) for p in pieces]
    answers[0]["results"]["bindings"] = [b for a in answers for b in a["results"]["bindings"]]
    return json.dumps(answers[0]).encode()


def _form(text: str) -> tuple[str, list[str]]:
    """A query's form and (SELECT) columns read from its text, for queries Oxigraph parses but would not run."""
    masked = re.sub(r'(?m)#.*$|"(?:[^"\\]|\\.)*"|<[^<>\s]*>', " ", text)
    found = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b(.*?)(?:\bWHERE\b|\{)", masked, re.I | re.S)
    if found is None:
        return "SELECT", []
    form, head = found[1].upper(), found[2]
    if form != "SELECT":
        return ("ASK" if form == "ASK" else "CONSTRUCT"), []
    named = re.findall(r"\bAS\s+\?(\w+)", head, re.I)
    while re.search(r"\([^()]*\)", head):
        head = re.sub(r"\([^()]*\)", " ", head)
    bare = re.findall(r"\?(\w+)", head)
    return "SELECT", [v for v in re.findall(r"\?(\w+)", found[2]) if v in named or v in bare]
