"""Every namespace IRI tropekg uses, once, and the prefixes predeclared for queries and output."""

from __future__ import annotations

# Our own base IRIs: stable, documented in docs/model.md.
TK = "https://w3id.org/tropekg/ontology#"  # OWL classes and properties
TKID = "https://w3id.org/tropekg/id/"  # concepts and concept schemes of the bundled taxonomy
TKSH = "https://w3id.org/tropekg/shapes#"  # SHACL shapes
TKCHECK = "https://w3id.org/tropekg/checks#"  # validation rules (tropekg/validate/checks/*.rq), as sh:sourceShape

SKOS = "http://www.w3.org/2004/02/skos/core#"
SKOSXL = "http://www.w3.org/2008/05/skos-xl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
DC = "http://purl.org/dc/elements/1.1/"
SH = "http://www.w3.org/ns/shacl#"
FOAF = "http://xmlns.com/foaf/0.1/"
VANN = "http://purl.org/vocab/vann/"  # a vocabulary's preferred namespace and prefix (scheme metadata)

# The terms the SKOS namespace defines (SKOS reference, appendix B); any other IRI in it is undefined (qSKOS usr).
SKOS_TERMS = frozenset(SKOS + t for t in (
    "Concept", "ConceptScheme", "Collection", "OrderedCollection", "inScheme", "hasTopConcept", "topConceptOf",
    "prefLabel", "altLabel", "hiddenLabel", "notation", "note", "changeNote", "definition", "editorialNote",
    "example", "historyNote", "scopeNote", "semanticRelation", "broader", "narrower", "related",
    "broaderTransitive", "narrowerTransitive", "member", "memberList", "mappingRelation", "broadMatch",
    "narrowMatch", "relatedMatch", "exactMatch", "closeMatch"))

PREFIXES: dict[str, str] = {
    "tk": TK,
    "tkid": TKID,
    "tksh": TKSH,
    "skos": SKOS,
    "skosxl": SKOSXL,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "dcterms": DCTERMS,
    "dc": DC,
    "sh": SH,
    "foaf": FOAF,
    "vann": VANN,
}

# Tag systems the taxonomy maps to, by the IRI prefix their tags share (see ../shared/README.md);
# `expand --as NAME` turns a mapped IRI into the system's own id by stripping the prefix.
TAG_SYSTEMS: dict[str, str] = {
    "vndb": "https://vndb.org/g",
    "anilist": "https://anilist.co/tag/",
}


def sparql_prologue(prefixes: dict[str, str] | None = None) -> str:
    """PREFIX lines for `prefixes` (ours by default), to put before a query text sent where our prefixes are not
    predeclared (another SPARQL endpoint)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in (prefixes or PREFIXES).items())


def curie(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """`iri` shortened with the longest matching prefix, or returned whole."""
    best = ""
    found = iri
    for p, ns in (prefixes or PREFIXES).items():
        if iri.startswith(ns) and len(ns) > len(best):
            local = iri[len(ns) :]
            if local and all(ch.isalnum() or ch in "-_." for ch in local):
                best, found = ns, f"{p}:{local}"
    return found
