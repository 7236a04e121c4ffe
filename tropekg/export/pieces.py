"""Many small RDF documents over one vocabulary (a site's descriptions, one per concept), written by pieces with
rdf.py's own writers, so the bytes are turtle_lines' and rdfxml_lines': each subject's statements once."""

from __future__ import annotations

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
        self.turtle_pieces: dict[tuple[str, ...], tuple[str, frozenset[str]]] = {}
        self.xml_pieces: dict[tuple[str, ...], tuple[str, frozenset[str]]] = {}
        self.names: dict[str, tuple[str, str]] = {}  # property term -> (qualified name, prefix)

    def turtle(self, groups: list[tuple[str, list[str]]], own: str) -> bytes:
        """turtle_lines() of the lines of subjects() `groups`."""
        used: set[str] = set()
        parts = []
        for s, group in groups:
            piece = self.turtle_pieces.get(key := tuple(group)) if s != own else None
            if piece is None:
                text = "".join(_turtle_body(group, self.short))[:-3]  # less its " .\n"
                piece = text, _prefixes_used(group, self.short.prefix_of)
                if s != own:
                    _keep(self.turtle_pieces, key, piece, self.KEPT)
            parts.append(piece[0])
            used |= piece[1]
        body = " .\n\n".join(parts) + " .\n" if parts else ""
        return (_prefix_lines(self.short_prefixes, used) + "\n" + body).encode("utf-8")

    def rdfxml(self, groups: list[tuple[str, list[str]]], own: str) -> bytes:
        """rdfxml_lines() of the lines of subjects() `groups`."""
        used: set[str] = set()
        parts = []
        for s, group in groups:
            piece = self.xml_pieces.get(key := tuple(group)) if s != own else None
            if piece is None:
                piece = self._xml_piece(s, group)
                if piece is None:  # a generated prefix or a statement RDF/XML cannot carry: as one document
                    return rdfxml_lines([line for _, lines in groups for line in lines], self.prefixes)
                if s != own:
                    _keep(self.xml_pieces, key, piece, self.KEPT)
            parts.append(piece[0])
            used |= piece[1]
        return (_rdf_head(self.xml_prefixes, used) + "".join(parts) + "</rdf:RDF>\n").encode("utf-8")

    def _name(self, term: str) -> tuple[str, str] | None:
        """(qualified name, prefix) of a property under a declared prefix, or None."""
        ns, local = _xml_name(term)
        prefix = self.qnames.by_ns.get(ns)
        if prefix is None:
            return None
        found = self.names[term] = (f"{prefix}:{local}", prefix)
        return found

    def _xml_piece(self, s: str, group: list[str]) -> tuple[str, frozenset[str]] | None:
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


def _prefixes_used(lines: list[str], prefix_of: dict[str, str]) -> frozenset[str]:
    """The prefixes _turtle_body wrote `lines` with: those of their subjects, predicates, IRIs and datatypes."""
    used = set()
    get = prefix_of.get
    for line in lines:
        s, p, o = line.split(" ", 2)
        o = o[:-2]
        if o[0] != "<" and o[-1] == ">":
            o = o[o.rfind("^^<") + 2 :]
        for term in (s, p, o):
            prefix = get(term)
            if prefix:
                used.add(prefix)
    return frozenset(used)


def _keep(memo: dict, key: tuple[str, ...], piece: tuple[str, frozenset[str]], kept: int) -> None:
    if len(memo) >= kept:
        memo.clear()
    memo[key] = piece

