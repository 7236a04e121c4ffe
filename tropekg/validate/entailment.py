"""SKOS entailment for validate: what the SKOS ontology and the data's own rdfs:subPropertyOf say, made explicit
so the checks match it, in a graph of its own that no finding comes from.

qSKOS reads a vocabulary in an RDFS-inferencing store loaded with the W3C SKOS ontology; a check that matched only
the stated triples would miss `skos:broadMatch` as a broader link (SKOS reference 10.6: broadMatch is a
sub-property of broader), or `ex:myBroader rdfs:subPropertyOf skos:broader` in the user's file. entail() adds, in
the named graph ENTAILED, the triples those axioms imply and the data does not state:

- (s, P, o) for a stated (s, p, o) where p is a sub-property of P (rdfs7), P one of SUPER: the SKOS ontology's
  mapping axioms and every rdfs:subPropertyOf chain the data declares. The notes' own axioms (scopeNote ⊑ note)
  are left out: the checks list every SKOS note, and every definition would be one triple more.
- (ENTAILED, NO_SCHEMES, true) when the data types nothing skos:ConceptScheme: then the whole vocabulary is one
  scope, as qSKOS reads it, for the checks that otherwise compare within a scheme (docs/rules.md, "Scopes").
- (x, rdf:type, skos:Concept) for every concept by the one definition (tropekg.model, "is a concept": SKOS
  reference 8.6 and 10.6, the domains and ranges of the semantic and mapping relations, a mapping target only when
  the data describes it) that the data does not type skos:Concept: x typed by a subclass of it (rdfs9), or used
  so and typed by no SKOS class (a class outside SKOS, owl:Thing or ex:Person, changes nothing; one disjoint
  with skos:Concept is S9's or S37's clash). The checks then ask `?x a skos:Concept` over the union, and read
  the definition, not a reading of their own. (x, rdf:type, skos:ConceptScheme) for x a scheme of inScheme,
  hasTopConcept or topConceptOf (rdfs2, rdfs3), typed by no SKOS class. These types are also what
  `implicit-type` reports.
- (x, rdf:type, QSKOS_CONCEPT) for what qSKOS counts as a concept beside the definition (the definition's
  qskos=True: top concepts by topConceptOf or hasTopConcept alone, mapping targets the data does not describe),
  for the rules that count as qSKOS does and say so (`oc`).

Not entailed on purpose: broader ⊑ broaderTransitive (the transitive closure is the analyses' job, walked on
plain lists) and semanticRelation/mappingRelation (no check asks for them; every link would be doubled).
Checks opt in with `# entailment: yes`; the rest read the stated triples only. One stated triple stays one
finding: a rule reads either graph, and ENTAILED holds no triple the data states.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

import pyoxigraph as ox

from ..model import concept_rule
from ..namespaces import RDF, SKOS
from ..vocabulary import Vocabulary

__all__ = ["ENTAILED", "NO_SCHEMES", "QSKOS_CONCEPT", "SKOS_CLASSES", "SUPER", "close_super_properties", "entail",
           "entailed", "reads_entailed", "sort_classes", "states_schemes", "super_properties"]

ENTAILED = ox.NamedNode("urn:tropekg:entailed")
# Checks read it as `<urn:tropekg:entailed> <urn:tropekg:noSchemes> true`.
NO_SCHEMES = ox.NamedNode("urn:tropekg:noSchemes")
# The resources qSKOS also counts as concepts ("involved concepts": tropekg.model's definition with qskos=True)
# and the definition does not (top concepts only by topConceptOf or hasTopConcept, undescribed mapping targets),
# typed so in ENTAILED: a rule that counts as qSKOS does asks `?x a ?c VALUES ?c { skos:Concept <this> }`.
QSKOS_CONCEPT = ox.NamedNode("urn:tropekg:qskosConcept")

# The properties whose sub-properties are made explicit, and the SKOS ontology's own sub-property axioms among
# them (SKOS reference 8.6.6-8.6.7, 10.6.3-10.6.6); the data may declare more (rdfs:subPropertyOf, any depth).
SUPER = tuple(SKOS + p for p in (
    "broader", "narrower", "related", "broaderTransitive", "narrowerTransitive", "prefLabel", "altLabel",
    "hiddenLabel", "note", "definition", "scopeNote", "example", "historyNote", "editorialNote", "changeNote",
    "notation", "inScheme", "topConceptOf", "hasTopConcept", "member", "exactMatch", "closeMatch"))
SKOS_AXIOMS = {SKOS + "broadMatch": (SKOS + "broader",), SKOS + "narrowMatch": (SKOS + "narrower",),
               SKOS + "relatedMatch": (SKOS + "related",), SKOS + "exactMatch": (SKOS + "closeMatch",)}

# The uses that make a resource a concept: tropekg.model's definition (concept_rule), as SPARQL (?x the resource),
# read over the stated triples and the data's sub-properties (entailed first, so `ex:myBroader` links count).
# SKOS reference 4.6 also gives topConceptOf a concept as subject; the definition leaves scheme membership out
# (it makes no concept by itself), and so does validate.
def _uses(qskos: bool = False) -> str:
    """The uses that make ?x a concept; with `qskos`, only those qSKOS counts beside the definition's."""
    as_subject, as_object, if_described = concept_rule()
    if qskos:
        more_subject, more_object, _ = concept_rule(qskos=True)
        as_subject = tuple(p for p in more_subject if p not in as_subject)
        as_object, if_described = tuple(p for p in more_object if p not in as_object), ()

    def values(props: tuple[str, ...]) -> str:
        return " ".join(f"<{p}>" for p in props)

    uses = [f"{{ VALUES ?p {{ {values(as_subject)} }} ?x ?p ?any }}",
            f"{{ VALUES ?p {{ {values(as_object)} }} ?any ?p ?x }}"]
    if if_described:  # a mapping target only when the data describes it: another vocabulary's concept else
        uses.append(f"{{ VALUES ?p {{ {values(if_described)} }} ?any ?p ?x FILTER EXISTS {{ ?x ?dp ?do }} }}")
    return "\n  UNION ".join(uses)


