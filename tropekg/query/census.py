"""Counts that describe a vocabulary: concepts per scheme and class, labels per language, relations, facets."""

from __future__ import annotations

from ..labels import lang_tag, local_name
from ..model import CONCEPTS, FACETS
from ..namespaces import curie
from ..vocabulary import Vocabulary


def _count(vocab: Vocabulary, sparql: str) -> list[tuple]:
    return [tuple(t.value if t is not None else None for t in row) for row in vocab.rows(sparql)]


def stats(vocab: Vocabulary) -> dict:
    """Counts for `tropekg stats`: every key is always present, every mapping sorted, so output diffs cleanly."""
    concepts = _count(vocab, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {CONCEPTS} FILTER(isIRI(?c)) }}")
    per_scheme = _count(vocab, """
        SELECT ?scheme (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c skos:inScheme|skos:topConceptOf ?scheme }
        GROUP BY ?scheme""")
    per_class = _count(vocab, f"""
        SELECT ?cls (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {{ SELECT DISTINCT ?c WHERE {{ {CONCEPTS} }} }}
        ?c a ?cls }} GROUP BY ?cls""")
    labels = _count(vocab, """
        SELECT ?p ?lang (COUNT(*) AS ?n) WHERE {
          VALUES ?p { skos:prefLabel skos:altLabel skos:hiddenLabel } ?s ?p ?o } GROUP BY ?p (LANG(?o) AS ?lang)""")
    relations = _count(vocab, """
        SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o
          FILTER(STRSTARTS(STR(?p), STR(skos:)) || STRSTARTS(STR(?p), STR(tk:)))
          FILTER(isIRI(?o)) FILTER(?p NOT IN (skos:inScheme, skos:topConceptOf, skos:hasTopConcept))
        } GROUP BY ?p""")
    tropes = _count(vocab, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a tk:Trope }")[0][0]
    lacking = {}
    for name, prop in FACETS.items():
        rows = _count(vocab, f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a tk:Trope "
                             f"FILTER NOT EXISTS {{ ?t <{prop}> ?v }} }}")
        lacking[name] = int(rows[0][0])
    by_lang: dict[str, dict[str, int]] = {}
    for p, lang, n in labels:
        kind = local_name(p)
        by_lang.setdefault(lang_tag(lang or "") or "(none)", {}).setdefault(kind, 0)
        by_lang[lang_tag(lang or "") or "(none)"][kind] += int(n)
    return {
        "triples": len(vocab),
        "concepts": int(concepts[0][0]),
        "schemes": {curie(s, vocab.prefixes): int(n) for s, n in sorted(per_scheme)},
        "classes": {curie(c, vocab.prefixes): int(n) for c, n in sorted(per_class)},
        "labels": {lang: dict(sorted(kinds.items())) for lang, kinds in sorted(by_lang.items())},
        "relations": {curie(p, vocab.prefixes): int(n) for p, n in sorted(relations)},
        "facetCoverage": {"tropes": int(tropes), "lacking": lacking},
    }
