"""The model's facts, each stated once: what a concept is, the hierarchy's edges, labels, notes, facets, mappings.

namespaces.py says where terms live; this module says what they mean to tropekg. Every capability (validate,
query, export, view) reads these definitions instead of restating them.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable

import pyoxigraph as ox

from .namespaces import DCTERMS, RDF, RDFS, SKOS, TK, TKID

# --- What a concept is ---
# Our own classes, all rdfs:subClassOf skos:Concept in ontology/tropekg.ttl; our SHACL shapes target them.
OUR_CLASSES = ("Trope", "Genre", "Theme", "Medium", "NarrativeUse", "FacetValue", "PerspectiveValue",
               "ConsentValue", "AudienceRating")

# One rule, judged on the STATED triples (issue 22), with three readings below: a SPARQL pattern
# (concept_pattern), a scan of canonical N-Triples lines (ConceptScan, the record's one pass) and index lookups
# for one IRI (is_concept_at, diff). A resource is a concept when
# - it is typed skos:Concept, one of our classes, or a class the data declares rdfs:subClassOf one of them;
# - it is the subject or object of a semantic relation (SKOS Reference 8.6: their domain and range is
#   skos:Concept; mapping relations are sub-properties of skos:semanticRelation, 10.6);
# - it is the subject of a mapping relation, or its object when the vocabulary describes that object (some
#   statement has it as subject): an undescribed target is a concept of another vocabulary (VNDB, AniList).
# skos:inScheme, topConceptOf, hasTopConcept and member make no concept by themselves (inScheme has no domain;
# validate may say "in a scheme without a type"). Only IRIs are counted by the scan, and callers of the pattern
# add FILTER(isIRI(?c)) to count as it does.
# QSKOS: qSKOS's "involved concepts" (which its "authoritative concepts" narrow to one namespace) also count top
# concepts (topConceptOf subjects, hasTopConcept objects) and every mapping target; rules that mimic a qSKOS
# count pass qskos=True to the same definition instead of listing their own.
CONCEPT_CLASSES = (SKOS + "Concept", *(TK + c for c in OUR_CLASSES))
SUBCLASS_OF = RDFS + "subClassOf"
SEMANTIC_RELATIONS = tuple(SKOS + p for p in (
    "broader", "narrower", "related", "broaderTransitive", "narrowerTransitive", "semanticRelation"))
MAPPING_RELATIONS = tuple(SKOS + p for p in (
    "exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch", "mappingRelation"))
QSKOS_AS_SUBJECT = (SKOS + "topConceptOf",)
QSKOS_AS_OBJECT = (SKOS + "hasTopConcept",)


def concept_rule(qskos: bool = False) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(properties whose subject is a concept, whose object is one, whose object is one when described)."""
    if qskos:
        return ((*SEMANTIC_RELATIONS, *MAPPING_RELATIONS, *QSKOS_AS_SUBJECT),
                (*SEMANTIC_RELATIONS, *MAPPING_RELATIONS, *QSKOS_AS_OBJECT), ())
    return (*SEMANTIC_RELATIONS, *MAPPING_RELATIONS), SEMANTIC_RELATIONS, MAPPING_RELATIONS


def concept_pattern(var: str = "c", qskos: bool = False) -> str:
    """The SPARQL reading: a group pattern binding ?`var` to every concept (with repeats: add DISTINCT or GROUP
    BY; blank nodes too: add FILTER(isIRI(?var)) to count as the scan does). Helper variables are named after
    `var`, so the pattern can sit in any query."""
    as_subject, as_object, if_described = concept_rule(qskos)
    v, cls = f"?{var}", f"?{var}_cls"
    path = "|".join
    out = [f"{{ {v} a {cls} . VALUES {cls} {{ {' '.join(f'<{c}>' for c in CONCEPT_CLASSES)} }} }}",
           f"UNION {{ {v} a {cls} . {cls} <{SUBCLASS_OF}>+ ?{var}_base . "
           f"VALUES ?{var}_base {{ {' '.join(f'<{c}>' for c in CONCEPT_CLASSES)} }} }}",
           f"UNION {{ {v} {path(f'<{p}>' for p in as_subject)} ?{var}_o }}",
           f"UNION {{ ?{var}_s {path(f'<{p}>' for p in as_object)} {v} }}"]
    if if_described:
        out.append(f"UNION {{ ?{var}_s {path(f'<{p}>' for p in if_described)} {v} "
                   f"FILTER EXISTS {{ {v} ?{var}_p ?{var}_d }} }}")
    return "\n  ".join(out)


# The pattern for ?c, as stats, view and the tests read it.
CONCEPTS = concept_pattern("c")


