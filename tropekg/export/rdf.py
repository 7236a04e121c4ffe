"""RDF exports: N-Triples, N-Quads, Turtle, TriG and RDF/XML, written from the sorted canonical lines.

Sorted input makes every format stable: a subject's triples sit together, in code point order, so a diff of two
exports shows only what changed. Named graphs (N-Quads, TriG) are one per concept scheme (triples.scheme_graphs).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from bisect import bisect_left
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from ..errors import ExportError
from ..ntriples import RDF_TYPE, XSD_STRING, batches, canonical_lines, literal, text
from ..output.sinks import NOT_XML
from ..vocabulary import Vocabulary
from .options import Options
from .triples import scheme_graphs, select_scheme

# Turtle PN_LOCAL and XML NCName, kept to ASCII: anything else is written as a full IRI (Turtle) or under a
# generated namespace (RDF/XML), which is always correct, only longer.
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_NCNAME_TAIL = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*$")


def _lines(vocab: Vocabulary, options: Options) -> list[str]:
    return select_scheme(vocab, canonical_lines(vocab), options.scheme)


def ntriples(vocab: Vocabulary, options: Options) -> bytes:
    """Canonical N-Triples (RDF 1.1 N-Triples, section 4), one triple per line, sorted."""
    lines = _lines(vocab, options)
    return ("\n".join(lines) + "\n" if lines else "").encode("utf-8")


def _by_graph(vocab: Vocabulary, lines: list[str]) -> dict[str, list[str]]:
    """{graph term ("" for the default graph): its lines}, in graph order. Lines are sorted, so each subject's
    lines are one slice, found by bisection; runs of subjects in the same graph are copied as one slice."""
    graphs = scheme_graphs(vocab)
    ranges: list[tuple[str, int, int]] = []  # (graph, start, end), merged when consecutive
    done = 0
    for subject in sorted(graphs):
        head = subject + " "
        start = done if done < len(lines) and lines[done].startswith(head) else bisect_left(lines, head, done)
        end = bisect_left(lines, subject + "!", start)  # "!" follows " ": the end of this subject's lines
        if start == end:
            continue
        graph = graphs[subject]
        if start > done:
            ranges.append(("", done, start))
        if ranges and ranges[-1][0] == graph and ranges[-1][2] == start:
            ranges[-1] = (graph, ranges[-1][1], end)
        else:
            ranges.append((graph, start, end))
        done = end
    ranges.append(("", done, len(lines)))
    grouped: dict[str, list[str]] = {}
    for graph, start, end in ranges:
        if start < end:
            grouped.setdefault(graph, []).extend(lines[start:end])
    return dict(sorted(grouped.items()))


def nquads(vocab: Vocabulary, options: Options) -> bytes:
    """N-Quads with one named graph per concept scheme; triples of no scheme stay in the default graph."""
    out = []
    for graph, lines in _by_graph(vocab, _lines(vocab, options)).items():
        text = "\n".join(lines) + "\n"
        # " .\n" ends a line and nothing else: canonical N-Triples escapes line breaks inside literals.
        out.append(text.replace(" .\n", f" {graph} .\n") if graph else text)
    return "".join(out).encode("utf-8")


class _Shortener:
    """IRI terms as prefixed names where the prefix is known and the local part is safe; records prefixes used."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.by_ns = {ns: p for p, ns in sorted(prefixes.items()) if _PREFIX.fullmatch(p)}
        self.cache: dict[str, str] = {}
        self.used: set[str] = set()
        self.prefix_of: dict[str, str] = {}  # term -> the prefix it is written with

    def __call__(self, term: str) -> str:
        found = self.cache.get(term)
        if found is None:
            found = term
            if term.startswith("<"):
                value = term[1:-1]
                for sep in "#/:":
                    cut = value.rfind(sep) + 1
                    prefix = self.by_ns.get(value[:cut]) if cut else None
                    if prefix is not None and _LOCAL.fullmatch(value, cut):
                        found = f"{prefix}:{value[cut:]}"
                        self.used.add(prefix)
                        self.prefix_of[term] = prefix
                        break
            self.cache[term] = found
        return found

    def header(self, keyword: str = "@prefix") -> str:
        return _prefix_lines(sorted(self.by_ns.items(), key=lambda x: x[1]), self.used, keyword)


