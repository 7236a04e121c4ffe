"""The comparison of a few concepts as data: one column per concept, what they share, how they are linked."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import UsageError
from ..labels import pick
from ..lookup import Lookup
from ..model import LINK_OF, SYMMETRIC_KINDS, unshadowed
from ..namespaces import SKOS, TK
from ..vocabulary import Vocabulary

GLOSS = TK + "gloss"
BEST_USE = TK + "bestUse"
EXAMPLE = SKOS + "example"

# The rows of the comparison that hold concepts (facet values, media, themes), in the order they are shown.
GROUPS = ("perspective", "consent", "audience", "media", "themes")

# Links between two compared concepts, by property; (label, symmetric). skos:narrower is read as the inverse
# of skos:broader (SKOS reference 8.6.2), so a link stated either way is found once.
# Whether a link is symmetric is the model's (model.SYMMETRIC_KINDS); the words are the table's.
LINKS = {prop: (words, LINK_OF[prop] in SYMMETRIC_KINDS) for prop, words in (
    (SKOS + "broader", "broader"), (TK + "counterpart", "counterpart"), (TK + "contrastsWith", "contrasts with"),
    (TK + "oftenConfusedWith", "often confused with"), (SKOS + "related", "related"))}


@dataclass
class Column:
    """One compared concept: its texts in the display language, and its facet values, media and themes."""

    iri: str
    label: str
    gloss: str | None
    best_use: str | None
    example: str | None
    groups: dict[str, list[dict[str, str]]]  # GROUPS key -> [{"iri", "label"}], sorted by label
    own_themes: list[dict[str, str]] = field(default_factory=list)  # themes no other compared concept has


@dataclass
class Link:
    """A stated link between two compared concepts, by label (`source` broader `target`, or symmetric)."""

    source: str
    kind: str
    target: str


@dataclass
class Comparison:
    """Concepts side by side: the columns, the groups in which they all agree or differ, and their links."""

    columns: list[Column]
    shared: dict[str, list[dict[str, str]]]  # GROUPS key -> the values every column has
    differ: list[str]  # GROUPS keys in which the columns do not all have the same values
    links: list[Link]

    def summary(self) -> str:
        """One sentence: where the concepts differ and what they share, e.g. "They differ in perspective and
        consent, and share audience (Adult-oriented) and media (Anime, Manga, Visual novel)."."""
        same = [g for g in GROUPS if g not in self.differ and self.shared[g] and g != "themes"]
        parts = []
        if self.differ:
            parts.append("differ in " + _and(self.differ))
        if same:
            parts.append("share " + _and([f"{g} ({', '.join(r['label'] for r in self.shared[g])})" for g in same]))
        return ("They " + ", and ".join(parts) + ".") if parts else ""


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _texts(vocab: Vocabulary, iri: str, prop: str) -> dict[str, list[str]]:
    by_lang: dict[str, list[str]] = defaultdict(list)
    for q in vocab.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(prop), None):
        if isinstance(q.object, ox.Literal):
            by_lang[q.object.language or ""].append(q.object.value)
    return by_lang


def _text(vocab: Vocabulary, iri: str, prop: str, lang: str) -> str | None:
    """The text of `prop` for a cell: the one choice of every output (labels.pick)."""
    return pick(_texts(vocab, iri, prop), lang)


def column(vocab: Vocabulary, lookup: Lookup, iri: str) -> Column:
    """The column of one concept, from its `show` card and its gloss, best use and example."""
    card = lookup.describe(iri)
    groups = dict(card["facets"])
    groups["media"] = card["media"]
    groups["themes"] = card["themes"]
    return Column(iri, lookup.label(iri), _text(vocab, iri, GLOSS, lookup.lang),
                  _text(vocab, iri, BEST_USE, lookup.lang), _text(vocab, iri, EXAMPLE, lookup.lang),
                  {g: groups[g] for g in GROUPS})


def links(vocab: Vocabulary, lookup: Lookup, iris: list[str]) -> list[Link]:
    """The stated links among `iris`, once each; `related` only between concepts with no more specific link."""
    members = set(iris)
    found: set[tuple[str, str, str]] = set()
    for iri in iris:
        for q in vocab.store.quads_for_pattern(ox.NamedNode(iri), None, None):
            target, prop = q.object.value, q.predicate.value
            if target not in members or target == iri:
                continue
            if prop == SKOS + "narrower":
                found.add((target, "broader", iri))
            elif prop in LINKS:
                kind, symmetric = LINKS[prop]
                a, b = sorted((iri, target), key=iris.index) if symmetric else (iri, target)
                found.add((a, kind, b))
    kept = [(a, kind, b) for a, b, kind in unshadowed((a, b, kind) for a, kind, b in found)]
    kinds = [k for k, _ in LINKS.values()]
    kept.sort(key=lambda f: (iris.index(f[0]), kinds.index(f[1]), iris.index(f[2])))
    return [Link(lookup.label(a), kind, lookup.label(b)) for a, kind, b in kept]


def compare(vocab: Vocabulary, terms: list[str], lang: str = "en", children: str | None = None) -> Comparison:
    """The comparison of the concepts `terms` name (IRI, CURIE or any label, as `show` resolves them), or with
    `children` of every narrower concept of that one; LookupFailed names the candidates of a bad term."""
    lookup = Lookup(vocab, lang)
    if children is not None:
        iris = [r["iri"] for r in lookup.describe(lookup.resolve(children).iri)["narrower"]] + [
            lookup.resolve(t).iri for t in terms]
    else:
        iris = [lookup.resolve(t).iri for t in terms]
    iris = list(dict.fromkeys(iris))
    if len(iris) < 2:
        named = ", ".join(lookup.label(i) for i in iris) or "none"
        where = f"--children {children}" if children is not None else "compare"
        raise UsageError(f"{where}: {len(iris)} concept(s) to compare ({named}); name two or more different TERMs, "
                         "or --children TERM with a concept that has narrower ones")
    columns = [column(vocab, lookup, iri) for iri in iris]
    shared: dict[str, list[dict[str, str]]] = {}
    differ = []
    for group in GROUPS:
        sets = [{r["iri"] for r in c.groups[group]} for c in columns]
        common = set.intersection(*sets)
        shared[group] = [r for r in columns[0].groups[group] if r["iri"] in common]
        if any(s != sets[0] for s in sets):
            differ.append(group)
    for c in columns:
        others = set().union(*({r["iri"] for r in o.groups["themes"]} for o in columns if o is not c))
        c.own_themes = [r for r in c.groups["themes"] if r["iri"] not in others]
    return Comparison(columns, shared, differ, links(vocab, lookup, iris))


def matrix(comparison: Comparison) -> list[tuple[str, str, list[bool]]]:
    """The facet matrix: (group, value label, [does column i have it]) for every value any column has."""
    out = []
    for group in GROUPS:
        seen: dict[str, str] = {}
        for c in comparison.columns:
            for r in c.groups[group]:
                seen.setdefault(r["iri"], r["label"])
        for iri, label in sorted(seen.items(), key=lambda item: (item[1].casefold(), item[0])):
            out.append((group, label, [any(r["iri"] == iri for r in c.groups[group]) for c in comparison.columns]))
    return out