_AS_CONCEPT, _AS_QSKOS_CONCEPT = _uses(), _uses(qskos=True)
_AS_SCHEME = "{ ?any skos:inScheme|skos:topConceptOf ?x } UNION { ?x skos:hasTopConcept ?any }"
# Untyped candidates: one plain `?x a ?class` probe each (DEVELOPERS.md has the costs of the other forms).
_UNTYPED = "SELECT DISTINCT ?x WHERE {{ {uses} FILTER(!isLiteral(?x) && NOT EXISTS {{ ?x a ?class }}) }}"
# Candidates typed only by classes that say nothing of SKOS (owl:Thing, ex:Person): RDFS types them all the same.
# Asked from the few resources of those classes (VALUES), not from every use.
_TYPED_OTHERWISE = """SELECT DISTINCT ?x WHERE {{ VALUES ?class {{ {other} }} ?x a ?class
  FILTER(NOT EXISTS {{ VALUES ?skos {{ {skos} }} ?x a ?skos }} && EXISTS {{ {uses} }}) }}"""
_CLASSES = "SELECT DISTINCT ?class WHERE { ?x a ?class FILTER(isIRI(?class)) }"
_SUB_CLASSES = "SELECT ?sub ?super WHERE { ?sub rdfs:subClassOf ?super FILTER(isIRI(?sub) && isIRI(?super)) }"
# A resource typed by one of these or a subclass is left as the data says: a concept or scheme already, or of a
# class disjoint with the one its use implies (S9, S37: that clash is theirs to report).
SKOS_CLASSES = tuple(SKOS + c for c in ("Concept", "ConceptScheme", "Collection", "OrderedCollection"))
_SUBCLASS_TYPED = """SELECT DISTINCT ?x WHERE {{ VALUES ?class {{ {sub} }} ?x a ?class
  FILTER(NOT EXISTS {{ ?x a skos:Concept }} && NOT EXISTS {{ VALUES ?d {{ {disjoint} }} ?x a ?d }}) }}"""