def _prefix_lines(by_prefix: list[tuple[str, str]], used: set[str], keyword: str = "@prefix") -> str:
    """The prefix declarations of the `used` prefixes, from (namespace, prefix) pairs in prefix order."""
    end = " ." if keyword == "@prefix" else ""
    return "".join(f"{keyword} {p}: <{ns}>{end}\n" for ns, p in by_prefix if p in used)


def _turtle_body(lines: list[str], short: _Shortener, indent: str = "") -> list[str]:
    """Turtle statements for sorted lines; the hot loop of the RDF exports, so cache hits skip the call."""
    out: list[str] = []
    append, cached = out.append, short.cache.get
    last_s = last_p = ""
    for line in lines:
        s, p, o = line.split(" ", 2)
        o = o[:-2]
        if o[0] == "<":
            o = cached(o) or short(o)
        elif o[-1] == ">":
            cut = o.rfind("^^<") + 2
            o = o[:cut] + (cached(o[cut:]) or short(o[cut:]))
        if s != last_s:
            if last_s:
                append(" .\n\n")
            verb = "a" if p == RDF_TYPE else cached(p) or short(p)
            append(f"{indent}{cached(s) or short(s)}\n{indent}    {verb} {o}")
            last_s, last_p = s, p
        elif p != last_p:
            append(f" ;\n{indent}    {'a' if p == RDF_TYPE else cached(p) or short(p)} {o}")
            last_p = p
        else:
            append(f" ,\n{indent}        {o}")
    if last_s:
        append(" .\n")
    return out


def turtle(vocab: Vocabulary, options: Options) -> bytes:
    """Turtle grouped by subject, one predicate per line and one object per line, sorted; prefixes as declared."""
    return turtle_lines(_lines(vocab, options), vocab.prefixes)


def turtle_lines(lines: list[str], prefixes: dict[str, str]) -> bytes:
    """Turtle of sorted canonical N-Triples `lines` (a whole export, or one concept's description)."""
    short = _Shortener(prefixes)
    body = _turtle_body(lines, short)
    return (short.header() + "\n" + "".join(body)).encode("utf-8")


def write_ntriples(lines: Iterable[str], out: BinaryIO) -> None:
    """ntriples() of sorted canonical `lines` too many to hold, written to `out` as they come."""
    for batch in batches(lines):
        out.write(("\n".join(batch) + "\n").encode("utf-8"))


def write_turtle(lines: Iterable[str], prefixes: dict[str, str], out: BinaryIO, folder: str | Path) -> None:
    """turtle_lines() of sorted canonical `lines` too many to hold: the body goes to a file in `folder` first,
    since the header lists only the prefixes the body uses."""
    short = _Shortener(prefixes)
    with tempfile.TemporaryFile(dir=folder) as body:
        for n, batch in enumerate(batches(lines)):
            # Each batch ends its last statement with " .\n"; between subjects the whole text has a blank line.
            body.write((("\n" if n else "") + "".join(_turtle_body(batch, short))).encode("utf-8"))
        out.write((short.header() + "\n").encode("utf-8"))
        body.seek(0)
        shutil.copyfileobj(body, out, 1 << 20)


def trig(vocab: Vocabulary, options: Options) -> bytes:
    """TriG: triples of no scheme first (default graph), then one `<scheme> { ... }` block per concept scheme."""
    short = _Shortener(vocab.prefixes)
    parts: list[str] = []
    for graph, lines in _by_graph(vocab, _lines(vocab, options)).items():
        if graph:
            parts.append(f"\n{short(graph)} {{\n")
            parts.extend(_turtle_body(lines, short, "    "))
            parts.append("}\n")
        else:
            parts.append("\n")
            parts.extend(_turtle_body(lines, short))
    return (short.header() + "".join(parts)).encode("utf-8")


# CR as a reference, else XML parsers turn it into LF (XML 1.0, section 2.11); in attributes also tab and LF.
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_XML_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_XML_SPECIAL = re.compile('[&<>"\r]')  # what either table replaces: most values hold none, so translate is skipped


def _escaped(value: str, table: dict[int, str]) -> str:
    return value.translate(table) if _XML_SPECIAL.search(value) else value


def _xml_text(value: str, where: str) -> str:
    bad = NOT_XML.search(value)
    if bad:
        raise ExportError(f"{where}: a literal holds U+{ord(bad.group()):04X}, which XML 1.0 cannot carry "
                          "(section 2.2); remove it, or export as turtle or ntriples")
    return _escaped(value, _XML_TEXT)


