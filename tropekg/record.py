"""The concept record: everything one concept says (labels, notes, links, facets, mappings, flags, types,
schemes, primary parent), built once per vocabulary in one pass over the canonical lines; `show`, the catalogs,
the wikis and the site read it (record-spec item 2).

One definition, three sources: the whole vocabulary's records come from one scan of ntriples.canonical_lines (the
exports' hot path, so the loop is written flat), one concept's record (`show`) from its statements in the store's
indexes, written as the same lines and read by the same scan, and records of a vocabulary too large to hold
(stream_records) from sorted lines on disk, one concept at a time, each from its own lines and those stated from
the other end, again by the same scan. A resource is a concept by model.ConceptScan.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .labels import display, lang_tag, texts_in
from .model import (
    ADULT_AUDIENCE,
    FACETS,
    INVERSE_OF,
    LABEL_KINDS,
    LINK_OF,
    MAPPINGS,
    NOTE_PROPERTIES,
    PRIMARY_BROADER,
    ConceptScan,
    hide_parallel_related,
    note_key,
)
from .namespaces import OWL, RDF, RDFS, SKOS, TK
from .ntriples import TRUE_FORMS, canonical_lines, literal, text
from .runs import SortedLines
from .vocabulary import Vocabulary

LABELS = tuple(p[len(SKOS):] for p in LABEL_KINDS[:3])  # prefLabel, altLabel, hiddenLabel
_FLAGS = {f"<{TK}adult>": "adult", f"<{OWL}deprecated>": "deprecated"}


@dataclass(slots=True)
class Record:
    """One concept. Texts as {language tag: [text]} ("" when untagged), IRIs in statement order (direct links,
    then links stated from the other end)."""

    iri: str
    labels: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # prefLabel, altLabel, hiddenLabel
    notation: list[str] = field(default_factory=list)
    notes: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # model.note_key -> texts
    links: dict[str, list[str]] = field(default_factory=dict)  # model.LINK_KINDS -> IRIs
    facets: dict[str, list[str]] = field(default_factory=dict)  # model.FACETS -> IRIs
    mappings: dict[str, list[str]] = field(default_factory=dict)  # model.MAPPINGS -> IRIs
    types: list[str] = field(default_factory=list)
    schemes: list[str] = field(default_factory=list)  # inScheme, topConceptOf, and hasTopConcept from the scheme
    primary: str | None = None  # tk:primaryBroader
    adult: bool = False  # tk:adult true, or the adult audience
    deprecated: bool = False
    spoiler: int | None = None

    def texts(self, kind: str) -> dict[str, list[str]]:
        """{lang: [text]} of a label kind (prefLabel, altLabel, hiddenLabel) or a note kind."""
        return self.labels.get(kind) or self.notes.get(kind) or {}

    def in_lang(self, kind: str, lang: str) -> list[str]:
        """The texts of `kind` in the language labels.choose takes for `lang` (the labels' fallback)."""
        return texts_in(self.texts(kind), lang)[1]

    def all_texts(self, kind: str) -> list[str]:
        by_lang = self.texts(kind)
        return [t for lang in sorted(by_lang) for t in by_lang[lang]]

    def linked(self, kind: str) -> list[str]:
        """The IRIs of a link kind, facet, mapping relation, "schemes" or "types"."""
        if kind == "schemes":
            return self.schemes
        if kind == "types":
            return self.types
        return self.links.get(kind) or self.facets.get(kind) or self.mappings.get(kind) or []


def note_properties(vocab: Vocabulary) -> tuple[str, ...]:
    """skos:note, SKOS's and our notes, then any other declared sub-property of skos:note (SKOS reference 7.1)."""
    # Full IRIs: a vocabulary may declare none of our prefixes (an import's).
    rows = vocab.rows(f"SELECT DISTINCT ?p WHERE {{ ?p <{RDFS}subPropertyOf>+ <{SKOS}note> }}")
    return _with_declared({p.value for (p,) in rows if isinstance(p, ox.NamedNode)})


def _with_declared(declared: set[str]) -> tuple[str, ...]:
    return (*NOTE_PROPERTIES, *sorted(declared - set(NOTE_PROPERTIES)))


_SUB_PROPERTY = f"<{RDFS}subPropertyOf>"


def _below_note(edges: dict[str, list[str]]) -> set[str]:
    """The IRIs with an rdfs:subPropertyOf path to skos:note ({super term: [sub terms]}), as note_properties asks."""
    todo, seen = [f"<{SKOS}note>"], set()
    while todo:
        for sub in edges.get(todo.pop(), ()):
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return {t[1:-1] for t in seen if t[0] == "<"}


def _slots(notes: Iterable[str]) -> dict[str, tuple[str, str]]:
    """predicate term -> (raw field, "text" | "iri" | "flag" | "number"); field names are unique across groups."""
    return {
        **{f"<{SKOS}{kind}>": (kind, "text") for kind in LABELS},
        f"<{SKOS}notation>": ("notation", "text"),
        **{f"<{p}>": (note_key(p), "text") for p in notes},
        **{f"<{p}>": (kind, "iri") for p, kind in LINK_OF.items()},
        **{f"<{p}>": (name, "iri") for name, p in FACETS.items()},
        **{f"<{SKOS}{rel}>": (rel, "iri") for rel in MAPPINGS},
        f"<{RDF}type>": ("types", "iri"), f"<{SKOS}inScheme>": ("schemes", "iri"),
        f"<{SKOS}topConceptOf>": ("schemes", "iri"), f"<{PRIMARY_BROADER}>": ("primary", "iri"),
        **{p: (name, "flag") for p, name in _FLAGS.items()}, f"<{TK}spoilerLevel>": ("spoiler", "number"),
    }


# Links filled from the other end: property term -> the field its object gets.
_INVERSE = {**{f"<{p}>": kind for p, kind in INVERSE_OF.items()}, f"<{SKOS}hasTopConcept>": "schemes"}


def _scan(lines: Iterable[str], slots: dict[str, tuple[str, str]],
          rule: ConceptScan | None, tags: dict[str, str] | None = None) -> dict[str, dict]:
    """{subject term: {field: {lang: [text]} | {iri: None} | bool | int}} from sorted canonical lines; with `rule`,
    the concept rule sees every line that can make a concept. `tags`: lang_tag's answers, kept between calls."""
    raw: dict[str, dict] = {}
    makes = rule.predicates if rule is not None else frozenset()
    tags = {} if tags is None else tags
    inverse_of = _INVERSE
    for line in lines:
        s, p, o = line.split(" ", 2)
        if p in makes:
            rule.see(s, p, o[:-2])  # type: ignore[union-attr]
        if s[0] != "<":  # blank nodes are neither concepts nor records (stats counts IRIs)
            continue
        slot = slots.get(p)
        if slot is None:
            continue
        rec = raw.get(s)
        if rec is None:
            rec = raw[s] = {}
        name, kind = slot
        if o[0] == "<":
            if kind != "iri":
                continue
            target = o[1:-3]
            found = rec.get(name)
            if found is None:
                rec[name] = {target: None}
            else:
                found[target] = None
            inverse = inverse_of.get(p)
            if inverse:
                raw.setdefault(o[:-2], {}).setdefault(inverse, {})[s[1:-1]] = None
        elif o[0] == '"' and kind != "iri":
            end = o.rfind('"')
            value = o[1:end] if "\\" not in o else text(literal(o[:-2])[0])
            if kind == "flag":
                rec[name] = rec.get(name, False) or value in TRUE_FORMS
                continue
            if kind == "number":
                rec[name] = int(value) if value.lstrip("-").isdigit() else None
                continue
            lang = o[end + 2 : -2] if o[end + 1] == "@" else ""
            tag = tags.get(lang)
            if tag is None:
                tag = tags[lang] = lang_tag(lang)
            by_lang = rec.get(name)
            if by_lang is None:
                rec[name] = {tag: [value]}
            elif tag in by_lang:
                by_lang[tag].append(value)
            else:
                by_lang[tag] = [value]
    return raw


# raw field -> the record's group; the other fields are notes (by note_key) or single-valued.
_GROUP = {**{k: "labels" for k in LABELS}, **{k: "links" for k in LINK_OF.values()},
          **{k: "facets" for k in FACETS}, **{k: "mappings" for k in MAPPINGS}}


def _record(iri: str, data: dict, notes: frozenset[str]) -> Record:
    """The record of one raw entry: one pass over its fields (the export calls this for every concept)."""
    labels: dict = {}
    texts: dict = {}
    links: dict = {}
    facets: dict = {}
    mappings: dict = {}
    for key, value in data.items():
        group = _GROUP.get(key)
        if group is None:
            if key in notes:
                texts[key] = value
        elif group == "labels":
            labels[key] = value
        elif group == "links":
            links[key] = list(value)
        elif group == "facets":
            facets[key] = list(value)
        else:
            mappings[key] = list(value)
    if "related" in links:
        hide_parallel_related(links)
    notation, primary, types, schemes = (data.get(k) for k in ("notation", "primary", "types", "schemes"))
    return Record(iri, labels, [t for lang in sorted(notation) for t in notation[lang]] if notation else [],
                  texts, links, facets, mappings, list(types) if types else [], list(schemes) if schemes else [],
                  min(primary) if primary else None,
                  bool(data.get("adult")) or ADULT_AUDIENCE in facets.get("audience", ()),
                  bool(data.get("deprecated")), data.get("spoiler"))


class RecordTable:
    """Every concept's record, built once per vocabulary (record_table); iterate for records in IRI order (each
    built when reached), or ask for one by IRI."""

    def __init__(self, raw: dict[str, dict], concepts: set[str], notes: tuple[str, ...]) -> None:
        self.raw, self.notes = raw, frozenset(note_key(p) for p in notes)
        self.concepts = [c[1:-1] for c in sorted(concepts)]  # in the order of their terms, as before (<c10000> < <c1>)
        self._members = concepts

    def __len__(self) -> int:
        return len(self.concepts)

    def __iter__(self) -> Iterator[Record]:
        raw, notes = self.raw, self.notes
        for iri in self.concepts:
            yield _record(iri, raw.get(f"<{iri}>", {}), notes)

    def __contains__(self, iri: str) -> bool:
        return f"<{iri}>" in self._members

    def get(self, iri: str) -> Record | None:
        """The record of a concept, None for an IRI that is none."""
        return _record(iri, self.raw.get(f"<{iri}>", {}), self.notes) if iri in self else None

    def pref_labels(self, iri: str) -> dict[str, list[str]]:
        """{lang: [prefLabel]} of any IRI the vocabulary labels, concept or not (schemes, facet values)."""
        return self.raw.get(f"<{iri}>", {}).get("prefLabel", {})


class _Described:
    """`term in described`: whether the default graph has a statement about the IRI term, by one index lookup
    (asked only of mapping targets, so the scan need not collect every subject)."""

    def __init__(self, store: ox.Store) -> None:
        self.quads = store.quads_for_pattern

    def __contains__(self, term: str) -> bool:
        found = self.quads(ox.NamedNode(term[1:-1]), None, None, ox.DefaultGraph())
        return next(iter(found), None) is not None


def record_table(vocab: Vocabulary) -> RecordTable:
    """The records of `vocab`, computed on first use and kept in vocab.derived."""
    found = vocab.derived.records
    if found is None:
        notes = note_properties(vocab)
        rule = ConceptScan()
        raw = _scan(canonical_lines(vocab), _slots(notes), rule)
        found = vocab.derived.records = RecordTable(raw, rule.concepts(_Described(vocab.store)), notes)
    return found


def record_of(vocab: Vocabulary, iri: str) -> Record:
    """One IRI's record from its statements in the store's indexes (no scan of the vocabulary): its own
    statements, and those that link to it from the other end, read by the same scan as record_table's."""
    node = ox.NamedNode(iri)
    notes = note_properties(vocab)
    quads = vocab.store.quads_for_pattern
    lines = [f"{q.subject} {q.predicate} {q.object} ." for q in quads(node, None, None)]
    lines += [f"{q.subject} {q.predicate} {q.object} ." for p in _INVERSE
              for q in quads(None, ox.NamedNode(p[1:-1]), node) if isinstance(q.subject, ox.NamedNode)]
    lines.sort()  # as canonical_lines are: the same record, in the same order, as record_table's
    raw = _scan(lines, _slots(notes), None)
    return _record(iri, raw.get(f"<{iri}>", {}), frozenset(note_key(p) for p in notes))


def labeller(vocab: Vocabulary, lang: str):
    """A function IRI -> display label in `lang` (labels.display over the records' prefLabels: the one fallback,
    else the local name); each label worked out once per vocabulary and language."""
    table = record_table(vocab)
    cache = vocab.derived.labels.setdefault(lang, {})

    def label(iri: str) -> str:
        found = cache.get(iri)
        if found is None:
            found = cache[iri] = display(iri, table.pref_labels(iri), lang)
        return found

    return label


def stream_records(lines: SortedLines, folder: str | Path) -> Iterator[Record]:
    """The records record_table would give for the same lines (sorted canonical lines on disk, iterated twice), in
    the same order, built one concept at a time: memory holds the concept rule's sets, not the records. The links
    stated from the other end are sorted by their object in `folder` first."""
    rule = ConceptScan()
    makes, inverse = rule.predicates, _INVERSE
    edges: dict[str, list[str]] = {}
    stated = SortedLines(folder)  # "object line": each line that links its object back, keyed by that object
    try:
        for line in lines:
            s, p, o = line.split(" ", 2)
            if p in makes:
                rule.see(s, p, o[:-2])
            if p in inverse and s[0] == "<" and o[0] == "<":
                stated.append(f"{o[:-2]} {line}")
            elif p == _SUB_PROPERTY:
                edges.setdefault(o[:-2], []).append(s)
        stated.close()
    finally:
        stated.discard()
    notes = _with_declared(_below_note(edges))
    slots, keys = _slots(notes), frozenset(note_key(p) for p in notes)
    sure, targets = rule.concepts(frozenset()), rule.targets
    tags: dict[str, str] = {}
    own, back = _groups(lines, 0), _groups(stated, 1)
    own_at, own_lines = next(own, ("", []))
    back_at, back_lines = next(back, ("", []))
    for term in sorted(sure | targets):
        while own_at and own_at < term:
            own_at, own_lines = next(own, ("", []))
        while back_at and back_at < term:
            back_at, back_lines = next(back, ("", []))
        mine = own_lines if own_at == term else []
        if term not in sure and not mine:  # a mapping target is a concept only if described
            continue
        # A statement of a concept about itself is among both: the scan reads each line once.
        merged = sorted({*mine, *back_lines}) if back_at == term else mine
        yield _record(term[1:-1], _scan(merged, slots, None, tags).get(term, {}), keys)


def _groups(lines: Iterable[str], keyed: int) -> Iterator[tuple[str, list[str]]]:
    """(first term, the lines) of sorted lines grouped by their first term; `keyed` 1 drops that term (a key)."""
    term, head, group = "", "\n", []  # "\n" starts no line: the first line starts a group
    append = group.append
    for line in lines:
        if not line.startswith(head):  # one C call for the lines that continue a group
            if group:
                yield term, group
            term = line[: line.index(" ")]
            head, group = term + " ", []
            append = group.append
        append(line[len(head) :] if keyed else line)
    if group:
        yield term, group
