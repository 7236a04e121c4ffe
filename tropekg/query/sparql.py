"""SPARQL queries users run: the shipped library of named queries (tropekg/query/queries/*.rq), their parameters, and
the rendering of results as a table, the W3C SPARQL result formats, or RDF."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import QueryError, UsageError
from ..lookup import Lookup
from ..namespaces import curie, sparql_prologue
from ..vocabulary import Vocabulary, with_values
from . import QUERY_FORMATS

QUERY_DIR = Path(__file__).resolve().parent / "queries"

# The W3C SPARQL 1.1 result formats (JSON, XML, CSV and TSV recommendations), written by Oxigraph; "table" is ours.
RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
# CONSTRUCT and DESCRIBE results, written by Oxigraph's serialisers.
RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
               "trig": ox.RdfFormat.TRIG, "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}
FORMATS = QUERY_FORMATS
_PARAM = re.compile(r"#\s*param:\s*(\w+)\s+(concept|text)(?:=(\S+))?\s+(.*)")


@dataclass
class Param:
    """A parameter of a named query: `concept` values are resolved as `show` resolves terms and bound as IRIs;
    `text` values are bound as plain literals. Both go into a VALUES block, never pasted into the query text."""

    name: str
    kind: str
    default: str | None
    help: str


@dataclass
class NamedQuery:
    """A shipped query: its file, the one-line answer it gives, its parameters and the values its test uses."""

    name: str
    text: str
    description: str
    params: list[Param] = field(default_factory=list)
    examples: dict[str, str] = field(default_factory=dict)


def _read(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    prose = ""
    for line in header:
        if re.match(r"#\s*(param|example):", line):
            break
        prose += " " + line.lstrip("# ").strip()
    # The one-line description: the header's first sentence.
    query = NamedQuery(path.stem, text, re.split(r"(?<=\.)\s", prose, maxsplit=1)[0])
    for line in header:
        if m := _PARAM.match(line):
            query.params.append(Param(m[1], m[2], m[3], m[4].strip()))
        elif line.startswith("# example:"):
            name, _, value = line.removeprefix("# example:").strip().partition("=")
            query.examples[name] = value
    return query


def named_queries() -> dict[str, NamedQuery]:
    """Every shipped query by name, sorted."""
    return {p.stem: _read(p) for p in sorted(QUERY_DIR.glob("*.rq"))}


def named(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise UsageError(f"--name {name}: no such query; `tropekg query --list` shows them: {', '.join(queries)}")
    return queries[name]


def parse_params(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`--param NAME=VALUE` options as a dict; a pair without `=` is a usage error."""
    found = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name.strip():
            raise UsageError(f"--param {pair}: write NAME=VALUE, e.g. --param concept=NTR")
        found[name.strip()] = value
    return found


def bind(vocab: Vocabulary, query: NamedQuery, given: dict[str, str]) -> dict[str, list[ox.NamedNode | ox.Literal]]:
    """The VALUES of a named query's parameters: concepts resolved by Lookup (LookupFailed when a term names none or
    several), text as literals. A missing or unknown parameter is a usage error naming the option."""
    known = {p.name: p for p in query.params}
    for name in given:
        if name not in known:
            wanted = ", ".join(known) or "none"
            raise UsageError(f"--param {name}: query {query.name} has no such parameter (it takes: {wanted})")
    values: dict[str, list[ox.NamedNode | ox.Literal]] = {}
    lookup = Lookup(vocab)
    for param in query.params:
        value = given.get(param.name, param.default)
        if value is None:
            raise UsageError(f"--name {query.name} needs --param {param.name}=VALUE ({param.help})")
        if param.kind == "concept":
            values[param.name] = [ox.NamedNode(lookup.resolve(value).iri)]
        else:
            values[param.name] = [ox.Literal(value)]
    return values


def source(args: tuple[str, ...], path: str | None, name: str | None) -> tuple[str, str, tuple[str, ...]]:
    """(query text, where it came from for messages, FILES) from the command line: with -q FILE or --name every
    argument is a file, otherwise the first argument is the query itself."""
    if path is not None and name is not None:
        raise UsageError("give one query: inline text, -q FILE or --name NAME, not several")
    if name is not None:
        return named(name).text, f"--name {name}", args
    if path is not None:
        try:
            return Path(path).read_text(encoding="utf-8"), path, args
        except (OSError, UnicodeDecodeError) as e:
            raise UsageError(f"-q {path}: cannot read the query ({e}); give a UTF-8 .rq file") from None
    if not args:
        raise UsageError("give a query: inline text, -q FILE or --name NAME (`tropekg query --list` shows names)")
    return args[0], "query", args[1:]


