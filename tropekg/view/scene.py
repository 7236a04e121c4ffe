"""What a picture shows: the selected concepts and the links between them, as a networkx graph with attributes.

Every edge kind is extracted once for the whole vocabulary (one query, plus the shared broader graph), the
selection is a breadth-first walk over those edges, and the selected nodes' attributes come from one query with a
VALUES block: no per-node queries, so a 1,000-node view costs a few queries whatever the vocabulary's size.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox

from ..errors import UsageError
from ..hierarchy import edges, node_term, stated_links
from ..labels import pick
from ..lookup import Lookup
from ..model import CONCEPTS, FACETS, LINK_OF, MAPPINGS, PRIMARY_BROADER, SYMMETRIC_KINDS, unshadowed
from ..namespaces import RDF, SKOS, curie
from ..tree import place
from ..vocabulary import Vocabulary

# Edge kinds a user names in --relations, with the properties that state them. Symmetric kinds are drawn once per
# pair. "broader" comes from hierarchy.edges (skos:broader and skos:narrower, SKOS reference 8.6).
# The --relations names (the CLI's, kept) and the model's link kinds they draw (model.LINKS has the properties).
_LINK_KIND = {"related": "related", "contrasts": "contrastsWith", "counterpart": "counterparts",
              "theme": "themes", "medium": "media", "use": "uses"}


def _stated_by(name: str) -> tuple[str, ...]:
    return tuple(p for p, kind in LINK_OF.items() if kind == _LINK_KIND[name])


KIND_PROPERTIES: dict[str, tuple[str, ...]] = {
    "broader": (),
    "related": _stated_by("related"),
    "contrasts": _stated_by("contrasts"),
    "counterpart": _stated_by("counterpart"),
    "facet": tuple(FACETS.values()),
    "mapping": tuple(SKOS + m for m in MAPPINGS),
    "theme": _stated_by("theme"),
    "medium": _stated_by("medium"),
    "use": _stated_by("use"),
}
SYMMETRIC = {name for name, link in _LINK_KIND.items() if link in SYMMETRIC_KINDS}
DEFAULT_KINDS = ("broader", "related", "contrasts", "counterpart")
# The overview (no --root, --scheme or --relations) shows how concepts relate to each other and to the values
# they have (issue 15): the facets, themes and media of the tropes, not a row of every unlinked concept.
OVERVIEW_KINDS = ("broader", "related", "contrasts", "counterpart", "facet", "theme", "medium")
# Facet values and mapping targets hang off the selected concepts but are never walked through: a walk through
# "Adult-oriented" would pull in every adult trope, and a mapping target lies outside the vocabulary.
LEAF_KINDS = {"facet", "mapping"}
# A related link that a more specific one already states (tk:contrastsWith is a sub-property of skos:related),
# or that parallels a hierarchical link (SKOS S27 says it should not), is not drawn twice.
_SHADOWS_RELATED = ("broader", "contrasts", "counterpart")
DEFAULT_MAX_NODES = 2000


@dataclass
class Selection:
    """What to draw: start terms, how far to walk, which scheme and which edge kinds; none = the whole graph."""

    roots: list[str] = field(default_factory=list)
    depth: int = 1
    scheme: str | None = None
    kinds: tuple[str, ...] | None = None  # None: DEFAULT_KINDS from roots or a scheme, else the OVERVIEW_KINDS
    lang: str = "en"
    max_nodes: int = DEFAULT_MAX_NODES
    layout: str = "auto"  # a graphviz.LAYOUTS key: how svg, png and html lay the picture out


def parse_kinds(text: str | None, facets: bool = False) -> tuple[str, ...] | None:
    """The edge kinds of a --relations value (comma-separated); --facets adds "facet"; None when neither is
    given (the selection's default)."""
    if text is None and not facets:
        return None
    kinds = [k.strip().lower() for k in (text or ",".join(DEFAULT_KINDS)).split(",") if k.strip()]
    unknown = [k for k in kinds if k not in KIND_PROPERTIES]
    if unknown:
        raise UsageError(f"--relations {','.join(unknown)}: unknown; choose from {','.join(KIND_PROPERTIES)}")
    if facets and "facet" not in kinds:
        kinds.append("facet")
    return tuple(k for k in KIND_PROPERTIES if k in kinds)


def _edges(vocab: Vocabulary, kinds: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(source, target, kind) for every link of the wanted kinds in the vocabulary, sorted, symmetric ones once."""
    found: set[tuple[str, str, str]] = set()
    if "broader" in kinds:
        found |= {(child, parent, "broader") for child, parent in edges(vocab)}
    kind_of = {p: k for k in kinds for p in KIND_PROPERTIES[k]}
    if kind_of:
        rows = vocab.rows("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && isIRI(?o)) }",
                          {"p": [ox.NamedNode(p) for p in sorted(kind_of)]})
        for s, p, o in rows:
            found.add(_oriented(s.value, o.value, kind_of[p.value]))
    return _unshadowed(found)


def _oriented(a: str, b: str, kind: str) -> tuple[str, str, str]:
    return (min(a, b), max(a, b), kind) if kind in SYMMETRIC else (a, b, kind)


def _unshadowed(found: set[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    return sorted(unshadowed(found, _SHADOWS_RELATED))


class _Around:
    """The links of the wanted kinds that touch one node, read from the store's indexes as the walk reaches it:
    with --root the cost follows the selection, not the vocabulary (extracting every link first made a small
    view of a large vocabulary pay for all of it). The same links as _edges() states them, node by node."""

    def __init__(self, vocab: Vocabulary, kinds: tuple[str, ...]) -> None:
        self.vocab = vocab
        self.hierarchy = "broader" in kinds
        self.kind_of = {ox.NamedNode(p): k for k in kinds for p in KIND_PROPERTIES[k]}
        self.seen: dict[str, set[tuple[str, str, str]]] = {}

    def __call__(self, node: str) -> set[tuple[str, str, str]]:
        found = self.seen.get(node)
        if found is None:
            found = self.seen[node] = self._read(node)
        return found

    def _read(self, node: str) -> set[tuple[str, str, str]]:
        term = node_term(node)
        found: set[tuple[str, str, str]] = set()
        if self.hierarchy:  # child -> parent, as hierarchy.edges
            parents, children = stated_links(self.vocab, term)
            found |= {(node, p.value, "broader") for p in parents} | {(c.value, node, "broader") for c in children}
        if isinstance(term, ox.NamedNode):  # the other kinds link IRIs only, as _edges() reads them
            quads = self.vocab.store.quads_for_pattern
            for p, kind in self.kind_of.items():
                for q in quads(term, p, None):
                    if isinstance(q.object, ox.NamedNode):
                        found.add(_oriented(node, q.object.value, kind))
                for q in quads(None, p, term):
                    if isinstance(q.subject, ox.NamedNode):
                        found.add(_oriented(q.subject.value, node, kind))
        return found


def _in_scheme(vocab: Vocabulary, scheme: str) -> set[str]:
    rows = vocab.rows("SELECT ?c WHERE { { ?c skos:inScheme|skos:topConceptOf ?s } "
                      "UNION { ?s skos:hasTopConcept ?c } }", {"s": [ox.NamedNode(scheme)]})
    return {c.value for (c,) in rows if isinstance(c, ox.NamedNode)}


def _all_concepts(vocab: Vocabulary) -> set[str]:
    rows = vocab.rows(f"SELECT DISTINCT ?c WHERE {{ {CONCEPTS} FILTER(isIRI(?c)) }}")
    return {c.value for (c,) in rows}


def _walk(roots: list[str], links, depth: int, allowed: set[str] | None) -> set[str]:
    """The roots and every node within `depth` steps of them along non-leaf links, either direction; `links(node)`
    gives the links that touch a node."""
    seen = dict.fromkeys(roots, 0)
    queue = deque(roots)
    while queue:
        node = queue.popleft()
        if seen[node] < depth:
            for a, b, kind in sorted(links(node)):
                if kind in LEAF_KINDS or (allowed is not None and (a not in allowed or b not in allowed)):
                    continue
                nxt = b if a == node else a
                if nxt not in seen:
                    seen[nxt] = seen[node] + 1
                    queue.append(nxt)
    return set(seen)


def select(vocab: Vocabulary, selection: Selection) -> nx.MultiDiGraph:
    """The scene for `selection`: nodes keyed by IRI with display attributes, edges with a `kind`.

    Raises UsageError when the selection has more than selection.max_nodes nodes, saying how to narrow it."""
    if selection.depth < 0:
        raise UsageError(f"--depth {selection.depth}: must be 0 or more")
    lookup = Lookup(vocab, selection.lang)
    roots = [lookup.resolve(term).iri for term in selection.roots]
    allowed = _in_scheme(vocab, lookup.resolve(selection.scheme).iri) if selection.scheme else None
    overview = not roots and allowed is None and selection.kinds is None
    kinds = selection.kinds or (OVERVIEW_KINDS if overview else DEFAULT_KINDS)
    if roots:
        around = _Around(vocab, kinds)
        nodes = _walk(roots, around, selection.depth, allowed)
        leaves = {b for n in nodes for a, b, kind in around(n) if kind in LEAF_KINDS and a in nodes}
        nodes = nodes | leaves
        edges = _unshadowed({e for n in nodes for e in around(n)})
    else:
        edges = _edges(vocab, kinds)
        linked = {n for e in edges for n in e[:2] if e[2] not in LEAF_KINDS}
        nodes = allowed if allowed is not None else linked if overview else _all_concepts(vocab) | linked
        leaves = {b for a, b, kind in edges if kind in LEAF_KINDS and a in nodes}
        nodes = nodes | leaves
    if len(nodes) > selection.max_nodes:
        raise UsageError(
            f"the selection has {len(nodes):,} nodes, over --max-nodes {selection.max_nodes:,}; narrow it with "
            "--root TERM and a smaller --depth, --scheme or fewer --relations, or raise --max-nodes")
    attributes = _attributes(vocab, lookup, nodes, leaves)
    named = _blank_names(vocab, nodes)
    for old, new in named.items():
        attributes[new] = {**attributes.pop(old), "label": new, "iri": new}
    scene = nx.MultiDiGraph(layout=selection.layout, roots=[named.get(r, r) for r in roots])
    for iri, attrs in sorted(attributes.items()):
        scene.add_node(iri, **attrs)
    for a, b, kind in sorted((named.get(a, a), named.get(b, b), kind) for a, b, kind in edges
                             if a in nodes and b in nodes):
        scene.add_edge(a, b, key=kind, kind=kind)
    scene.graph["homes"] = _homes(vocab, scene)
    return scene


def _homes(vocab: Vocabulary, scene: nx.MultiDiGraph) -> dict[str, str]:
    """{concept with several parents drawn: the one it sits under in the tree (tropekg.tree.place)}, so that
    `--layout hierarchy` ranks it where the site, tree.json and the wikis put it."""
    parents: dict[str, list[str]] = defaultdict(list)
    for a, b, kind in scene.edges(keys=True):
        if kind == "broader" and a != b:
            parents[a].append(b)
    primary = ox.NamedNode(PRIMARY_BROADER)
    out = {}
    for child, found in parents.items():
        if len(found) > 1:
            stated = [q.object.value for q in vocab.store.quads_for_pattern(node_term(child), primary, None)]
            out[child] = place(found, min(stated) if stated else None)
    return out


def _blank_names(vocab: Vocabulary, nodes: set[str]) -> dict[str, str]:
    """Blank nodes of the hierarchy (named by their id, which has no ":" as every IRI has) -> their stable names
    (blanks.stable_names): Oxigraph's ids change with every load, and a drawing must not."""
    blank = {n for n in nodes if ":" not in n}
    if not blank:
        return {}
    from ..validate.blanks import stable_names

    names = stable_names(vocab, {f"_:{n}" for n in blank})
    return {n: names.get(f"_:{n}", f"_:{n}") for n in blank}


# Properties read for each selected node (one query); display labels come from Lookup (its --lang fallback).
_ATTRIBUTE_PROPERTIES = {
    RDF + "type": "types", SKOS + "inScheme": "schemes", SKOS + "topConceptOf": "schemes",
    SKOS + "altLabel": "aliases", SKOS + "hiddenLabel": "aliases", SKOS + "prefLabel": "aliases",
    SKOS + "definition": "definition", **{prop: name for name, prop in FACETS.items()},
}


def _attributes(vocab: Vocabulary, lookup: Lookup, nodes: set[str], leaves: set[str]) -> dict[str, dict[str, str]]:
    """Node attributes: strings, or sorted lists of strings (aliases, types, schemes, facet value labels)."""
    found: dict[str, dict[str, set[str]]] = {n: defaultdict(set) for n in nodes}
    described: set[str] = set()
    # One scan per property, filtered here: a VALUES block of a few thousand IRIs joined with the properties
    # is far slower in Oxigraph than these scans.
    for prop, key in _ATTRIBUTE_PROPERTIES.items():
        for quad in vocab.store.quads_for_pattern(None, ox.NamedNode(prop), None):
            s, o = quad.subject.value, quad.object
            if s not in found:
                continue
            described.add(s)
            if key == "definition" and isinstance(o, ox.Literal):
                found[s][key].add(f"{o.language or ''}\x00{o.value}")
            elif key in FACETS or key in ("types", "schemes"):
                found[s][key].add(o.value)
            elif isinstance(o, ox.Literal):
                found[s][key].add(o.value)
    for quad in vocab.store.quads_for_pattern(None, ox.NamedNode(SKOS + "hasTopConcept"), None):
        if quad.object.value in found:
            found[quad.object.value]["schemes"].add(quad.subject.value)
    facet_of = {v: name for attrs in found.values() for name in FACETS for v in attrs.get(name, ())}
    out = {}
    for iri, attrs in found.items():
        schemes = sorted(attrs.get("schemes", ()))
        role = "concept" if iri in described else "external"
        if iri in leaves and iri in facet_of:
            role = "facet"
        out[iri] = {
            "label": lookup.label(iri) if role != "external" else curie(iri, vocab.prefixes),
            "iri": iri,
            "role": role,
            "facet": facet_of.get(iri, "") if role == "facet" else "",
            "types": [curie(t, vocab.prefixes) for t in sorted(attrs.get("types", ()))],
            "schemes": [curie(s, vocab.prefixes) for s in schemes],
            "scheme": lookup.label(schemes[0]) if schemes else "",
            "definition": _definition(attrs.get("definition", set()), lookup.lang),
            "aliases": sorted(attrs.get("aliases", set()) - {lookup.label(iri)}),
            **{name: sorted(lookup.label(v) for v in attrs.get(name, ())) for name in FACETS},
        }
    return out


def _definition(tagged: set[str], lang: str) -> str:
    by_lang: dict[str, list[str]] = defaultdict(list)
    for item in tagged:
        tag, _, text = item.partition("\x00")
        by_lang[tag].append(text)
    return pick(by_lang, lang) or ""
