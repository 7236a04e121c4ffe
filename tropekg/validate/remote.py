"""validate() where the vocabulary lives: on a RemoteVocabulary (tropekg.sources.remote) the pattern rules run as
queries at the endpoint, and the store gets a copy of just what the local steps read through it.

- Always: labels and scheme membership (label-duplicate and ol, the findings' labels) and which resources are
  typed skos:ConceptScheme (entailment.states_schemes).
- When some resource has one of our classes: their statements, and every rdf:type and rdfs:subClassOf statement
  (what ontology/shapes.ttl reads: a focus node's own statements and the classes of what they point to).
- When SKOS entails something (entailment.py; the endpoint is read-only, so ENTAILED lives in the store): the
  statements of the properties that the `# entailment: yes` rules, the hierarchy and entail() itself read; those
  rules, the hierarchy and queries that name ENTAILED (implicit-type: with its subjects' statements, copied
  then) run on the store. Statements of a sub-property that entails are read before
  entail() runs (it reads them from the store); otherwise only once entail() has written something.
- A blank node in any answer: answers cannot be joined on it (each labels blank nodes afresh), so the whole graph
  is read (one response, or parts joined: RemoteVocabulary.whole) and validated locally, as for every graph before.
- A graph larger than the endpoint's result limit (Virtuoso's ResultSetMaxRows) is read whole, in pages of that
  limit (RemoteVocabulary.whole), and validated locally: under a cap every larger answer is evaluated again per
  part, and Virtuoso 7.2.5 took minutes for single rules (NOT EXISTS: urc, oc, S13) that a copy checks in
  seconds (DEVELOPERS.md, issue 26). Answers cut otherwise are read again in parts (tropekg.sources.parts).
- A graph that holds no triples is an error, not a pass.
"""

from __future__ import annotations

import re

from ..errors import TropekgError
from ..model import HIERARCHY_EDGES_TRANSITIVE, OUR_CLASSES
from ..namespaces import PREFIXES, RDF, RDFS, SKOS, SKOS_TERMS, TK
from ..output.progress import silent
from ..sources.remote import BlankNodes, RemoteVocabulary
from ..vocabulary import Vocabulary
from . import runner
from .entailment import SUPER, super_properties
from .rules import all_rules

__all__ = ["skos_properties", "validate"]

_LABELS_AND_SCHEMES = """CONSTRUCT { ?s ?p ?o } WHERE {
  { VALUES ?p { skos:prefLabel skos:altLabel skos:inScheme skos:topConceptOf } ?s ?p ?o }
  UNION { VALUES (?p ?o) { (rdf:type skos:ConceptScheme) } ?s ?p ?o }
}"""
_OUR_MODEL = """CONSTRUCT { ?s ?p ?o } WHERE {
  { VALUES ?class { %s } ?s a ?class . ?s ?p ?o }
  UNION { VALUES ?p { rdf:type rdfs:subClassOf } ?s ?p ?o }
}"""
# Every property of the SKOS reference (namespaces.SKOS_TERMS less its classes), whichever a rule or entail() names.
_SKOS_PROPERTIES = {t for t in SKOS_TERMS if t[len(SKOS)].islower()}
_IRI = re.compile(r"<([^<>\s]+)>|\b([A-Za-z][\w-]*):([\w-][\w.-]*)")


def validate(vocab: Vocabulary, *args, **kwargs) -> runner.Report:
    """runner.validate(vocab, ...) (the same arguments and Report); on a RemoteVocabulary as the module says."""
    if not isinstance(vocab, RemoteVocabulary):
        return runner.validate(vocab, *args, **kwargs)
    vocab.blank_nodes, vocab.parts = False, True
    progress = kwargs.get("progress", silent)
    triples = vocab.triples()
    if not triples:  # validating nothing is no pass
        where = f"--graph {vocab.graph_iri}" if vocab.graph_iri else "the default graph"
        raise TropekgError(f"{where} at --endpoint {vocab.endpoint} holds no triples; publish the vocabulary "
                           "there first (tropekg publish), or name the graph that holds it")
    if vocab.cuts(triples):
        progress(f"answers cut at {vocab.cap} rows: reading the graph in pages")
        return runner.validate(vocab.whole(), *args, **kwargs)
    try:
        _prepare(vocab)
        return runner.validate(vocab, *args, **kwargs)
    except BlankNodes:
        progress("blank nodes: reading the whole graph")
        return runner.validate(vocab.whole(), *args, **kwargs)


def _prepare(vocab: RemoteVocabulary) -> None:
    vocab.fetch(_LABELS_AND_SCHEMES)
    if vocab.query(f"ASK {{ VALUES ?class {{ {_ours()} }} ?x a ?class }}"):
        vocab.fetch(_OUR_MODEL % _ours())
    subs = super_properties(vocab)
    part = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?p {{ {_iris(skos_properties() | subs.keys())} }} ?s ?p ?o }}"
    if vocab.query(f"ASK {{ VALUES ?p {{ {_iris(subs)} }} ?s ?p ?o }}"):
        vocab.fetch(part)  # entail() reads these statements from the store
    else:
        vocab.before_local.append(lambda: vocab.fetch(part))


def _iris(iris) -> str:
    return " ".join(f"<{iri}>" for iri in sorted(iris))


def _ours() -> str:
    return _iris(TK + c for c in OUR_CLASSES)


def skos_properties() -> set[str]:
    """The properties whose statements the store needs for entailment: every SKOS property, rdf:type, rdfs:subClassOf
    and rdfs:subPropertyOf, and every IRI the `# entailment: yes` rules and the hierarchy's query name (a class
    among them costs a lookup that finds nothing)."""
    found = _SKOS_PROPERTIES | set(SUPER) | {RDF + "type", RDFS + "subClassOf", RDFS + "subPropertyOf"}
    for text in [HIERARCHY_EDGES_TRANSITIVE, *(r.sparql for r in all_rules() if r.entailment)]:
        for iri, prefix, local in _IRI.findall(re.sub(r"(?m)^\s*#.*$", "", text)):
            if iri and ":" in iri:
                found.add(iri)
            elif prefix in PREFIXES:
                found.add(PREFIXES[prefix] + local)
    return found
