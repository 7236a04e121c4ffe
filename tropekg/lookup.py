"""Finding a concept by IRI, CURIE or any label, and describing it as the `show` card."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import pyoxigraph as ox

from .errors import LookupFailed
from .labels import lang_tag, local_name, normalize, pick
from .model import ADULT_AUDIENCE, FACETS, LABEL_KINDS, LINKS, MAPPINGS, OUR_NOTES, OWN_NOTE_KEYS, SKOS_NOTES
from .namespaces import OWL, RDF, SKOS, TK
from .vocabulary import Vocabulary


@dataclass
class Match:
    """A concept a term resolved to, and how."""

    iri: str
    label: str
    via: str  # "iri", "curie", or the label property that matched


class LabelIndex:
    """Every label and notation of a vocabulary, normalised for matching."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.by_text: dict[str, dict[str, int]] = defaultdict(dict)  # normalised text -> {iri: best kind rank}
        rows = vocab.rows(
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }",
            {"p": [ox.NamedNode(p) for p in LABEL_KINDS]},
        )
        rank = {p: i for i, p in enumerate(LABEL_KINDS)}
        for s, p, o in rows:
            if isinstance(s, ox.NamedNode):
                key = normalize(o.value)
                kind = rank[p.value]
                if kind < self.by_text[key].get(s.value, 99):
                    self.by_text[key][s.value] = kind

    def find(self, text: str) -> list[tuple[str, int]]:
        """(iri, kind rank) of the concepts with `text` as a label, best kind first."""
        hits = self.by_text.get(normalize(text), {})
        return sorted(hits.items(), key=lambda item: (item[1], item[0]))

    def close(self, text: str, n: int = 5) -> list[str]:
        """The normalised labels closest to `text`, for "did you mean"."""
        return difflib.get_close_matches(normalize(text), list(self.by_text), n=n, cutoff=0.6)


_PREF_LABEL = ox.NamedNode(SKOS + "prefLabel")
_MENTIONED = "ASK WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } }"


