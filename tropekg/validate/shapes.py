"""Our SHACL shapes (ontology/shapes.ttl) run through pySHACL, on our own classes only."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..errors import LoadError
from ..model import OUR_CLASSES
from ..namespaces import SH, TK
from ..sources.resources import ontology_file
from ..vocabulary import Vocabulary


@dataclass(frozen=True)
class ShapeResult:
    """One sh:ValidationResult, as plain values."""

    focus: str
    shape: str  # the sh:sourceShape IRI (a blank node shape is reported by its parent's IRI when it has one)
    severity: str  # "error" | "warning" | "info"
    message: str
    path: str | None
    value: str | None


_SEVERITY = {SH + "Violation": "error", SH + "Warning": "warning", SH + "Info": "info"}


@lru_cache(maxsize=1)
def _shapes_graph():
    import rdflib

    graph = rdflib.Graph(bind_namespaces="none")
    graph.parse(ontology_file("shapes.ttl"), format="turtle")
    return graph


def uses_our_model(vocab: Vocabulary) -> bool:
    """True when some resource is typed with one of our classes (a vocabulary with none skips pySHACL: foreign
    vocabularies pay nothing for our domain model)."""
    values = " ".join(f"<{TK}{c}>" for c in OUR_CLASSES)
    return bool(vocab.query(f"ASK {{ VALUES ?cls {{ {values} }} ?x a ?cls }}"))


def check_shapes(vocab: Vocabulary) -> list[ShapeResult]:
    """The SHACL results of our shapes on `vocab` (empty when it has none of our classes), sorted."""
    if not uses_our_model(vocab):
        return []
    import rdflib
    from pyshacl import validate

    # pySHACL re-parses each SHACL-SPARQL constraint per focus node with rdflib's parser on an rdflib graph; on
    # the Oxigraph-backed graph, oxrdflib hands the query text to Oxigraph instead, several times faster.
    # targetClass lists every subclass explicitly, so no ontology graph (and no copy of the data) is needed.
    conforms, report, _ = validate(
        vocab.graph, shacl_graph=_shapes_graph(), inference="none", advanced=True, allow_warnings=True,
        inplace=True,
    )
    if not isinstance(report, rdflib.Graph):
        # pySHACL reports a shapes file it cannot use as a ValidationFailure, not as an exception.
        raise LoadError(f"{ontology_file('shapes.ttl')}: pySHACL cannot use these shapes ({report.message})")
    if conforms:
        return []
    results = []
    shn = rdflib.Namespace(SH)
    # Top-level results only: pySHACL also types the nested sh:detail results of sh:node as results.
    for res in report.objects(None, shn.result):
        def one(prop: str, res=res) -> str | None:
            value = report.value(res, shn[prop])
            return None if value is None else str(value)

        # Name the most specific shape that has an IRI: a SHACL-SPARQL constraint, else the source shape, else
        # the named shape that holds a blank-node one.
        shape = report.value(res, shn.sourceConstraint)
        if not isinstance(shape, rdflib.URIRef):
            shape = report.value(res, shn.sourceShape)
        if isinstance(shape, rdflib.BNode):
            shape = next((s for s in _shapes_graph().subjects(None, shape) if isinstance(s, rdflib.URIRef)), shape)
        path = report.value(res, shn.resultPath)
        results.append(ShapeResult(
            focus=one("focusNode") or "",
            shape=str(shape),
            severity=_SEVERITY.get(one("resultSeverity") or "", "error"),
            message=one("resultMessage") or "",
            path=str(path) if isinstance(path, rdflib.URIRef) else None,
            value=one("value"),
        ))
    return sorted(set(results), key=lambda r: (r.focus, r.shape, r.message, r.value or ""))
