"""What the RDF beside a concept's or scheme's page says (its description): its own statements, a scheme's top
concepts (`?c skos:topConceptOf <scheme>`, SKOS 4.6.2, however the data states them), and the preferred labels of
everything these mention, so a client needs no second request to show names. Written as expanded JSON-LD here,
by the RDF exporters' writers otherwise (representations.py)."""

from __future__ import annotations

import json

from ...namespaces import SKOS
from ...ntriples import canonical_lines, literal, text
from ...vocabulary import Vocabulary
from ..pieces import SmallDocuments

Groups = list[tuple[str, list[str]]]  # a description's sorted lines as (subject term, its lines), as pieces.subjects


class Descriptions:
    """Read in one pass over the canonical lines: every subject's prefLabel lines, each scheme's top concepts."""

    def __init__(self, vocab: Vocabulary, schemes: set[str]) -> None:
        label, top = f" <{SKOS}prefLabel> ", f" <{SKOS}topConceptOf> "
        self.labels: dict[str, list[str]] = {}  # subject term -> its prefLabel lines
        self.inbound: dict[str, list[str]] = {}  # scheme IRI -> the lines naming its top concepts
        for line in canonical_lines(vocab):
            if label in line:
                self.labels.setdefault(line[: line.index(" ")], []).append(line)
            elif top in line:
                scheme = line.rsplit(" ", 2)[1][1:-1]
                if scheme in schemes:
                    self.inbound.setdefault(scheme, []).append(line)

    def groups(self, iri: str, own: list[str]) -> Groups:
        """The sorted lines of `iri`'s description by subject, given its own statements (sorted, as canonical
        lines are): each subject's lines are one list already, so only the subjects are sorted."""
        term, inbound = f"<{iri}>", self.inbound.get(iri, ())
        top: dict[str, list[str]] = {}  # a top concept -> its lines naming `iri` its scheme
        for line in inbound:
            top.setdefault(line[: line.index(" ")], []).append(line)
        mentioned = set(top)
        for line in (*own, *inbound):
            o = line.split(" ", 2)[2]
            if o[0] == "<":
                mentioned.add(o[:-2])
        parts = {term: own} if own else {}
        for subject in mentioned - {term}:  # `iri`'s own labels are among its own statements
            found = self.labels.get(subject, [])
            if subject in top:
                found = sorted({*top[subject], *found})
            if found:
                parts[subject] = found
        # Lines sort by subject first: "<a> ..." before "<ab> ...", as "<a> " < "<ab> ".
        return sorted(parts.items(), key=lambda part: part[0] + " ")


def _term(o: str) -> dict:
    if o[0] == "<":
        return {"@id": o[1:-1]}
    if o[0] == "_":
        return {"@id": o}
    quoted, tag, datatype = literal(o)
    value = {"@value": text(quoted)}
    if tag:
        value["@language"] = tag
    elif datatype != "http://www.w3.org/2001/XMLSchema#string":
        value["@type"] = datatype
    return value


_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _node(s: str, lines: list[str], iris: dict[str, dict]) -> str:
    """A subject's node object (JSON-LD 1.1, 4.1.4) for its sorted lines: predicates in order, rdf:type as @type.
    `iris`: the node reference of each IRI object, made once (the same types, schemes and concepts recur)."""
    node: dict = {"@id": s if s[0] == "_" else s[1:-1]}
    for line in lines:
        _, p, o = line.split(" ", 2)
        o = o[:-2]
        if o[0] == "<":
            term = iris.get(o)
            if term is None:
                term = iris[o] = _term(o)
        else:
            term = _term(o)
        if p == _TYPE and "@id" in term:
            node.setdefault("@type", []).append(term["@id"])
        else:
            node.setdefault(p[1:-1], []).append(term)
    return _ENCODE(node)


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # json.dumps's, made once


class Writers:
    """The RDF files beside the pages, from a description's lines by subject: Turtle and RDF/XML by the RDF
    exporters' writers (pieces.SmallDocuments), expanded JSON-LD here. Each subject's statements are written once
    and reused in every description that holds the same ones (a concept's labels, in each neighbour's)."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.documents = SmallDocuments(prefixes)
        self.nodes: dict[tuple[str, ...], str] = {}
        self.iris: dict[str, dict] = {}  # IRI term -> its node reference {"@id": IRI}, read-only once made

    def turtle(self, iri: str, groups: Groups) -> bytes:
        return self.documents.turtle(groups, f"<{iri}>")

    def rdfxml(self, iri: str, groups: Groups) -> bytes:
        return self.documents.rdfxml(groups, f"<{iri}>")

    def ntriples(self, iri: str, groups: Groups) -> bytes:
        return "".join(f"{line}\n" for _, lines in groups for line in lines).encode("utf-8")

    def jsonld(self, iri: str, groups: Groups) -> bytes:
        """Expanded JSON-LD (JSON-LD 1.1, 4.1.4): a node object per subject, `iri`'s first."""
        own, first, rest = f"<{iri}>", "", []
        for s, group in groups:
            if s == own:
                first = _node(s, group, self.iris)
                continue
            found = self.nodes.get(key := tuple(group))
            if found is None:
                if len(self.nodes) >= SmallDocuments.KEPT:
                    self.nodes.clear()
                    self.iris.clear()
                found = self.nodes[key] = _node(s, group, self.iris)
            rest.append(found)
        first = first or _ENCODE({"@id": iri})
        return ("[" + ",".join([first, *rest]) + "]\n").encode("utf-8")