class ConceptScan:
    """The scan reading: fed every stated triple as canonical N-Triples terms (`<iri>`, `_:id`, `"..."`), it
    answers the concepts (IRIs, as `<iri>` terms). Callers with a hot loop test `p in scan.predicates` before
    calling see(), which is then needed only for the few lines that can make a concept."""

    def __init__(self, qskos: bool = False) -> None:
        as_subject, as_object, if_described = concept_rule(qskos)
        self.as_subject = frozenset(f"<{p}>" for p in as_subject)
        self.as_object = frozenset(f"<{p}>" for p in as_object)
        self.if_described = frozenset(f"<{p}>" for p in if_described)
        self.classes = {f"<{c}>" for c in CONCEPT_CLASSES}
        self.type, self.subclass = f"<{RDF}type>", f"<{SUBCLASS_OF}>"
        self.predicates = self.as_subject | self.as_object | self.if_described | {self.type, self.subclass}
        self.found: set[str] = set()
        self.targets: set[str] = set()  # objects of mapping relations: concepts if described
        self.typed: dict[str, set[str]] = {}  # class outside CONCEPT_CLASSES -> its IRI members
        self.below: dict[str, set[str]] = {}  # class -> its declared subclasses
        self.described: set[str] = set()  # every subject term, for concepts(): the caller's scan fills it
        self.see = self._seer()

    def _seer(self) -> Callable[[str, str, str], None]:
        """see(s, p, o): one triple, terms as canonical N-Triples writes them. A closure over local names: it runs
        for a third of a vocabulary's lines in the export's hot loop, where attribute lookups showed."""
        rdf_type, subclass, classes = self.type, self.subclass, self.classes
        as_subject, as_object, if_described = self.as_subject, self.as_object, self.if_described
        found, targets, typed, below = self.found, self.targets, self.typed, self.below

        def see(s: str, p: str, o: str) -> None:
            if p == rdf_type:
                if s[0] == "<":
                    if o in classes:
                        found.add(s)
                    else:
                        typed.setdefault(o, set()).add(s)
            elif p == subclass:
                below.setdefault(o, set()).add(s)
            else:
                if p in as_subject and s[0] == "<":
                    found.add(s)
                if o[0] == "<":
                    if p in as_object:
                        found.add(o)
                    elif p in if_described:
                        targets.add(o)

        return see

    def concepts(self, described: set[str] | dict[str, object]) -> set[str]:
        """The concepts, given the IRIs the data describes (every subject term seen)."""
        found = self.found | {t for t in self.targets if t in described}
        todo, seen = list(self.classes), set(self.classes)
        while todo:  # the data's subclasses of a concept class, at any depth (cycles end: seen)
            for sub in self.below.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
                    found |= self.typed.get(sub, set())
        return found


def is_concept_at(store: ox.Store, node: ox.NamedNode) -> bool:
    """The index reading for one IRI: the rule above by a few lookups in the store's indexes."""
    quads = store.quads_for_pattern
    as_subject, as_object, if_described = concept_rule()
    if any(_is_concept_class(store, q.object, set()) for q in quads(node, _TYPE, None)):
        return True
    if any(next(iter(quads(node, ox.NamedNode(p), None)), None) for p in as_subject):
        return True
    if any(next(iter(quads(None, ox.NamedNode(p), node)), None) for p in as_object):
        return True
    return any(next(iter(quads(None, ox.NamedNode(p), node)), None) for p in if_described) and \
        next(iter(quads(node, None, None)), None) is not None


_TYPE, _SUBCLASS = ox.NamedNode(RDF + "type"), ox.NamedNode(SUBCLASS_OF)


def _is_concept_class(store: ox.Store, cls, seen: set[str]) -> bool:
    if not isinstance(cls, ox.NamedNode) or cls.value in seen:
        return False
    if cls.value in CONCEPT_CLASSES:
        return True
    seen.add(cls.value)
    return any(_is_concept_class(store, q.object, seen) for q in store.quads_for_pattern(cls, _SUBCLASS, None))


# --- The hierarchy ---
# skos:broader and skos:narrower are inverses (SKOS reference 8.6): an edge child -> parent is stated either way.
BROADER, NARROWER = SKOS + "broader", SKOS + "narrower"
# Every hierarchical edge as one query, child -> parent, in statement order (hr names "the way round" by it).
HIERARCHY_EDGES = """SELECT ?child ?parent WHERE {
  { ?child skos:broader ?parent } UNION { ?parent skos:narrower ?child }
  FILTER(!isLiteral(?parent) && !isLiteral(?child))
}"""
# With stated skos:broaderTransitive links too: an ancestor all the same (SKOS reference 8.6.5), for validate's
# cycles, clashes and clusters; not for hr, where a stated closure is no redundant broader link.
HIERARCHY_EDGES_TRANSITIVE = """SELECT ?child ?parent WHERE {
  { ?child skos:broader|skos:broaderTransitive ?parent } UNION { ?parent skos:narrower|skos:narrowerTransitive ?child }
  FILTER(!isLiteral(?parent) && !isLiteral(?child))
}"""