class Lookup:
    """Resolves terms and describes concepts of one vocabulary in one display language."""

    def __init__(self, vocab: Vocabulary, lang: str = "en") -> None:
        self.vocab = vocab
        self.lang = lang
        self._labels: dict[str, str] = {}

    @cached_property
    def index(self) -> LabelIndex:
        return LabelIndex(self.vocab)

    def _exists(self, iri: str) -> bool:
        # A query, not the store's indexes: a vocabulary at an endpoint (sources.remote) answers it there.
        return bool(self.vocab.query(_MENTIONED, {"x": [ox.NamedNode(iri)]}))

    def _as_iri(self, term: str) -> tuple[str, str] | None:
        text = term.strip()
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        if "://" in text or text.startswith("urn:"):
            try:
                return (text, "iri") if self._exists(text) else None
            except ValueError:
                return None
        prefix, colon, local = text.partition(":")
        if colon and prefix in self.vocab.prefixes and " " not in local:
            iri = self.vocab.prefixes[prefix] + local
            try:
                return (iri, "curie") if self._exists(iri) else None
            except ValueError:
                return None
        return None

    def resolve(self, term: str) -> Match:
        """The one concept `term` names; LookupFailed lists the candidates when it names several or none."""
        direct = self._as_iri(term)
        if direct:
            return Match(direct[0], self.label(direct[0]), direct[1])
        hits = self.index.find(term)
        best = [iri for iri, kind in hits if kind == hits[0][1]] if hits else []
        if len(best) == 1:
            return Match(best[0], self.label(best[0]), LABEL_KINDS[hits[0][1]])
        if best:
            candidates = [(iri, self.label(iri)) for iri in best]
            raise LookupFailed(f"{term!r} is ambiguous: {len(best)} concepts have this label; "
                               "give one of their IRIs", candidates)
        close = self.index.close(term)
        candidates = []
        for text in close:
            for iri, _ in sorted(self.index.by_text[text].items(), key=lambda item: (item[1], item[0])):
                if (iri, self.label(iri)) not in candidates:
                    candidates.append((iri, self.label(iri)))
        hint = "; did you mean " + ", ".join(repr(label) for _, label in candidates) + "?" if candidates else ""
        raise LookupFailed(f"{term!r}: no concept has this IRI or label{hint}", candidates)

    def label(self, iri: str) -> str:
        """The prefLabel of `iri` in the display language (with fallback), or its local name.

        Looked up per IRI and kept: a card or a search names a few dozen concepts, and reading every prefLabel
        first made `tropekg show` on a large vocabulary pay for all of them."""
        found = self._labels.get(iri)
        if found is None:
            by_lang: dict[str, list[str]] = defaultdict(list)
            try:
                node = ox.NamedNode(iri)
            except ValueError:  # not an IRI (a blank node's id): it has no label to find
                node = None
            if node is not None:
                for q in self.vocab.store.quads_for_pattern(node, _PREF_LABEL, None):
                    if isinstance(q.object, ox.Literal):
                        by_lang[q.object.language or ""].append(q.object.value)
            found = self._labels[iri] = pick(by_lang, self.lang) or local_name(iri)
        return found

    def ref(self, iri: str) -> dict[str, str]:
        return {"iri": iri, "label": self.label(iri)}

    def refs(self, iris: set[str]) -> list[dict[str, str]]:
        return [self.ref(i) for i in sorted(iris, key=lambda i: (self.label(i).casefold(), i))]

    @cached_property
    def note_properties(self) -> set[str]:
        declared = self.vocab.rows("SELECT DISTINCT ?p WHERE { ?p rdfs:subPropertyOf+ skos:note }")
        found = {p.value for (p,) in declared} | set(SKOS_NOTES) | set(OUR_NOTES)
        return found - set(OWN_NOTE_KEYS)

    def describe(self, iri: str) -> dict:
        """The card of `iri`: the JSON contract of `tropekg show --format json` (docs/commands.md, "show")."""
        node = ox.NamedNode(iri)
        out_edges: dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal]] = defaultdict(list)
        for q in self.vocab.store.quads_for_pattern(node, None, None):
            out_edges[q.predicate.value].append(q.object)
        in_edges: dict[str, set[str]] = defaultdict(set)
        for q in self.vocab.store.quads_for_pattern(None, None, node):
            if isinstance(q.subject, ox.NamedNode):
                in_edges[q.predicate.value].add(q.subject.value)

        def iris(prop: str) -> set[str]:
            return {o.value for o in out_edges.get(prop, []) if isinstance(o, ox.NamedNode)}

        def texts(props: tuple[str, ...] | set[str]) -> dict[str, list[str]]:
            found: dict[str, list[str]] = defaultdict(list)
            for prop in sorted(props):
                for o in out_edges.get(prop, []):
                    if isinstance(o, ox.Literal):
                        found[lang_tag(o.language or "")].append(o.value)
            return {lang: sorted(set(v)) for lang, v in sorted(found.items())}

        card: dict = {
            "iri": iri,
            "types": sorted(iris(RDF + "type")),
            "schemes": sorted(iris(SKOS + "inScheme") | iris(SKOS + "topConceptOf")),
            "prefLabel": {lang: v[0] for lang, v in texts((SKOS + "prefLabel",)).items()},
            "altLabel": texts((SKOS + "altLabel",)),
            "hiddenLabel": texts((SKOS + "hiddenLabel",)),
            "definition": {lang: " ".join(v) for lang, v in texts((SKOS + "definition",)).items()},
            "scopeNote": texts((SKOS + "scopeNote",)),
            "example": texts((SKOS + "example",)),
            "notes": texts(self.note_properties),
        }
        linked: dict[str, set[str]] = defaultdict(set)
        for key, prop, inverse in LINKS:
            linked[key] |= iris(prop) | (in_edges.get(inverse, set()) if inverse else set())
        linked["related"] -= linked["broader"] | linked["narrower"]
        for key in ("broader", "narrower", "related"):
            card[key] = self.refs(linked[key])
        card["facets"] = {name: self.refs(iris(prop)) for name, prop in FACETS.items()}
        for key in ("media", "themes", "uses", "contrastsWith", "counterparts"):
            card[key] = self.refs(linked[key])
        card["mappings"] = [
            {"relation": rel, "iri": target} for rel in MAPPINGS for target in sorted(iris(SKOS + rel))
        ]
        adult_flags = [o.value == "true" for o in out_edges.get(TK + "adult", []) if isinstance(o, ox.Literal)]
        card["adult"] = any(adult_flags) or ADULT_AUDIENCE in iris(TK + "audience")
        card["deprecated"] = any(
            isinstance(o, ox.Literal) and o.value in ("true", "1") for o in out_edges.get(OWL + "deprecated", [])
        )
        card["replacedBy"] = self.refs(linked["replacedBy"])
        # Beyond the contract (extra keys only): the primary parent, the spoiler level, and notes by type.
        primary = sorted(iris(TK + "primaryBroader"))
        card["primaryBroader"] = self.ref(primary[0]) if primary else None
        spoiler = [o.value for o in out_edges.get(TK + "spoilerLevel", []) if isinstance(o, ox.Literal)]
        card["spoilerLevel"] = int(spoiler[0]) if spoiler and spoiler[0].lstrip("-").isdigit() else None
        card["typedNotes"] = {
            prop: notes for prop in sorted(self.note_properties) if (notes := texts((prop,)))
        }
        return card


def resolve(vocab: Vocabulary, term: str, lang: str = "en") -> Match:
    """The concept of `vocab` that `term` (IRI, CURIE, or any label in any language) names."""
    return Lookup(vocab, lang).resolve(term)


def describe(vocab: Vocabulary, term: str, lang: str = "en") -> dict:
    """The `show` card of the concept `term` names, labels in `lang` with fallback."""
    lookup = Lookup(vocab, lang)
    return lookup.describe(lookup.resolve(term).iri)
