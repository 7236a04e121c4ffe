"""Structural analyses named by a rule's `# analysis:` header: plain-Python work on data extracted once.

Each takes the Vocabulary and the rows of the rule's own query (dicts of Oxigraph terms, or lists of strings
with `# rows: text`) and returns hits. Transitive work runs here, on the hierarchy read once as plain lists
(hierarchy.parents()), never as `skos:broader+` property paths (slow on large data; DEVELOPERS.md).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import NamedTuple, TypeVar

import pyoxigraph as ox

from ..hierarchy import has_transitive, node_term, parents
from ..labels import term_text
from ..namespaces import RDF, SKOS, SKOS_TERMS
from ..vocabulary import Vocabulary
from .entailment import super_properties
from .homonyms import duplicates, overlaps
from .language import language_tags
from .rules import Hit

T = TypeVar("T", bound=Hashable)


def _iri(term) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


class Layers(NamedTuple):
    """The hierarchy in layers: a strict ancestor is always on a lower level, unless both are in one cycle."""

    level: dict[str, int]  # every node of the hierarchy -> 0 for roots, else 1 + the highest level above it
    component: dict[str, int]  # nodes in or below a cycle -> their strongly connected component's number
    cycles: list[set[str]]  # those components (most of one node)


def layers(vocab: Vocabulary, transitive: bool = False) -> Layers:
    """Kahn's algorithm from the roots places most concepts; only what it cannot reach (in or below a cycle)
    goes to Tarjan's SCC, and the components are then levelled the same way. The levels prune the walks of S27
    and hr, which otherwise walk up to the roots from every concept. `transitive`: over hierarchy.parents'
    lists with stated broaderTransitive links (the same as without, when there are none)."""
    transitive = transitive and has_transitive(vocab)
    found = vocab.derived.layers.get(transitive)
    if found is None:
        found = vocab.derived.layers[transitive] = _layers(parents(vocab, transitive))
    return found


def _layers(up: dict[str, list[str]]) -> Layers:
    waiting = {child: len(ps) for child, ps in up.items()}
    down: dict[str, list[str]] = {}
    for child, ps in up.items():
        for p in ps:
            down.setdefault(p, []).append(child)
    level = {n: 0 for n in down if n not in waiting}
    todo = list(level)
    while todo:
        node = todo.pop()
        for child in down.get(node, ()):
            level[child] = max(level.get(child, 0), level[node] + 1)
            waiting[child] -= 1
            if not waiting[child]:
                todo.append(child)
    cycles = _strong_components({n for n, w in waiting.items() if w}, up)
    component = {n: i for i, members in enumerate(cycles) for n in members}
    # The condensation of the rest is a DAG: level its components, from the placed parents' levels up.
    comp_up = [{component[p] for n in members for p in up[n] if p in component} - {i}
               for i, members in enumerate(cycles)]
    base = [1 + max((level[p] for n in members for p in up[n] if p not in component), default=-1)
            for members in cycles]
    comp_down: dict[int, list[int]] = {}
    for i, ps in enumerate(comp_up):
        for p in ps:
            comp_down.setdefault(p, []).append(i)
    comp_waiting = [len(ps) for ps in comp_up]
    todo = [i for i, w in enumerate(comp_waiting) if not w]
    while todo:
        i = todo.pop()
        for child in comp_down.get(i, ()):
            base[child] = max(base[child], base[i] + 1)
            comp_waiting[child] -= 1
            if not comp_waiting[child]:
                todo.append(child)
    for n, i in component.items():
        level[n] = base[i]
    return Layers(level, component, cycles)


def _strong_components(nodes: set[str], up: dict[str, list[str]]) -> list[set[str]]:
    """Tarjan's algorithm on the links among `nodes`, iterative (a long chain must not hit the recursion limit).

    Plain Python instead of networkx: importing networkx and building its DiGraph cost more than this walk, on
    small vocabularies and large (DEVELOPERS.md)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def enter(node: str) -> tuple[str, Iterator[str]]:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        return node, iter([p for p in up.get(node, ()) if p in nodes])

    for root in nodes:
        if root in index:
            continue
        work = [enter(root)]
        while work:
            node, todo = work[-1]
            for p in todo:
                if p not in index:
                    work.append(enter(p))
                    break
                if p in on_stack:
                    low[node] = min(low[node], index[p])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    members = {stack.pop()}
                    while node not in members:
                        members.add(stack.pop())
                    on_stack -= members
                    found.append(members)
    return found