# --- Labels and notes ---
# Label kinds in the order a match wins when a term hits several concepts: a prefLabel beats an altLabel.
LABEL_KINDS = (SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel", SKOS + "notation")
# Notes with keys of their own in the `show` card; skos:note and its other sub-properties (SKOS reference 7.1),
# ours included, are gathered as typed notes.
OWN_NOTE_KEYS = {SKOS + "definition": "definition", SKOS + "scopeNote": "scopeNote", SKOS + "example": "example"}
SKOS_NOTES = (SKOS + "note", SKOS + "changeNote", SKOS + "editorialNote", SKOS + "historyNote")
OUR_NOTES = (TK + "misreading", TK + "bestUse", TK + "labellingNote", TK + "classificationNote")

# The record's note kinds (tropekg.record): SKOS's and ours by local name, in this order on a page; any other
# declared sub-property of skos:note by its IRI.
NOTE_PROPERTIES = (*OWN_NOTE_KEYS, *SKOS_NOTES, *OUR_NOTES)


def note_key(prop: str) -> str:
    """The record's key for a note property: its local name in SKOS and our namespace, else the IRI itself."""
    for ns in (SKOS, TK):
        if prop.startswith(ns) and "/" not in prop[len(ns):] and "#" not in prop[len(ns):]:
            return prop[len(ns):]
    return prop


def note_iri(key: str) -> str:
    """The note property of a record's key (note_key undone)."""
    if ":" in key:
        return key
    return SKOS + key if SKOS + key in NOTE_PROPERTIES else TK + key


# --- Facets, links, mappings ---
# The three facets no tag system models as data: whose side the story takes, agreement, audience.
FACETS = {"perspective": TK + "perspective", "consent": TK + "consent", "audience": TK + "audience"}
ADULT_AUDIENCE = TKID + "audience-adult"
# SKOS mapping properties (SKOS reference 10), by local name.
MAPPINGS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
# Links between concepts, in either direction: (card key, property, inverse property or None).
LINKS = (
    ("broader", BROADER, NARROWER),
    ("narrower", NARROWER, BROADER),
    ("related", SKOS + "related", SKOS + "related"),
    ("media", TK + "commonIn", None),
    ("themes", TK + "exploresTheme", None),
    ("uses", TK + "narrativeUse", None),
    ("contrastsWith", TK + "contrastsWith", TK + "contrastsWith"),
    ("contrastsWith", TK + "oftenConfusedWith", TK + "oftenConfusedWith"),
    ("counterparts", TK + "counterpart", TK + "counterpart"),
    ("replacedBy", DCTERMS + "isReplacedBy", None),
)
# The link kinds, each named once (the record's keys, the catalog's columns, compare's and view's kinds).
LINK_KINDS = tuple(dict.fromkeys(kind for kind, _, _ in LINKS))
LINK_OF: dict[str, str] = {prop: kind for kind, prop, _ in LINKS}  # property -> link kind
LINK_PROPERTY: dict[str, str] = {}  # link kind -> the property that states it (the first, for a kind of several)
for _kind, _prop, _ in LINKS:
    LINK_PROPERTY.setdefault(_kind, _prop)
# The inverse map: property -> the link kind its object gets back to its subject (SKOS reference 8.6 for
# broader/narrower and related; our symmetric properties are their own inverses).
INVERSE_OF: dict[str, str] = {inverse: kind for kind, _, inverse in LINKS if inverse}
SYMMETRIC_KINDS = frozenset(kind for kind, prop, inverse in LINKS if prop == inverse)
PRIMARY_BROADER = TK + "primaryBroader"


def unshadowed(links: Iterable[tuple[str, str, str]], shadowing: Container[str] | None = None,
               related: str = "related") -> list[tuple[str, str, str]]:
    """(a, b, kind) links less each `related` one between two nodes that a link of a `shadowing` kind (None: any
    other kind) already joins, either way round: a pictured or tabled pair shows its more specific link only
    (hide_parallel_related is the same rule on one concept's links)."""
    links = list(links)
    joined = {frozenset((a, b)) for a, b, kind in links
              if kind != related and (shadowing is None or kind in shadowing)}
    return [link for link in links if link[2] != related or frozenset(link[:2]) not in joined]


def hide_parallel_related(links: dict[str, list[str]]) -> None:
    """Drop related links that parallel a broader or narrower one (SKOS S27 says they should not both hold; each
    output shows the hierarchical link only). Changes `links` in place."""
    if links.get("related") and (links.get("broader") or links.get("narrower")):
        hier = {*links.get("broader", ()), *links.get("narrower", ())}
        kept = [r for r in links["related"] if r not in hier]
        if kept:
            links["related"] = kept
        else:
            del links["related"]
