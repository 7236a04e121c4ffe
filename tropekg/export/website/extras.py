"""What a concept page shows beyond export.records: typed notes, the symmetric trope links, narrative uses, the
spoiler level, and each concept's own statements (its RDF beside the page), read in one pass over the canonical
lines; a concept's or scheme's description: those statements and the labels of what they mention."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import groupby

from ...labels import lang_tag
from ...lookup import Lookup
from ...model import LINKS as MODEL_LINKS
from ...namespaces import SKOS, TK
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
    inbound: list[str] = field(default_factory=list)  # others' statements it carries: a scheme's top concepts
    notes: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    spoiler: int | None = None


def extras(vocab: Vocabulary, concepts: set[str]) -> dict[str, Extra]:
    """{concept or scheme IRI: Extra} for every IRI of `concepts`; a scheme's inbound lines are the statements
    `?c skos:topConceptOf <scheme>` (SKOS 4.6.2), so its RDF lists its top concepts however they are stated."""
    notes = {f"<{p}>" for p in Lookup(vocab).note_properties}
    links = {f"<{p}>": key for key, props in LINKS.items() for p in props}
    spoiler = f"<{TK}spoilerLevel>"
    top = f"<{SKOS}topConceptOf>"
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
            elif p == top and o[1:-3] in out:
                out[o[1:-3]].inbound.append(line)
            elif p == spoiler and o[0] == '"':
                value = text(literal(o[:-2])[0])
                found.spoiler = int(value) if value.lstrip("-").isdigit() else None
    for extra in out.values():
        extra.links = {k: sorted(set(v)) for k, v in extra.links.items()}
    return out


def description(extra: Extra, labels: dict[str, list[str]]) -> list[str]:
    """The sorted lines a resource's RDF carries: its own statements, the others' it carries (Extra.inbound), and
    the skos:prefLabel lines of every IRI they mention (`labels`: pref_lines), so a client needs no second request
    to show names."""
    own = extra.lines + extra.inbound
    mentioned = set()
    for line in own:
        s, _, o = line.split(" ", 2)
        mentioned.add(s)
        if o[0] == "<":
            mentioned.add(o[:-2])
    return sorted({*own, *(line for term in mentioned for line in labels.get(term, ()))})


def pref_lines(vocab: Vocabulary) -> dict[str, list[str]]:
    """{subject term: its skos:prefLabel lines}, from the canonical lines."""
    marker = f" <{SKOS}prefLabel> "
    out: dict[str, list[str]] = {}
    for line in canonical_lines(vocab):
        if marker in line:
            out.setdefault(line[: line.index(" ")], []).append(line)
    return out


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
    """Sorted lines as expanded JSON-LD (JSON-LD 1.1, 4.1.4): a node object per subject, `iri`'s first,
    predicates in order."""
    nodes: dict[str, dict] = {f"<{iri}>": {"@id": iri}}
    for line in lines:
        s, p, o = line.split(" ", 2)
        node = nodes.setdefault(s, {"@id": s if s[0] == "_" else s[1:-1]})
        term = _term(o[:-2])
        if p == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" and "@id" in term:
            node.setdefault("@type", []).append(term["@id"])
        else:
            node.setdefault(p[1:-1], []).append(term)
    return (json.dumps(list(nodes.values()), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