_SUB_PROPERTIES = "SELECT ?sub ?super WHERE { ?sub rdfs:subPropertyOf ?super FILTER(isIRI(?sub) && isIRI(?super)) }"


def super_properties(vocab: Vocabulary) -> dict[str, set[str]]:
    """Each property with a super-property in SUPER -> those super-properties (transitively, cycle-safe)."""
    return close_super_properties((sub.value, sup.value) for sub, sup in vocab.rows(_SUB_PROPERTIES))


def close_super_properties(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """super_properties() from the data's (sub, super) rdfs:subPropertyOf pairs of IRIs."""
    up: dict[str, set[str]] = {sub: set(sups) for sub, sups in SKOS_AXIOMS.items()}
    for sub, sup in pairs:
        if sub.startswith(SKOS) and sup.startswith(SKOS):
            continue  # a copy of the SKOS ontology in the data (STW ships one): its axioms are the ones above
        up.setdefault(sub, set()).add(sup)
    closed: dict[str, set[str]] = {}
    for start in up:
        wanted = _above(up, start) & set(SUPER)
        if wanted:
            closed[start] = wanted
    return closed


def _above(up: dict[str, set[str]], start: str) -> set[str]:
    """Everything above `start` in `up` (sub -> supers: properties or classes), transitively; cycle-safe, and
    `start` itself left out."""
    seen: set[str] = set()
    todo = list(up.get(start, ()))
    while todo:
        p = todo.pop()
        if p not in seen and p != start:
            seen.add(p)
            todo.extend(up.get(p, ()))
    return seen


def _implied_triples(vocab: Vocabulary, skos: bool) -> Iterator[ox.Quad]:
    """The triples implied by the data's own sub-properties (`skos=False`) or by SKOS's axioms (`skos=True`)."""
    store = vocab.store
    for sub, supers in sorted(super_properties(vocab).items()):
        if sub.startswith(SKOS) != skos:
            continue
        for q in store.quads_for_pattern(None, ox.NamedNode(sub), None, ox.DefaultGraph()):
            for sup in sorted(supers):
                implied = ox.Quad(q.subject, ox.NamedNode(sup), q.object, ox.DefaultGraph())
                if implied not in store:
                    yield ox.Quad(q.subject, implied.predicate, q.object, ENTAILED)


def entail(vocab: Vocabulary) -> int:
    """Add to ENTAILED what SKOS implies and the data does not state (see the module's docstring); return the
    number of triples added. The data's own sub-properties come before the types, so `ex:myBroader` links make
    concepts; SKOS's mapping axioms after them, so a broadMatch target stays another vocabulary's concept."""
    store = vocab.store
    added = list(_implied_triples(vocab, skos=False))
    store.extend(added)
    classes = _classes_without_skos(vocab)
    types = [*_subclass_typed(vocab, classes), *_untyped(vocab, SKOS + "Concept", _AS_CONCEPT, classes),
             *_untyped(vocab, SKOS + "ConceptScheme", _AS_SCHEME, classes)]
    store.extend(types)
    # After the definition's types, so that only what qSKOS counts beside them is left untyped.
    involved = _untyped(vocab, QSKOS_CONCEPT.value, _AS_QSKOS_CONCEPT, classes)
    store.extend(involved)
    types += involved
    mapped = list(_implied_triples(vocab, skos=True))
    store.extend(mapped)
    added += mapped
    if not states_schemes(vocab):
        store.add(ox.Quad(ENTAILED, NO_SCHEMES, ox.Literal(True), ENTAILED))
    return len(added) + len(types)


class _Classes(NamedTuple):
    """The classes the data types resources with, sorted into what they say of SKOS."""

    other: list[str]  # none of SKOS's classes nor a subclass of one (owl:Thing, ex:Person)
    own: list[str]  # SKOS's classes and their subclasses
    concept: list[str]  # the subclasses of skos:Concept, skos:Concept left out (rdfs9)
    disjoint: list[str]  # skos:ConceptScheme, the collections and their subclasses (disjoint with skos:Concept)


def _classes_without_skos(vocab: Vocabulary) -> _Classes:
    """The classes the data types resources with (_Classes)."""
    return sort_classes([(sub.value, sup.value) for sub, sup in vocab.rows(_SUB_CLASSES, union=True)],
                        [row[0].value for row in vocab.rows(_CLASSES, union=True)])


def sort_classes(pairs: Iterable[tuple[str, str]], used: Iterable[str]) -> _Classes:
    """_Classes of the classes `used` in types, given the data's (sub, super) rdfs:subClassOf pairs of IRIs."""
    up: dict[str, set[str]] = {}
    for sub, sup in pairs:
        up.setdefault(sub, set()).add(sup)
    skos, concept = set(SKOS_CLASSES), SKOS + "Concept"
    found = _Classes([], [], [], [])
    for cls in used:
        above = _above(up, cls) | {cls}
        (found.own if above & skos else found.other).append(cls)
        if concept in above and cls != concept:
            found.concept.append(cls)
        if above & (skos - {concept}):
            found.disjoint.append(cls)
    return _Classes(*(sorted(names) for names in found))


def _subclass_typed(vocab: Vocabulary, classes: _Classes) -> list[ox.Quad]:
    """(x, rdf:type, skos:Concept) in ENTAILED for x typed by a subclass of skos:Concept only (rdfs9), unless the
    data also types x by a class disjoint with skos:Concept (S9's or S37's clash)."""
    if not classes.concept:
        return []
    query = _SUBCLASS_TYPED.format(sub=" ".join(f"<{c}>" for c in classes.concept),
                                   disjoint=" ".join(f"<{c}>" for c in classes.disjoint) or "<urn:tropekg:none>")
    return [ox.Quad(row[0], ox.NamedNode(RDF + "type"), ox.NamedNode(SKOS + "Concept"), ENTAILED)
            for row in sorted(vocab.rows(query, union=True), key=str)]


def _untyped(vocab: Vocabulary, top: str, uses: str, classes: _Classes) -> list[ox.Quad]:
    """(x, rdf:type, top) in ENTAILED for each resource x its `uses` make a `top` (rdfs2, rdfs3) that the data
    types by no SKOS class (`classes`: _classes_without_skos)."""
    found = {row[0] for row in vocab.rows(_UNTYPED.format(uses=uses), union=True)}
    other, own = classes.other, classes.own
    if other:
        query = _TYPED_OTHERWISE.format(other=" ".join(f"<{c}>" for c in other),
                                        skos=" ".join(f"<{c}>" for c in own), uses=uses)
        found.update(row[0] for row in vocab.rows(query, union=True))
    return [ox.Quad(x, ox.NamedNode(RDF + "type"), ox.NamedNode(top), ENTAILED)
            for x in sorted(found, key=str)]


def states_schemes(vocab: Vocabulary) -> bool:
    """True when the data (not entailment) types some resource skos:ConceptScheme."""
    typed = vocab.store.quads_for_pattern(None, ox.NamedNode(RDF + "type"), ox.NamedNode(SKOS + "ConceptScheme"),
                                          ox.DefaultGraph())
    return next(iter(typed), None) is not None



def reads_entailed(sparql: str, union: bool) -> bool:
    """True when a check's query reads what entail() adds: the union of graphs (`# entailment: yes`) or the
    ENTAILED graph by name. The others read the stated triples only and may run before or during entail()."""
    return union or f"<{ENTAILED.value}>" in sparql


@contextmanager
def entailed(vocab: Vocabulary) -> Iterator[int]:
    """entail() for the duration of a `with` block, then ENTAILED is removed: exports and --fix write the stated
    triples only."""
    vocab.derived.forget_hierarchy()  # read again with what is entailed, and again without it afterwards
    try:
        yield entail(vocab)
    finally:
        vocab.derived.forget_hierarchy()
        if vocab.store.contains_named_graph(ENTAILED):
            vocab.store.remove_graph(ENTAILED)
