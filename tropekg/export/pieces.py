"""Many small RDF documents over one vocabulary (a site's descriptions, one per concept), written by pieces with
rdf.py's own writers, so the bytes are turtle_lines' and rdfxml_lines': each subject's statements once."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ExportError
from .rdf import (
    _XML_ATTR,
    _escaped,
    _prefix_lines,
    _QNames,
    _rdf_head,
    _Shortener,
    _turtle_body,
    _xml_name,
    _xml_object,
    rdfxml_lines,
)

Piece = tuple[str, frozenset[str]]  # a subject's statements as written, and the prefixes they use


def subjects(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(subject term, its lines) for each subject of sorted lines, in order."""
    out: list[tuple[str, list[str]]] = []
    last = ""
    for line in lines:
        s = line[: line.index(" ")]
        if s == last:
            out[-1][1].append(line)
        else:
            out.append((s, [line]))
            last = s
    return out


class SmallDocuments:
    """Turtle and RDF/XML of many small documents over one vocabulary's prefixes (a site's descriptions), the
    bytes of turtle_lines and rdfxml_lines: a subject's statements that recur in many documents (a concept's
    labels, in the description of every concept that links to it) are written once, as a piece, and reused.
    A document's own subject (`own`), which no other document holds whole, is written and not kept."""

    KEPT = 200_000  # pieces of each format kept; past it the memo starts again (a server renders for ever)

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes
        self.short = _Shortener(prefixes)
        self.short_prefixes = sorted(self.short.by_ns.items(), key=lambda x: x[1])
        self.qnames = _QNames(prefixes)  # its declared prefixes only: a generated one depends on the document
        self.xml_prefixes = sorted(self.qnames.by_ns.items(), key=lambda x: x[1])
        self.turtle_pieces: dict[tuple[str, ...], Piece] = {}
        self.xml_pieces: dict[tuple[str, ...], Piece] = {}
        self.names: dict[str, tuple[str, str]] = {}  # property term -> (qualified name, prefix)

    def turtle(self, groups: list[tuple[str, list[str]]], own: str) -> bytes:
        """turtle_lines() of the lines of subjects() `groups`."""
        parts, used = self._pieces(groups, own, self.turtle_pieces, self._turtle_piece)  # type: ignore[misc]
        body = " .\n\n".join(parts) + " .\n" if parts else ""
        return (_prefix_lines(self.short_prefixes, used) + "\n" + body).encode("utf-8")

    def rdfxml(self, groups: list[tuple[str, list[str]]], own: str) -> bytes:
        """rdfxml_lines() of the lines of subjects() `groups`."""
        found = self._pieces(groups, own, self.xml_pieces, self._xml_piece)
        if found is None:  # a generated prefix or a statement RDF/XML cannot carry: as one document
            return rdfxml_lines([line for _, lines in groups for line in lines], self.prefixes)
        parts, used = found
        return (_rdf_head(self.xml_prefixes, used) + "".join(parts) + "</rdf:RDF>\n").encode("utf-8")

    def _pieces(self, groups: list[tuple[str, list[str]]], own: str, memo: dict, write: Callable[..., Piece | None]
                ) -> tuple[list[str], set[str]] | None:
        """Each subject's piece, in order, and the prefixes they use: made by `write` (subject, its lines) once and
        kept in `memo` (`own`'s written, not kept); None when `write` cannot write one."""
        used: set[str] = set()
        parts = []
        for s, group in groups:
            piece = memo.get(key := tuple(group)) if s != own else None
            if piece is None:
                piece = write(s, group)
                if piece is None:
                    return None
                if s != own:
                    _keep(memo, key, piece, self.KEPT)
            parts.append(piece[0])
            used |= piece[1]
        return parts, used

    def _turtle_piece(self, s: str, group: list[str]) -> Piece:
        text = "".join(_turtle_body(group, self.short))[:-3]  # less its " .\n"
        return text, _prefixes_used(s, group, self.short.prefix_of)

    def _name(self, term: str) -> tuple[str, str] | None:
        """(qualified name, prefix) of a property under a declared prefix, or None."""
        ns, local = _xml_name(term)
        prefix = self.qnames.by_ns.get(ns)
        if prefix is None:
            return None
        found = self.names[term] = (f"{prefix}:{local}", prefix)
        return found

    def _xml_piece(self, s: str, group: list[str]) -> Piece | None:
        node = f'rdf:nodeID="{s[2:]}"' if s[0] == "_" else f'rdf:about="{_escaped(s[1:-1], _XML_ATTR)}"'
        out = [f"  <rdf:Description {node}>\n"]
        used = set()
        try:
            for line in group:
                _, p, o = line.split(" ", 2)
                name = self.names.get(p) or self._name(p)
                if name is None:
                    return None
                used.add(name[1])
                out.append(_xml_object(name[0], o[:-2], s))
        except ExportError:
            return None
        out.append("  </rdf:Description>\n")
        return "".join(out), frozenset(used)


def _prefixes_used(s: str, lines: list[str], prefix_of: dict[str, str]) -> frozenset[str]:
    """The prefixes _turtle_body wrote the lines of subject `s` with: those of `s`, the predicates, the IRIs and
    the datatypes (each term looked up once)."""
    terms = {s}
    for line in lines:
        _, p, o = line.split(" ", 2)
        terms.add(p)
        if o[-3] == ">":  # an IRI, or a literal's datatype (o ends with " .")
            terms.add(o[:-2] if o[0] == "<" else o[o.rfind("^^<") + 2 : -2])
    return frozenset(filter(None, map(prefix_of.get, terms)))


def _keep(memo: dict, key: tuple[str, ...], piece: Piece, kept: int) -> None:
    if len(memo) >= kept:
        memo.clear()
    memo[key] = piece

