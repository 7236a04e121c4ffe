"""What a concept page shows beyond export.records: typed notes, the symmetric trope links, narrative uses, the
spoiler level, and each concept's own statements as Turtle and JSON-LD, read in one pass over the canonical lines."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import groupby

from ...labels import lang_tag
from ...lookup import Lookup
from ...model import LINKS as MODEL_LINKS
from ...namespaces import TK
from ...vocabulary import Vocabulary
from ..triples import canonical_lines, literal, text

# Links a page lists besides the records' own, as model.LINKS states them: key -> properties; a link whose
# property is its own inverse (symmetric) is read in both directions.
_KEYS = ("counterparts", "contrastsWith", "uses")
LINKS = {key: tuple(p for k, p, _ in MODEL_LINKS if k == key) for key in _KEYS}
_SYMMETRIC = {key for key, p, inverse in MODEL_LINKS if key in _KEYS and p == inverse}


@dataclass
class Extra:
    """One concept's extra fields: notes as {property IRI: {lang: [text]}}, links as {key: [IRI]}."""

    lines: list[str] = field(default_factory=list)
    notes: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    spoiler: int | None = None


def extras(vocab: Vocabulary, concepts: set[str]) -> dict[str, Extra]:
    """{concept IRI: Extra} for every IRI of `concepts`."""
    notes = {f"<{p}>" for p in Lookup(vocab).note_properties}
    links = {f"<{p}>": key for key, props in LINKS.items() for p in props}
    spoiler = f"<{TK}spoilerLevel>"
    out = {iri: Extra() for iri in concepts}
    for subject, group in groupby(canonical_lines(vocab), key=lambda line: line[: line.index(" ")]):
        found = out.get(subject[1:-1])
        if found is None:
            continue
        found.lines = list(group)
        for line in found.lines:
            _, p, o = line.split(" ", 2)
            if p in notes and o[0] == '"':
                quoted, tag, _ = literal(o[:-2])
                found.notes.setdefault(p[1:-1], {}).setdefault(lang_tag(tag), []).append(text(quoted))
            elif p in links and o[0] == "<":
                key, target = links[p], o[1:-3]
                found.links.setdefault(key, []).append(target)
                if key in _SYMMETRIC and target in out:
                    out[target].links.setdefault(key, []).append(subject[1:-1])
            elif p == spoiler and o[0] == '"':
                value = text(literal(o[:-2])[0])
                found.spoiler = int(value) if value.lstrip("-").isdigit() else None
    for extra in out.values():
        extra.links = {k: sorted(set(v)) for k, v in extra.links.items()}
    return out


def turtle(extra: Extra) -> bytes:
    """The concept's statements (it as subject) as Turtle: N-Triples lines, which Turtle reads as they are."""
    return "".join(f"{line}\n" for line in extra.lines).encode("utf-8")


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


def jsonld(iri: str, extra: Extra) -> bytes:
    """The concept's statements as expanded JSON-LD (JSON-LD 1.1, 4.1.4): one node object, predicates in order."""
    node: dict = {"@id": iri}
    for line in extra.lines:
        _, p, o = line.split(" ", 2)
        term = _term(o[:-2])
        if p == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" and "@id" in term:
            node.setdefault("@type", []).append(term["@id"])
        else:
            node.setdefault(p[1:-1], []).append(term)
    return (json.dumps([node], ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
