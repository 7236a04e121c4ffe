"""Finding a concept by IRI, CURIE or any label, and describing it as the `show` card."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import pyoxigraph as ox

from .errors import LookupFailed
from .labels import StoreLabels, normalize
from .model import FACETS, LABEL_KINDS, MAPPINGS, OWN_NOTE_KEYS, note_iri
from .namespaces import SKOS
from .record import record_of
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
        self._labels = StoreLabels([vocab.store], lang)

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
        """The display label of `iri` (labels.display: prefLabel in the display language with fallback, else its
        local name), looked up per IRI and kept."""
        return self._labels(iri)

    def ref(self, iri: str) -> dict[str, str]:
        return {"iri": iri, "label": self.label(iri)}

    def refs(self, iris: set[str]) -> list[dict[str, str]]:
        return [self.ref(i) for i in sorted(iris, key=lambda i: (self.label(i).casefold(), i))]

    def describe(self, iri: str) -> dict:
        """The card of `iri`: the JSON contract of `tropekg show --format json` (README, "show"), from its concept
        record (tropekg.record, the one every export reads)."""
        rec = record_of(self.vocab, iri)

        def texts(by_lang: dict[str, list[str]]) -> dict[str, list[str]]:
            return {lang: sorted(set(v)) for lang, v in sorted(by_lang.items())}

        def merged(keys: list[str]) -> dict[str, list[str]]:
            found: dict[str, set[str]] = {}
            for key in keys:
                for lang, v in rec.notes[key].items():
                    found.setdefault(lang, set()).update(v)
            return {lang: sorted(v) for lang, v in sorted(found.items())}

        typed = sorted((note_iri(k), k) for k in rec.notes if k not in _OWN_NOTES)
        card: dict = {
            "iri": iri,
            "types": sorted(set(rec.types)),
            "schemes": sorted(set(rec.schemes)),
            "prefLabel": {lang: v[0] for lang, v in texts(rec.labels.get("prefLabel", {})).items()},
            "altLabel": texts(rec.labels.get("altLabel", {})),
            "hiddenLabel": texts(rec.labels.get("hiddenLabel", {})),
            "definition": {lang: " ".join(v) for lang, v in texts(rec.notes.get("definition", {})).items()},
            "scopeNote": texts(rec.notes.get("scopeNote", {})),
            "example": texts(rec.notes.get("example", {})),
            "notes": merged([k for _, k in typed]),
        }
        for key in ("broader", "narrower", "related"):
            card[key] = self.refs(set(rec.links.get(key, ())))
        card["facets"] = {name: self.refs(set(rec.facets.get(name, ()))) for name in FACETS}
        for key in ("media", "themes", "uses", "contrastsWith", "counterparts"):
            card[key] = self.refs(set(rec.links.get(key, ())))
        card["mappings"] = [{"relation": rel, "iri": target} for rel in MAPPINGS
                            for target in sorted(set(rec.mappings.get(rel, ())))]
        card["adult"] = rec.adult
        card["deprecated"] = rec.deprecated
        card["replacedBy"] = self.refs(set(rec.links.get("replacedBy", ())))
        # Beyond the contract (extra keys only): the primary parent, the spoiler level, and notes by type.
        card["primaryBroader"] = self.ref(rec.primary) if rec.primary else None
        card["spoilerLevel"] = rec.spoiler
        card["typedNotes"] = {prop: texts(rec.notes[key]) for prop, key in typed}
        return card


_OWN_NOTES = frozenset(OWN_NOTE_KEYS.values())


def resolve(vocab: Vocabulary, term: str, lang: str = "en") -> Match:
    """The concept of `vocab` that `term` (IRI, CURIE, or any label in any language) names."""
    return Lookup(vocab, lang).resolve(term)


def describe(vocab: Vocabulary, term: str, lang: str = "en") -> dict:
    """The `show` card of the concept `term` names, labels in `lang` with fallback."""
    lookup = Lookup(vocab, lang)
    return lookup.describe(lookup.resolve(term).iri)
