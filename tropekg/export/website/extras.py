"""Each concept's own statements (it as subject), as its page's Turtle and JSON-LD files, read in one pass over
the canonical lines; what the page shows comes from the concept record (tropekg.record)."""

from __future__ import annotations

import json
from itertools import groupby

from ...ntriples import canonical_lines, literal, text


def statements(vocab, concepts: set[str]) -> dict[str, list[str]]:
    """{concept IRI: its canonical N-Triples lines} for every IRI of `concepts`."""
    out: dict[str, list[str]] = {iri: [] for iri in concepts}
    for subject, group in groupby(canonical_lines(vocab), key=lambda line: line[: line.index(" ")]):
        if subject[1:-1] in out:
            out[subject[1:-1]] = list(group)
    return out


def turtle(lines: list[str]) -> bytes:
    """The concept's statements (it as subject) as Turtle: N-Triples lines, which Turtle reads as they are."""
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


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


def jsonld(iri: str, lines: list[str]) -> bytes:
    """The concept's statements as expanded JSON-LD (JSON-LD 1.1, 4.1.4): one node object, predicates in order."""
    node: dict = {"@id": iri}
    for line in lines:
        _, p, o = line.split(" ", 2)
        term = _term(o[:-2])
        if p == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" and "@id" in term:
            node.setdefault("@type", []).append(term["@id"])
        else:
            node.setdefault(p[1:-1], []).append(term)
    return (json.dumps([node], ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
