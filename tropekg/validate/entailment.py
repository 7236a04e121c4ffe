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
  scope, as qSKOS reads it, for the checks that otherwise compare within a scheme (README, "Scopes").
- (x, rdf:type, skos:Concept) for x in a semantic relation or a top concept (the domains and ranges, SKOS
  reference 8.6 and 4.6), (x, rdf:type, skos:ConceptScheme) for x a scheme of inScheme, hasTopConcept or
  topConceptOf (rdfs2, rdfs3), unless the data types x by a SKOS class or a subclass of one (then it is a
  concept already, or the clash is S9's or S37's); a type outside SKOS (owl:Thing, ex:Person) changes nothing.
  These types are also what `implicit-type` reports, with the resources typed only by a subclass of a SKOS class.

Not entailed on purpose: broader ⊑ broaderTransitive (the transitive closure is the analyses' job, walked on
plain lists) and semanticRelation/mappingRelation (no check asks for them; every link would be doubled).
Checks opt in with `# entailment: yes`; the rest read the stated triples only. One stated triple stays one
finding: a rule reads either graph, and ENTAILED holds no triple the data states.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pyoxigraph as ox

from ..namespaces import RDF, SKOS
from ..vocabulary import Vocabulary

__all__ = ["ENTAILED", "NO_SCHEMES", "SUPER", "entail", "entailed", "reads_entailed", "states_schemes",
           "super_properties"]

ENTAILED = ox.NamedNode("urn:tropekg:entailed")
# Checks read it as `<urn:tropekg:entailed> <urn:tropekg:noSchemes> true`.
NO_SCHEMES = ox.NamedNode("urn:tropekg:noSchemes")

# The properties whose sub-properties are made explicit, and the SKOS ontology's own sub-property axioms among
# them (SKOS reference 8.6.6-8.6.7, 10.6.3-10.6.6); the data may declare more (rdfs:subPropertyOf, any depth).
SUPER = tuple(SKOS + p for p in (
    "broader", "narrower", "related", "broaderTransitive", "narrowerTransitive", "prefLabel", "altLabel",
    "hiddenLabel", "note", "definition", "scopeNote", "example", "historyNote", "editorialNote", "changeNote",
    "notation", "inScheme", "topConceptOf", "hasTopConcept", "member", "exactMatch", "closeMatch"))
SKOS_AXIOMS = {SKOS + "broadMatch": (SKOS + "broader",), SKOS + "narrowMatch": (SKOS + "narrower",),
               SKOS + "relatedMatch": (SKOS + "related",), SKOS + "exactMatch": (SKOS + "closeMatch",)}

# SKOS reference 8.6 (semantic relations: domain and range skos:Concept), 4.6 (topConceptOf: domain Concept,
# range ConceptScheme; hasTopConcept the inverse; inScheme: range ConceptScheme).
# The target of a mapping is a concept too, but of another vocabulary (SKOS reference 10.1): it is not typed here,
# or ml, oc and uc would judge other vocabularies' concepts (qSKOS leaves them out as not "authoritative").
_CONCEPT_PROPS = ("broader", "narrower", "related", "broaderTransitive", "narrowerTransitive", "semanticRelation")
_MAPPING_PROPS = ("mappingRelation", "broadMatch", "narrowMatch", "relatedMatch", "exactMatch", "closeMatch")
# The uses that make a resource a concept or a scheme, as SPARQL (?x the resource).
_AS_CONCEPT = f"""{{ VALUES ?p {{ {" ".join(f"skos:{p}" for p in _CONCEPT_PROPS)} }} ?x ?p ?any }}
  UNION {{ VALUES ?p {{ {" ".join(f"skos:{p}" for p in _CONCEPT_PROPS)} }} ?any ?p ?x }}
  UNION {{ VALUES ?m {{ {" ".join(f"skos:{p}" for p in _MAPPING_PROPS)} }} ?x ?m ?any }}
  UNION {{ ?x skos:topConceptOf ?any }} UNION {{ ?any skos:hasTopConcept ?x }}"""
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
_SKOS_CLASSES = tuple(SKOS + c for c in ("Concept", "ConceptScheme", "Collection", "OrderedCollection"))
_SUB_PROPERTIES = "SELECT ?sub ?super WHERE { ?sub rdfs:subPropertyOf ?super FILTER(isIRI(?sub) && isIRI(?super)) }"


def super_properties(vocab: Vocabulary) -> dict[str, set[str]]:
    """Each property with a super-property in SUPER -> those super-properties (transitively, cycle-safe)."""
    up: dict[str, set[str]] = {sub: set(sups) for sub, sups in SKOS_AXIOMS.items()}
    for sub, sup in vocab.rows(_SUB_PROPERTIES):
        if sub.value.startswith(SKOS) and sup.value.startswith(SKOS):
            continue  # a copy of the SKOS ontology in the data (STW ships one): its axioms are the ones above
        up.setdefault(sub.value, set()).add(sup.value)
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
    types = [*_untyped(vocab, SKOS + "Concept", _AS_CONCEPT, classes),
             *_untyped(vocab, SKOS + "ConceptScheme", _AS_SCHEME, classes)]
    store.extend(types)
    mapped = list(_implied_triples(vocab, skos=True))
    store.extend(mapped)
    added += mapped
    if not states_schemes(vocab):
        store.add(ox.Quad(ENTAILED, NO_SCHEMES, ox.Literal(True), ENTAILED))
    return len(added) + len(types)


def _classes_without_skos(vocab: Vocabulary) -> tuple[list[str], list[str]]:
    """The classes the data types resources with: (those that are none of SKOS's classes nor a subclass of one,
    the others)."""
    up: dict[str, set[str]] = {}
    for sub, sup in vocab.rows(_SUB_CLASSES, union=True):
        up.setdefault(sub.value, set()).add(sup.value)
    skos = set(_SKOS_CLASSES)
    other, own = [], []
    for row in vocab.rows(_CLASSES, union=True):
        cls = row[0].value
        (own if cls in skos or _above(up, cls) & skos else other).append(cls)
    return sorted(other), sorted(own)


def _untyped(vocab: Vocabulary, top: str, uses: str, classes: tuple[list[str], list[str]]) -> list[ox.Quad]:
    """(x, rdf:type, top) in ENTAILED for each resource x its `uses` make a `top` (rdfs2, rdfs3) that the data
    types by no SKOS class (`classes`: _classes_without_skos)."""
    found = {row[0] for row in vocab.rows(_UNTYPED.format(uses=uses), union=True)}
    other, own = classes
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