def _literal_xml(o: str, where: str) -> tuple[str, str, str]:
    """(lexical form as XML text, language, datatype) of an N-Triples literal. Canonical N-Triples writes
    every character XML cannot carry as an escape, so only escaped literals need decoding and checking."""
    quoted, lang, datatype = literal(o)
    if "\\" in quoted:
        return _xml_text(text(quoted), where), lang, datatype
    return _escaped(quoted[1:-1], _XML_TEXT), lang, datatype


def _xml_attr(value: str) -> str:
    """An IRI as an attribute value (IRIs hold no controls or spaces: RFC 3987, as N-Triples IRIREF checks)."""
    return _escaped(value, _XML_ATTR)


class _QNames:
    """Predicate IRIs as XML qualified names: declared prefixes where they fit, generated ns1, ns2 otherwise."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.by_ns = {ns: p for p, ns in sorted(prefixes.items())
                      if _PREFIX.fullmatch(p) and not p.lower().startswith("xml")}
        self.by_ns["http://www.w3.org/1999/02/22-rdf-syntax-ns#"] = "rdf"
        self.cache: dict[str, str] = {}
        self.generated: list[str] = []

    def __call__(self, term: str) -> str:
        found = self.cache.get(term)
        if found is None:
            ns, local = _xml_name(term)
            if ns not in self.by_ns:
                self.generated.append(ns)
                self.by_ns[ns] = f"ns{len(self.generated)}"
            found = self.cache[term] = f"{self.by_ns[ns]}:{local}"
        return found


def _xml_name(term: str) -> tuple[str, str]:
    """(namespace, local name) of a property IRI term, split where the longest XML name ends it."""
    value = term[1:-1]
    tail = _NCNAME_TAIL.search(value)
    if tail is None or tail.start() == 0:
        raise ExportError(f"{term}: this property IRI does not end in an XML name, so RDF/XML cannot write "
                          "it (RDF 1.1 XML Syntax, 2.2); export as turtle or ntriples")
    return value[: tail.start()], tail.group()


def _xml_object(name: str, o: str, where: str) -> str:
    if o[0] == "<":
        return f'    <{name} rdf:resource="{_escaped(o[1:-1], _XML_ATTR)}"/>\n'
    if o[0] == "_":
        return f'    <{name} rdf:nodeID="{o[2:]}"/>\n'
    value, lang, datatype = _literal_xml(o, where)
    if lang:
        return f'    <{name} xml:lang="{lang}">{value}</{name}>\n'
    if datatype == XSD_STRING:
        return f"    <{name}>{value}</{name}>\n"
    return f'    <{name} rdf:datatype="{_xml_attr(datatype)}">{value}</{name}>\n'


def rdfxml(vocab: Vocabulary, options: Options) -> bytes:
    """RDF/XML, one rdf:Description per subject in subject order (RDF 1.1 XML Syntax, 2.2-2.12)."""
    return rdfxml_lines(_lines(vocab, options), vocab.prefixes)


def rdfxml_lines(lines: list[str], prefixes: dict[str, str]) -> bytes:
    """RDF/XML of sorted canonical N-Triples `lines` (a whole export, or one concept's description)."""
    qname = _QNames(prefixes)
    cached = qname.cache.get
    body: list[str] = []
    append = body.append
    last_s = ""
    for line in lines:
        s, p, o = line.split(" ", 2)
        if s != last_s:
            if last_s:
                append("  </rdf:Description>\n")
            node = f'rdf:nodeID="{s[2:]}"' if s[0] == "_" else f'rdf:about="{_escaped(s[1:-1], _XML_ATTR)}"'
            append(f"  <rdf:Description {node}>\n")
            last_s = s
        append(_xml_object(cached(p) or qname(p), o[:-2], s))
    if last_s:
        append("  </rdf:Description>\n")
    used = {q.split(":", 1)[0] for q in qname.cache.values()}
    return (_rdf_head(sorted(qname.by_ns.items(), key=lambda x: x[1]), used) + "".join(body)
            + "</rdf:RDF>\n").encode("utf-8")


def _rdf_head(by_prefix: list[tuple[str, str]], used: set[str]) -> str:
    """The XML declaration and rdf:RDF's start tag, declaring rdf and the `used` prefixes (in prefix order)."""
    decls = "".join(f'\n    xmlns:{p}="{_xml_attr(ns)}"' for ns, p in by_prefix if p in used or p == "rdf")
    return f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{decls}>\n'