def reaches(up: Mapping[T, list[T]], start: T, target: T, avoid: T | None = None,
            layered: Layers | None = None) -> bool:
    """True when `target` is above `start` (transitive broader) without passing through `avoid`; cycle-safe.
    Nodes are names here and term ids in the columnar forms (columnar_paths.hr).

    With `layered` (see layers()), nothing on a level that cannot lead up to the target is followed."""
    if layered is None or target not in layered.level or start not in layered.level:
        floor, ring = None, None
    else:
        level, component = layered.level, layered.component
        floor, ring = level[target], component.get(target)

        def may_lead(node: str) -> bool:
            return level[node] > floor or (level[node] == floor and ring is not None
                                           and component.get(node) == ring)

        if not may_lead(start):
            return False
    seen = {start, avoid}
    todo = [p for p in up.get(start, ()) if p != avoid]
    while todo:
        node = todo.pop()
        if node == target:
            return True
        if node not in seen:
            seen.add(node)
            if floor is None:
                todo.extend(up.get(node, ()))
            else:
                todo.extend(p for p in up.get(node, ()) if p == target or may_lead(p))
    return False


def cycles(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """qSKOS chr: one hit per strongly connected component of more than one concept (self-links are rrc)."""
    hits = []
    for component in layers(vocab, transitive=True).cycles:
        if len(component) > 1:
            members = sorted(component)
            hits.append(Hit(members[0], tuple(members[1:]), n=len(members), group=True))
    return hits


def redundancy(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """qSKOS hr: a broader link c -> p is redundant when p is also above another parent q of c (not in a cycle).
    The q named is the least in code point order, so the finding does not depend on the order a store lists
    statements in (the columnar form names the same)."""
    up, layered = parents(vocab), layers(vocab)
    hits = []
    for child, ps in up.items():
        if len(ps) < 2:
            continue
        for p in ps:
            for q in sorted(ps):
                if q not in (p, child) and p != child and reaches(up, q, p, child, layered) \
                        and not reaches(up, p, q, child, layered):
                    hits.append(Hit(child, (p,), (q,)))
                    break
    return hits


def clashes(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """SKOS S27: skos:related between a concept and one of its ancestors or descendants; one hit per statement."""
    up, layered = parents(vocab, transitive=True), layers(vocab, transitive=True)
    hits = []
    for row in rows:
        a, b = _iri(row.get("focus")), _iri(row.get("other"))
        if not a or not b or a == b:
            continue
        if reaches(up, a, b, layered=layered):
            hits.append(Hit(a, (b,), ("ancestor (skos:broaderTransitive)",)))
        elif reaches(up, b, a, layered=layered):
            hits.append(Hit(a, (b,), ("descendant (skos:narrowerTransitive)",)))
    return hits


def valueless(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """qSKOS var: skos:related pairs that share a broader or a narrower concept in hierarchy.parents (stated or
    entailed links, broaderTransitive included): the hierarchy already connects them. One hit per pair; its
    focus is the subject of the statement (the lesser IRI when stated both ways); the witness is the least
    concept they meet at. A pair also linked by a sub-property of skos:related outside SKOS (tk:contrastsWith)
    says more than "related", so it is kept."""
    stated = {(term_text(r["focus"]), term_text(r["other"])) for r in rows if "focus" in r and "other" in r}
    # Each pair once, by its (lesser, greater) key, oriented as stated (the lesser first when stated both ways).
    pairs = {(a, b) if a < b else (b, a): (a, b) if (b, a) not in stated or a < b else (b, a)
             for a, b in stated if a != b}
    if not pairs:
        return []
    up = parents(vocab, transitive=True)
    partners: dict[str, list[str]] = {}
    for a, b in pairs:
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)
    meets: dict[tuple[str, str], set[str]] = {}
    for key in pairs:  # a common broader concept
        above_a = up.get(key[0])
        if above_a:
            common = set(above_a).intersection(up.get(key[1], ()))
            if common:
                meets[key] = common
    for child, ps in up.items():  # a common narrower one: a child with both among its parents
        if len(ps) > 1:
            among = set(ps)
            for p in ps:
                for q in partners.get(p, ()):
                    if p < q and q in among:
                        meets.setdefault((p, q), set()).add(child)
    kept = _own_related(vocab)
    return [Hit(a, (b,), (min(meets[key]),)) for key in sorted(meets) for a, b in (pairs[key],) if not kept(a, b)]


def _own_related(vocab: Vocabulary) -> Callable[[str, str], bool]:
    """A test of whether two resources are also linked (either way) by a sub-property of skos:related that the
    data declares outside the SKOS namespace."""
    subs = [ox.NamedNode(sub) for sub, supers in super_properties(vocab).items()
            if SKOS + "related" in supers and not sub.startswith(SKOS)]

    def linked(a: str, b: str) -> bool:
        x, y = node_term(a.removeprefix("_:")), node_term(b.removeprefix("_:"))
        quads = vocab.store.quads_for_pattern
        return any(next(iter(quads(s, p, o)), None) is not None for p in subs for s, o in ((x, y), (y, x)))

    return linked


def clusters(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """qSKOS dcc: connected components over hierarchical and associative links; every one, when there are two
    or more."""
    root: dict[str, str] = {}

    def find(x: str) -> str:
        root.setdefault(x, x)
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    edges = [(a, b) for a, ps in parents(vocab, transitive=True).items() for b in ps] + [
        (a, b) for a, b in ((_iri(r.get("focus")), _iri(r.get("other"))) for r in rows) if a and b]
    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            root[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for node in root:
        groups.setdefault(find(node), []).append(node)
    found = [g for g in groups.values() if len(g) > 1]  # a concept linked only to itself is no cluster
    # Every cluster, the largest too, as qSKOS counts (issue 13): which one is "the" vocabulary is not ours to say.
    return [Hit(min(g), tuple(sorted(g))[1:], n=len(g), group=True) for g in found] if len(found) > 1 else []


def reachability(vocab: Vocabulary, rows: list[list[str]]) -> list[Hit]:
    """Concepts not below any top concept; nothing when the data declares no top concepts (that is otc).

    Rows are text (`# rows: text`): IRI, then "concept" or "top"."""
    tops = {focus for focus, kind in rows if kind == "top"}
    if not tops:
        return []
    children: dict[str, list[str]] = {}
    for child, ps in parents(vocab).items():
        for p in ps:
            children.setdefault(p, []).append(child)
    seen, todo = set(tops), list(tops)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return [Hit(c) for c in sorted({focus for focus, kind in rows if kind == "concept"} - seen)]


_SKOS_IRIS_OF = """SELECT DISTINCT ?x WHERE {
  { ?s ?p ?x } UNION { ?x ?p ?o }
  FILTER(isIRI(?x) && STRSTARTS(STR(?x), STR(skos:)))
}"""
_USES = """SELECT DISTINCT ?focus ?other WHERE {
  { ?focus ?other ?o } UNION { ?focus a ?other }
  UNION { ?focus ?p ?other } UNION { ?other ?p ?o BIND(?other AS ?focus) }
}"""


def undefined_skos(vocab: Vocabulary, rows: list[list[str]]) -> list[Hit]:
    """qSKOS usr: the uses of IRIs in the SKOS namespace that SKOS does not define (namespaces.SKOS_TERMS), as
    a property, a class, or the subject or object of a property outside SKOS and rdf:type. Rows: the properties
    and classes in use (text: IRI, "property" or "class"); the subjects and objects are asked of those
    properties only, and the uses of the undefined IRIs alone."""
    def undefined(iri: str) -> bool:
        return iri.startswith(SKOS) and iri != SKOS and iri not in SKOS_TERMS

    outside = [ox.NamedNode(p) for p, kind in rows
               if kind == "property" and not p.startswith(SKOS) and p != RDF + "type"]
    found = {term for term, _ in rows if undefined(term)}
    if outside:
        found.update(row[0] for row in vocab.text_rows(_SKOS_IRIS_OF, {"p": outside}) if undefined(row[0]))
    if not found:
        return []
    values = {"other": [ox.NamedNode(iri) for iri in sorted(found)], "p": outside or [ox.NamedNode(RDF + "nil")]}
    return [Hit(focus, (other,)) for focus, other in vocab.text_rows(_USES, values)]


def invalid_iris(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """invalid-iri: one hit per invalid IRI the lenient load found (Vocabulary.invalid_iris, tropekg.sources.lenient);
    its place is where the file first writes it (Vocabulary.place)."""
    return [Hit(iri) for iri in sorted(vocab.invalid_iris)]


def shacl(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """Our SHACL shapes (tropekg.validate.shapes): pySHACL is imported only when the data has our classes."""
    from .shapes import check_shapes

    return [Hit(r.focus, (r.shape,), tuple(v for v in (r.value,) if v), severity=r.severity,
                message=r.message + (f" ({r.path.rsplit('#', 1)[-1]})" if r.path else ""))
            for r in check_shapes(vocab)]


# Analyses that read only by queries (no hierarchy, nothing in vocab.derived): validate runs them on its pool threads.
QUERY_ONLY = frozenset({"language_tags", "undefined_skos", "invalid_iris"})

ANALYSES: dict[str, Callable[[Vocabulary, list[dict]], list[Hit]]] = {
    "cycles": cycles,
    "redundancy": redundancy,
    "clashes": clashes,
    "clusters": clusters,
    "valueless": valueless,
    "reachability": reachability,
    "duplicates": duplicates,
    "overlaps": overlaps,
    "shacl": shacl,
    "language_tags": language_tags,
    "invalid_iris": invalid_iris,
    "undefined_skos": undefined_skos,
}
