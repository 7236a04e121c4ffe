"""Opt-in repairs (`validate --fix`): each fix turns its rule's findings into triples to add and remove.

Unlike Skosify, nothing changes unless asked, the input file is never touched, and every change is listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import UsageError
from ..model import BROADER, NARROWER
from ..namespaces import RDF, SKOS, curie
from ..output import atomic_file
from ..vocabulary import Vocabulary
from .findings import Finding
from .rules import all_rules
from .runner import validate

_INVERSE = {"skos:related": "related", "skos:broader": "narrower", "skos:narrower": "broader"}
_LABELS = ("prefLabel", "altLabel", "hiddenLabel")


@dataclass
class Changes:
    """Triples to add and remove, and one readable line per change."""

    add: set[ox.Triple] = field(default_factory=set)
    remove: set[ox.Triple] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


def _node(iri: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(iri[2:]) if iri.startswith("_:") else ox.NamedNode(iri)


def missing_inverse(vocab: Vocabulary, findings: list[Finding], out: Changes) -> None:
    """qSKOS urc: state the reciprocal link (SKOS reference 8.6: related is symmetric, broader/narrower inverse)."""
    for f in findings:
        inverse = _INVERSE.get(f.values[0] if f.values else "")
        if inverse and f.others:
            out.add.add(ox.Triple(_node(f.others[0]), ox.NamedNode(SKOS + inverse), _node(f.focus)))
            out.notes.append(f"{curie(f.others[0], vocab.prefixes)}: added skos:{inverse} "
                             f"{curie(f.focus, vocab.prefixes)}")


def hierarchical_redundancy(vocab: Vocabulary, findings: list[Finding], out: Changes) -> None:
    """qSKOS hr: drop the redundant broader link (and its stated narrower twin); the path through the other
    parent keeps the ancestor."""
    for f in findings:
        child, parent = _node(f.focus), _node(f.others[0])
        out.remove.add(ox.Triple(child, ox.NamedNode(BROADER), parent))
        out.remove.add(ox.Triple(parent, ox.NamedNode(NARROWER), child))
        out.notes.append(f"{curie(f.focus, vocab.prefixes)}: removed skos:broader {curie(f.others[0], vocab.prefixes)}")


def label_whitespace(vocab: Vocabulary, findings: list[Finding], out: Changes) -> None:
    """Strip leading and trailing whitespace and collapse inner runs to one space."""
    for f in findings:
        for kind in _LABELS:
            for q in vocab.store.quads_for_pattern(_node(f.focus), ox.NamedNode(SKOS + kind), None):
                text = q.object.value if isinstance(q.object, ox.Literal) else None
                if text is not None and " ".join(text.split()) != text and text.strip():
                    fixed = ox.Literal(" ".join(text.split()), language=q.object.language) if q.object.language \
                        else ox.Literal(" ".join(text.split()), datatype=q.object.datatype)
                    out.remove.add(ox.Triple(q.subject, q.predicate, q.object))
                    out.add.add(ox.Triple(q.subject, q.predicate, fixed))
                    out.notes.append(f"{curie(f.focus, vocab.prefixes)}: skos:{kind} {text!r} -> {fixed.value!r}")


def second_preflabel(vocab: Vocabulary, findings: list[Finding], out: Changes) -> None:
    """SKOS S14: keep the first prefLabel of a language (in sorted order); the others become altLabels."""
    pref, alt = ox.NamedNode(SKOS + "prefLabel"), ox.NamedNode(SKOS + "altLabel")
    for f in findings:
        by_lang: dict[str, list[ox.Literal]] = {}
        for q in vocab.store.quads_for_pattern(_node(f.focus), pref, None):
            if isinstance(q.object, ox.Literal):
                by_lang.setdefault(q.object.language or "", []).append(q.object)
        for labels in by_lang.values():
            for extra in sorted(labels, key=lambda lit: lit.value)[1:]:
                out.remove.add(ox.Triple(_node(f.focus), pref, extra))
                out.add.add(ox.Triple(_node(f.focus), alt, extra))
                out.notes.append(f"{curie(f.focus, vocab.prefixes)}: prefLabel {extra.value!r} -> altLabel")


def explicit_type(vocab: Vocabulary, findings: list[Finding], out: Changes) -> None:
    """implicit-type: state the type a subclass or SKOS's domains and ranges entail (SKOS reference S6-S8, S19,
    S20), for consumers that read only stated types."""
    for f in findings:
        cls = SKOS + f.values[0].removeprefix("skos:")
        out.add.add(ox.Triple(_node(f.focus), ox.NamedNode(RDF + "type"), ox.NamedNode(cls)))
        out.notes.append(f"{curie(f.focus, vocab.prefixes)}: added a {f.values[0]}")


FIXES: dict[str, Callable[[Vocabulary, list[Finding], Changes], None]] = {
    "missing-inverse": missing_inverse,
    "hierarchical-redundancy": hierarchical_redundancy,
    "label-whitespace": label_whitespace,
    "second-preflabel": second_preflabel,
    "explicit-type": explicit_type,
}


def fixable_rules(names: list[str] | None = None) -> list[str]:
    """The ids of the rules to repair: those named (ids, aliases or fix names), or every rule with a fix."""
    with_fix = {r.id: r for r in all_rules() if r.fix}
    if not names:
        return sorted(with_fix)
    by_name = {**{r.fix: r.id for r in with_fix.values()}, **{r.id.lower(): r.id for r in with_fix.values()},
               **{a.lower(): r.id for r in with_fix.values() for a in r.aliases}}
    picked = []
    for part in ",".join(names).replace(",", " ").split():
        if part.lower() not in by_name and part not in by_name:
            raise UsageError(f"--fix {part}: no fix for this rule; fixable: {', '.join(sorted(with_fix))}")
        picked.append(by_name.get(part, by_name.get(part.lower())))
    return sorted(set(picked))


def fix(vocab: Vocabulary, output: str | Path | None, rules: str | list[str] | None = None) -> list[str]:
    """Write a repaired copy of `vocab` to `output` (Turtle, atomically) and return one line per change; `rules`
    is a list of rule names or one comma-separated string of them, "all" or None for every fixable rule."""
    if output in (None, "-"):
        raise UsageError("--fix needs -o FILE for the repaired copy (the input is never changed)")
    if isinstance(rules, str):
        rules = None if rules == "all" else [rules]
    chosen = fixable_rules(rules)
    report = validate(vocab, select=chosen, places=False)
    changes = Changes()
    for rule in (r for r in all_rules() if r.id in chosen):
        FIXES[rule.fix](vocab, [f for f in report.findings if f.rule == rule.id], changes)
    # Sorted triples make the output deterministic; pyoxigraph's serialiser (rdflib's is far slower) groups
    # consecutive triples of one subject.
    kept = (ox.Triple(q.subject, q.predicate, q.object) for q in vocab.store if ox.Triple(q.subject, q.predicate,
            q.object) not in changes.remove)
    triples = sorted({*kept, *changes.add}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    with atomic_file(output) as fh:
        ox.serialize(triples, fh, format=ox.RdfFormat.TURTLE, prefixes=dict(sorted(vocab.prefixes.items())))
    return changes.notes
