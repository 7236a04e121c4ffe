"""What one version says about one concept, read from the store by index lookups: labels, parents, schemes,
deprecation, notes, links and other values, in the form the comparison needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..labels import lang_tag
from ..model import BROADER, LABEL_KINDS, NARROWER, OUR_NOTES, OWN_NOTE_KEYS, SKOS_NOTES, is_concept_at
from ..namespaces import DCTERMS, OWL, SKOS, TK
from ..ntriples import TRUE_FORMS

LABELS = LABEL_KINDS[:3]  # skos:notation is a value, not a label people read
# skos:note and its sub-properties in SKOS (SKOS reference 7.1) and in our ontology.
NOTES = (*OWN_NOTE_KEYS, *SKOS_NOTES, *OUR_NOTES)
PRIMARY = TK + "primaryBroader"
SCHEMES = (SKOS + "inScheme", SKOS + "topConceptOf")
DEPRECATED, REPLACED_BY = OWL + "deprecated", DCTERMS + "isReplacedBy"

_NARROWER = ox.NamedNode(NARROWER)


@dataclass
class Facts:
    """One concept in one version. Keys are property IRIs; texts are lexical forms."""

    labels: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (property, language) -> texts
    notes: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (property, language) -> texts
    parents: set[str] = field(default_factory=set)
    primary: set[str] = field(default_factory=set)
    schemes: set[str] = field(default_factory=set)
    deprecated: bool = False
    links: dict[str, set[str]] = field(default_factory=dict)  # property -> object IRIs
    values: dict[str, set[str]] = field(default_factory=dict)  # property -> N-Triples objects, blank ones by content

    def all_labels(self) -> set[str]:
        return {text for texts in self.labels.values() for text in texts}


def is_concept(store: ox.Store, node: ox.NamedNode) -> bool:
    """The model's rule (model.is_concept_at, by index lookups), and only when the version says something about
    the IRI: one left only as the object of others' links (a parent whose description was deleted) is gone, and
    its removal breaks links like any other."""
    return _first(store.quads_for_pattern(node, None, None)) and is_concept_at(store, node)


def _first(quads) -> bool:
    return next(iter(quads), None) is not None


def facts(store: ox.Store, node: ox.NamedNode, blank: Callable[[str], str] = str) -> Facts:
    """The Facts of `node`; `blank` turns a blank node term ("_:id") into text that says its content."""
    found = Facts()
    for q in store.quads_for_pattern(node, None, None):
        p, o = q.predicate.value, q.object
        if isinstance(o, ox.Literal):
            key = (p, lang_tag(o.language or ""))
            if p in LABELS:
                found.labels.setdefault(key, set()).add(o.value)
            elif p in NOTES:
                found.notes.setdefault(key, set()).add(o.value)
            elif p == DEPRECATED:
                found.deprecated = o.value in TRUE_FORMS
            else:
                found.values.setdefault(p, set()).add(str(o))
        elif isinstance(o, ox.BlankNode):
            found.values.setdefault(p, set()).add(blank(str(o)))
        elif p == BROADER:
            found.parents.add(o.value)
        elif p == PRIMARY:
            found.primary.add(o.value)
        elif p in SCHEMES:
            found.schemes.add(o.value)
        elif p != NARROWER:  # skos:narrower is read on the child, as its parents: a move shows once
            found.links.setdefault(p, set()).add(o.value)
    found.parents.update(q.subject.value for q in store.quads_for_pattern(None, _NARROWER, node)
                         if isinstance(q.subject, ox.NamedNode))
    return found
