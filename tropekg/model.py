"""The model's facts, each stated once: what a concept is, the hierarchy's edges, labels, notes, facets, mappings.

namespaces.py says where terms live; this module says what they mean to tropekg. Every capability (validate,
query, export, view) reads these definitions instead of restating them.
"""

from __future__ import annotations

from .namespaces import DCTERMS, SKOS, TK, TKID

# --- What a concept is ---
# Our own classes, all rdfs:subClassOf skos:Concept in ontology/tropekg.ttl; our SHACL shapes target them.
OUR_CLASSES = ("Trope", "Genre", "Theme", "Medium", "NarrativeUse", "FacetValue", "PerspectiveValue",
               "ConsentValue", "AudienceRating")

# A resource is a concept when typed skos:Concept (or one of our subclasses), or when SKOS's domains and ranges
# make it one (SKOS reference 8.6: the semantic relations' domain and range is skos:Concept), as qSKOS counts;
# an object of skos:member only when it is not itself a collection (collections nest, SKOS reference 9.6).
# One rule, two readings: the CONCEPTS pattern below for SPARQL, and these lists for export.records' one-pass
# scan of canonical lines; tests/test_export_catalog.py checks that they agree.
CONCEPT_CLASSES = (SKOS + "Concept", *(TK + c for c in OUR_CLASSES))
CONCEPT_AS_SUBJECT = tuple(SKOS + p for p in (
    "inScheme", "topConceptOf", "broader", "narrower", "related", "broaderTransitive", "narrowerTransitive",
    "semanticRelation"))
CONCEPT_AS_OBJECT = tuple(SKOS + p for p in ("broader", "narrower", "related", "hasTopConcept", "member"))
NOT_CONCEPT_AS_OBJECT = SKOS + "Collection"

# The SPARQL reading: binds ?c to every concept (with repeats; callers add DISTINCT or GROUP BY).
CONCEPTS = f"""
  {{ ?c a ?cls . VALUES ?cls {{ {" ".join(f"<{c}>" for c in CONCEPT_CLASSES)} }} }}
  UNION {{ ?c {"|".join(f"<{p}>" for p in CONCEPT_AS_SUBJECT)} ?any }}
  UNION {{ ?any {"|".join(f"<{p}>" for p in CONCEPT_AS_OBJECT)} ?c
          FILTER NOT EXISTS {{ ?c a <{NOT_CONCEPT_AS_OBJECT}> }} }}
"""

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
