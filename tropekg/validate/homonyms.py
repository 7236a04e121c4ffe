"""Label clashes between concepts of one scheme (label-duplicate, qSKOS ol), from one read of the labels."""

from __future__ import annotations

import pyoxigraph as ox

from ..labels import normalize, term_text
from ..namespaces import SKOS
from ..vocabulary import Vocabulary
from .rules import Hit


class _OneScope(dict):
    """Every IRI in the one scope "" : the data states no scheme, so the whole vocabulary is one (issue 13)."""

    def get(self, iri, default=None):
        return iri, [""]


def _schemes(vocab: Vocabulary) -> dict[str, tuple[str, list[str]]]:
    """IRI -> (the IRI, the schemes it is in by skos:inScheme or skos:topConceptOf, each once). The IRI comes back
    as one shared string, so the label pass keeps no copy per label. With no scheme stated, one scope for all."""
    from .entailment import states_schemes

    if not states_schemes(vocab):
        return _OneScope()
    schemes: dict[str, tuple[str, list[str]]] = {}
    names: dict[str, str] = {}  # each scheme IRI one string, not a copy per concept
    for prop in ("inScheme", "topConceptOf"):
        for q in vocab.store.quads_for_pattern(None, ox.NamedNode(SKOS + prop), None):
            if type(q.subject) is ox.NamedNode:
                iri = q.subject.value
                found = schemes.setdefault(iri, (iri, []))[1]
                scheme = names.setdefault(q.object.value, q.object.value)
                if scheme not in found:
                    found.append(scheme)
    return schemes


def _scan(vocab: Vocabulary, schemes: dict[str, tuple[str, list[str]]], clashing: set[int] | None = None):
    """Every prefLabel, then altLabel, of an IRI in a scheme, keyed (scheme, primary language, normalised text):
    "Brand"@en and "Brand"@de (fire) are different words. Without `clashing`: the hashes of the keys found on two
    IRIs; with it: the groups of keys with those hashes, IRI -> its labels with that key, in first-seen key order
    (a hash shared by two keys only costs a group that the caller drops for having one IRI).

    One loop, no generator and no object per label: faster than label-duplicate and ol as SPARQL rows and a
    self-join. It keeps a hash per key, not the key, which kept the peak memory down."""
    first: dict[int, str] = {}
    found: set[int] = set()
    groups: dict[tuple, dict[str, list[ox.Literal]]] = {}
    for prop in ("prefLabel", "altLabel"):  # the order of the rule's VALUES before: the first label is the one named
        for q in vocab.store.quads_for_pattern(None, ox.NamedNode(SKOS + prop), None):
            focus, label = q.subject, q.object
            if type(focus) is not ox.NamedNode or type(label) is not ox.Literal:
                continue
            entry = schemes.get(focus.value)
            if entry is None:
                continue
            iri, where = entry
            text, lang = label.value, (label.language or "").split("-")[0]
            text = normalize(text) if not text.isascii() else " ".join(text.lower().split())
            for scheme in where:
                key = (scheme, lang, text)
                if clashing is None:
                    if first.setdefault(hash(key), iri) != iri:
                        found.add(hash(key))
                elif hash(key) in clashing:
                    groups.setdefault(key, {}).setdefault(iri, []).append(label)
    return found if clashing is None else groups


def _label_groups(vocab: Vocabulary) -> list[dict[str, list[ox.Literal]]]:
    """Concepts sharing a label key (see _scan): IRI -> its labels with that key. The first pass keeps one IRI per
    key (keeping the labels too was slower); a second, only when some key is on two IRIs, gathers labels. Kept in
    vocab.derived: label-duplicate and ol read the same groups."""
    found = vocab.derived.label_groups
    if found is None:
        schemes = _schemes(vocab)
        clashing = _scan(vocab, schemes)
        groups = _scan(vocab, schemes, clashing).values() if clashing else []
        found = vocab.derived.label_groups = [members for members in groups if len(members) > 1]
    return found


def duplicates(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """The same label in one language, after NFKC and case folding (labels.normalize), on two concepts of a scheme."""
    hits: dict[tuple, Hit] = {}
    for members in _label_groups(vocab):
        names = sorted(members)
        hits[tuple(names)] = Hit(names[0], tuple(names[1:]), (members[names[0]][0].value,), n=len(names))
    return list(hits.values())


def overlaps(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """qSKOS ol: the same literal but for case (qSKOS compares lower-cased; language and datatype included) as
    prefLabel or altLabel of two concepts of one scheme; one hit per pair and label. Such pairs always share a
    label-duplicate group."""
    def key(lit: ox.Literal) -> tuple:
        return lit.value.lower(), lit.language, lit.datatype

    found: dict[tuple[str, str, tuple], ox.Literal] = {}
    for members in _label_groups(vocab):
        names = sorted(members)
        keyed = {name: {} for name in names}
        for name in names:
            for lit in members[name]:
                keyed[name].setdefault(key(lit), lit)
        for i, focus in enumerate(names):
            for other in names[i + 1:]:
                for k in keyed[focus].keys() & keyed[other].keys():
                    found.setdefault((focus, other, k), keyed[focus][k])
    return [Hit(focus, (other,), (term_text(lit),)) for (focus, other, _), lit in found.items()]