def answer(vocab: Vocabulary, text: str, where: str, name: str | None, params: tuple[str, ...],
           fmt: str | None) -> str | bytes:
    """`tropekg query`: run a query (binding --param values for a named one) and render its result in `fmt`."""
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: use one of {', '.join(FORMATS)}")
    if params and name is None:
        raise UsageError("--param works with --name queries only; write the value into your own query")
    values = bind(vocab, named(name), parse_params(params)) if name else None
    return render(run(vocab, text, where, values), fmt, vocab.prefixes)


def _syntax_place(text: str) -> tuple[int, int, str] | None:
    """(line, column, token) of a syntax error, from rdflib's SPARQL parser: Oxigraph 0.5 reports the end of the
    input as the place of most errors, rdflib (pyparsing) the token where parsing failed. Only run on errors."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseException as e:
        found = re.search(r"found (.+?)\s+\(at char", str(e))
        return e.lineno, e.col, found[1] if found else "end of input"
    return None


def run(vocab: Vocabulary, text: str, where: str = "query", values: dict | None = None):
    """The result of a query (QuerySolutions, QueryBoolean or QueryTriples); a syntax error names the line and
    column in `where` (a file, `--name X` or the inline query)."""
    try:
        return vocab.query(text, values)
    except QueryError as e:
        message = str(e)
        found = re.search(r"error at (\d+):(\d+): (.*)", message)
        if not found:
            raise QueryError(f"{where}: {message.removeprefix('query: ')}") from None
        place = _syntax_place(text)
        if place:
            line, column, token = place
            raise QueryError(f"{where}:{line}:{column}: SPARQL syntax error at {token}; fix the query") from None
        line, column, detail = found.groups()
        detail = detail if len(detail) < 160 else detail[:157] + "..."
        raise QueryError(f"{where}:{line}:{column}: SPARQL syntax error: {detail}; fix the query") from None


def prepared(vocab: Vocabulary, query: NamedQuery, given: dict[str, str]) -> str:
    """The text of a named query with its parameters bound, as sent to another SPARQL endpoint (prefixes
    declared in the text, since a remote endpoint knows none of ours)."""
    values = bind(vocab, query, given)
    text = with_values(query.text, values) if values else query.text
    return sparql_prologue(vocab.prefixes) + text


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | None, prefixes: dict[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return curie(term.value, prefixes)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value  # the table is for reading; the language tag is in the json, xml and tsv formats


def table(result, prefixes: dict[str, str]) -> str:
    """SELECT solutions as an aligned text table (IRIs as CURIEs, literals as their text), or ASK's answer."""
    if isinstance(result, ox.QueryBoolean):
        return "true\n" if bool(result) else "false\n"
    names = [v.value for v in result.variables]
    rows = [[" ".join(_cell(sol[i], prefixes).split()) for i in range(len(names))] for sol in result]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def render(result, fmt: str | None, prefixes: dict[str, str]) -> str | bytes:
    """A result in `fmt`: table or a SPARQL result format for SELECT/ASK, an RDF format for CONSTRUCT/DESCRIBE;
    None picks table or turtle. A format that does not fit the kind of result is a usage error."""
    graph = isinstance(result, ox.QueryTriples)
    fmt = fmt or ("turtle" if graph else "table")
    if graph and fmt not in RDF_FORMATS:
        raise UsageError(f"--format {fmt}: a CONSTRUCT or DESCRIBE query gives RDF; use {', '.join(RDF_FORMATS)}")
    if not graph and fmt in RDF_FORMATS:
        raise UsageError(f"--format {fmt}: SELECT and ASK give results; use table, {', '.join(RESULT_FORMATS)}")
    if fmt == "table":
        return table(result, prefixes)
    if graph:
        # A graph has no order: sorted triples make the output the same for the same input.
        triples = sorted(result, key=str)
        kwargs = {"prefixes": prefixes} if fmt in ("turtle", "trig", "rdfxml") else {}
        return ox.serialize(triples, format=RDF_FORMATS[fmt], **kwargs)
    return result.serialize(format=RESULT_FORMATS[fmt])


def listing() -> str:
    """`--list`: each shipped query with its one-line description and parameters."""
    queries = named_queries()
    width = max(len(n) for n in queries)
    lines = []
    for q in queries.values():
        params = " ".join(f"--param {p.name}=..." for p in q.params)
        lines.append(f"{q.name.ljust(width)}  {q.description}" + (f"  [{params}]" if params else ""))
    return "\n".join(lines) + "\n"
