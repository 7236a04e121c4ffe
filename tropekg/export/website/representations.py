"""The forms a concept's or scheme's page is offered in (HTML beside its RDF: .ttl, .jsonld, .rdf, .nt), one
registry that the site, `tropekg serve` and the nginx and Apache configurations negotiate over, in the order a
server prefers them when a client likes several equally (HTML first: browsers send `*/*` too)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .described import Groups, Writers


@dataclass(frozen=True)
class Representation:
    name: str  # as a page's link shows it
    media_type: str  # what Accept names and Content-Type says
    parameters: str  # what Content-Type adds
    write: Callable[[Writers, str, Groups], bytes] | None  # (writers, IRI, its description) -> bytes; HTML: None


REPRESENTATIONS = {  # file extension -> representation
    "html": Representation("HTML", "text/html", "; charset=utf-8", None),
    "ttl": Representation("Turtle", "text/turtle", "; charset=utf-8", Writers.turtle),
    "jsonld": Representation("JSON-LD", "application/ld+json", "", Writers.jsonld),
    "rdf": Representation("RDF/XML", "application/rdf+xml", "", Writers.rdfxml),
    "nt": Representation("N-Triples", "application/n-triples", "", Writers.ntriples),
}
# `format=` values besides the extensions themselves (Skosmos and the SPARQL endpoint's names)
ALIASES = {"turtle": "ttl", "json-ld": "jsonld", "json": "jsonld", "rdfxml": "rdf", "xml": "rdf",
           "ntriples": "nt", "n-triples": "nt"}


def content_type(extension: str) -> str:
    found = REPRESENTATIONS[extension]
    return found.media_type + found.parameters
