"""Matching a text to concepts: candidates with deterministic scores 0-100, the features that explain them, and
`match` only for a unique winner a curator can trust."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..labels import normalize
from ..model import FACETS
from .index import KIND_NAMES, Index, Label, compact, words

# Scores by how a label was met (tiers far enough apart that an earlier tier always wins): the query equals a
# label after normalisation (NFKC, case folding, spaces); equals it without spaces and punctuation; one of its
# words equals a whole label; or is only similar (rapidfuzz's Indel ratio, scaled into the lowest tier).
EXACT = {"pref": 100.0, "notation": 100.0, "alt": 96.0, "hidden": 92.0}
LOOSE_DROP, WORD_DROP = 12.0, 30.0
SIMILAR_SCALE, SIMILAR_CUTOFF = 0.75, 60.0  # ratio 60-99 -> 45-74
# A candidate matches when it scores at least MATCH_AT and beats every other concept by GAP: an exact or loose
# label of one concept, or a better kind than any other concept's (a prefLabel over another's altLabel).
MATCH_AT, GAP = 80.0, 4.0
DESCRIPTION_CHARS = 200


@dataclass(frozen=True)
class Query:
    """One reconciliation query: the text, types (scheme or concept IRIs) to stay within, how many candidates,
    the display language; `all_types`: within every type, not any (Reconciliation API 0.2 `type_strict`)."""

    text: str
    types: tuple[str, ...] = ()
    limit: int = 10
    lang: str = "en"
    all_types: bool = False


@dataclass
class Candidate:
    """A concept a query may mean: `how` it was met (iri, exact, loose, word, similar), the label met, its score."""

    iri: str
    score: float
    how: str
    label: Label | None
    similarity: float
    deprecated: bool = False
    replaces: str | None = None  # the deprecated concept whose label found this replacement
    match: bool = False
    name: str = ""
    description: str = ""
    types: list[str] = field(default_factory=list)

    def features(self, lang: str) -> list[tuple[str, str, bool | float]]:
        """(id, name, value) of what the score was made of (Reconciliation API 0.2 §5.2 "features"): whether the
        query equals a label, the kind of label met (or the IRI), its language, the similarity; deprecated and
        replacement only when true."""
        kind = "iri" if self.how == "iri" else KIND_NAMES[self.label.kind] if self.label else "none"
        same = bool(self.label and self.label.lang.split("-")[0].lower() == lang.split("-")[0].lower())
        out: list[tuple[str, str, bool | float]] = [
            ("exact", "the query equals an IRI, notation or label (after normalisation)", self.how in ("iri", "exact")),
            (kind, f"the query met the concept's {kind}", True),
            ("same_language", "the label met is in the query's language", same),
            ("similarity", "similarity of the query to the label met, 0-100", round(self.similarity, 1))]
        if self.deprecated:
            out.append(("deprecated", "the concept is deprecated (owl:deprecated)", True))
        if self.replaces is not None:
            out.append(("replacement", "found through a deprecated concept it replaces", True))
        return out


class Reconciler:
    """Answers queries against one Index."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.descriptions: dict[tuple[str, str], str] = {}  # (iri, lang) -> description, worked out once

    def match(self, query: Query) -> list[Candidate]:
        """The best candidates for `query`, best first (score, then IRI), at most query.limit; only the first may
        match."""
        index, found = self.index, {}
        text = query.text.strip()
        if not text:
            return []

        def meet(iri: str, score: float, how: str, label: Label | None, similarity: float) -> None:
            have = found.get(iri)
            if (have is None or score > have.score) and self.within(iri, query.types, query.all_types):
                found[iri] = Candidate(iri, score, how, label, similarity)

        iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text
        if iri in index.concepts:
            meet(iri, EXACT["pref"], "iri", None, 100.0)
        key = normalize(text)
        for label in index.exact.get(key, ()):
            meet(label.iri, EXACT[label.kind], "exact", label, 100.0)
        for label in index.loose.get(compact(key), ()):
            meet(label.iri, EXACT[label.kind] - LOOSE_DROP, "loose", label, fuzz.ratio(key, normalize(label.text)))
        if not found:
            self._near(key, query, meet)
        self._replacements(found, query)
        ranked = sorted(found.values(), key=lambda c: (-c.score, c.deprecated, c.iri))
        if ranked:
            top = ranked[0]
            rivals = [c for c in ranked[1:] if c.iri != top.replaces]  # not the deprecated concept it replaces
            top.match = (top.score >= MATCH_AT and not top.deprecated
                         and (not rivals or top.score - rivals[0].score >= GAP))
        for candidate in ranked[: max(query.limit, 1)]:
            self._describe(candidate, query.lang)
        return ranked[: max(query.limit, 1)]

    def _near(self, key: str, query: Query, meet) -> None:
        """Near misses: a word of the query that is a whole label, and labels similar to the query."""
        index = self.index
        parts = words(key)
        for word in parts if len(parts) > 1 else ():
            for label in index.exact.get(word, ()):
                meet(label.iri, EXACT[label.kind] - WORD_DROP, "word", label, fuzz.ratio(key, word))
        for near, similarity, _ in process.extract(key, index.keys, scorer=fuzz.ratio, processor=None,
                                                   limit=max(query.limit, 1) * 3, score_cutoff=SIMILAR_CUTOFF):
            for label in index.exact[near]:
                meet(label.iri, round(similarity * SIMILAR_SCALE, 1) - label.rank, "similar", label, similarity)

    def _replacements(self, found: dict[str, Candidate], query: Query) -> None:
        """A deprecated concept never matches; its replacements (dcterms:isReplacedBy) are offered at its score."""
        concepts = self.index.concepts
        for candidate in list(found.values()):
            record = concepts[candidate.iri]
            candidate.deprecated = record.deprecated
            if not record.deprecated:
                continue
            for new in record.links.get("replacedBy", ()):
                have = found.get(new)
                if new in concepts and not concepts[new].deprecated and (have is None or have.score < candidate.score) \
                        and self.within(new, query.types, query.all_types):
                    found[new] = Candidate(new, candidate.score, candidate.how, candidate.label,
                                           candidate.similarity, replaces=candidate.iri)

    def _describe(self, candidate: Candidate, lang: str) -> None:
        record = self.index.concepts[candidate.iri]
        candidate.name = self.index.name(candidate.iri, lang)
        found = self.descriptions.get((candidate.iri, lang))
        if found is None:
            found = " ".join(record.in_lang("definition", lang))
            if len(found) > DESCRIPTION_CHARS:
                found = found[: DESCRIPTION_CHARS - 1].rstrip() + "…"
            self.descriptions[candidate.iri, lang] = found
        candidate.description = found
        candidate.types = list(record.schemes)

    def within(self, iri: str, types: tuple[str, ...], every: bool = False) -> bool:
        """Whether concept `iri` is in the types: a scheme it is in, a concept above it (or itself), or a facet
        value it has."""
        if not types:
            return True
        record = self.index.concepts[iri]
        def inside(kind: str) -> bool:
            return (kind == iri or kind in record.schemes or any(kind in record.facets.get(f, ()) for f in FACETS)
                    or kind in self.index.above(iri))

        return all(map(inside, types)) if every else any(map(inside, types))

    def suggest(self, prefix: str, types: tuple[str, ...] = (), limit: int = 10) -> list[str]:
        """Concept IRIs with a label (any kind, any language) or a word of one starting with `prefix`."""
        key = normalize(prefix)
        if not key or limit <= 0:
            return []
        out: dict[str, None] = {}
        for found in self.index.prefixed(key, limit * 4):
            for label in self.index.exact[found]:
                if label.iri not in out and self.within(label.iri, types):
                    out[label.iri] = None
            if len(out) >= limit:
                break
        return list(out)[:limit]

    def types(self) -> list[str]:
        """The types offered: every scheme, then the top concepts (the branches a `type` can stay within)."""
        return sorted(self.index.schemes) + self.index.tops
