"""The graph as sorted canonical N-Triples lines: the one form the concept record and every exporter start from.

Why lines and not term objects: Oxigraph writes N-Triples several times faster than Python can turn the same
triples into term objects (store iteration, SPARQL rows, or parsing; DEVELOPERS.md). Canonical N-Triples (RDF 1.1
N-Triples, section 4) writes each term one way, IRIs never contain a space, and its string escapes (ECHAR and
\\uXXXX for controls) are also JSON string escapes (RFC 8259, section 7), so the exporters slice lines instead of
building terms.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from .vocabulary import Vocabulary

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
TRUE_FORMS = frozenset({"true", "1"})  # xsd:boolean's lexical forms of true (XML Schema 1.1 Part 2, 3.3.2)
_LONG_UCHAR = re.compile(r"\\U([0-9A-Fa-f]{8})")


def canonical_lines(vocab: Vocabulary) -> list[str]:
    """Every triple of the default graph as one canonical N-Triples line (ending " .", no newline), sorted by code
    point, with blank nodes relabelled canonically (RDFC-1.0 as Oxigraph implements it), so the same graph gives
    the same lines whatever labels the parser invented. Computed once per Vocabulary."""
    found = vocab.derived.lines
    if found is None:
        found = vocab.derived.lines = _canonical(vocab)
    return found


def dump_text(vocab: Vocabulary) -> str:
    """Oxigraph's N-Triples of the default graph, unsorted and with the parser's blank node labels: for regular
    expressions that pick out a few predicates between IRIs in one C-speed pass."""
    found = vocab.derived.dump
    if found is None:
        found = vocab.derived.dump = vocab.store.dump(format=ox.RdfFormat.N_TRIPLES,
                                                      from_graph=ox.DefaultGraph()).decode("utf-8")
    return found


def _canonical(vocab: Vocabulary) -> list[str]:
    raw = dump_text(vocab)
    lines = raw.split("\n")
    lines.pop()  # the text ends with a newline
    if "_:" in raw:
        lines = _relabel_blank_nodes(lines)
    # " ." sorts like the end of the line: canonical N-Triples escapes every character below the space.
    lines.sort()
    return lines


def _has_blank(line: str) -> bool:
    return line.startswith("_:") or line.rsplit(" ", 2)[-2].startswith("_:")


def _relabel_blank_nodes(lines: list[str]) -> list[str]:
    """Blank node labels depend only on the triples that mention blank nodes, so only those are canonicalised."""
    # "_:" in the line first, in a comprehension: one C scan passes over most lines without a call per line.
    maybe = [line for line in lines if "_:" in line]
    blanks = [line for line in maybe if _has_blank(line)]
    plain = [line for line in lines if "_:" not in line]
    if len(blanks) < len(maybe):  # "_:" inside a literal or an IRI, not a blank node
        plain += [line for line in maybe if not _has_blank(line)]
    blank = "".join(f"{line}\n" for line in blanks)
    dataset = ox.Dataset(ox.parse(blank.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    out = ox.serialize(dataset, format=ox.RdfFormat.N_QUADS).decode("utf-8").split("\n")
    out.pop()
    return plain + out


# STRING_LITERAL_QUOTE excludes only these four raw characters (RDF 1.1 N-Triples, section 2.3).
_STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
# IRIREF excludes these characters; written as UCHAR escapes, a parser reads them back as the same characters.
_NOT_IN_IRIREF = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def quoted(text: str) -> str:
    """`text` as an N-Triples string literal (without language tag or datatype)."""
    return f'"{text.translate(_STRING_ESCAPES)}"'


def iri_ref(iri: str) -> str:
    """`iri` as an N-Triples IRIREF, its excluded characters escaped (an invalid IRI that validate read leniently
    goes through a lenient parse the same)."""
    return "<" + _NOT_IN_IRIREF.sub(lambda m: f"\\u{ord(m.group()):04X}", iri) + ">"


def split(line: str) -> tuple[str, str, str]:
    """(subject, predicate, object) terms of a canonical line, each in N-Triples syntax."""
    s, p, o = line.split(" ", 2)
    return s, p, o[:-2]


def literal(term: str) -> tuple[str, str, str]:
    """(lexical form as JSON string text with quotes, language, datatype IRI) of an N-Triples literal."""
    end = term.rfind('"')
    quoted, suffix = term[: end + 1], term[end + 1 :]
    if "\\U" in quoted:
        quoted = _LONG_UCHAR.sub(_surrogates, quoted)  # JSON has no \U escape (RFC 8259, section 7)
    if suffix.startswith("@"):
        return quoted, suffix[1:], ""
    return quoted, "", suffix[3:-1] if suffix else XSD_STRING


def _surrogates(m: re.Match[str]) -> str:
    return json.dumps(chr(int(m.group(1), 16)), ensure_ascii=True)[1:-1]


def text(quoted: str) -> str:
    """The Python string of a quoted lexical form from literal()."""
    return quoted[1:-1] if "\\" not in quoted else json.loads(quoted)


def iri(term: str) -> str:
    """The IRI of an N-Triples IRI term, or the term itself (blank node) unchanged."""
    return term[1:-1] if term.startswith("<") else term




def batches(lines: Iterable[str], size: int = 20_000) -> Iterator[list[str]]:
    """Sorted lines in lists of about `size`, each ending where a subject's lines end: a streamed export writes a
    list at a time, as it would write them all."""
    batch: list[str] = []
    append = batch.append
    cut = ""
    for line in lines:
        if cut:
            if line.startswith(cut):
                append(line)
                continue
            yield batch
            batch = []
            append = batch.append
            cut = ""
        append(line)
        if len(batch) >= size:
            cut = line[: line.index(" ") + 1]
    if batch:
        yield batch
