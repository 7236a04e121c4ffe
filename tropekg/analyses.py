"""Structural analyses named by a rule's `# analysis:` header: networkx and plain-Python work on data extracted once.

Each takes the Vocabulary and the rows of the rule's own query (dicts of Oxigraph terms) and returns hits.
Transitive work runs here, on hierarchy.broader_graph, never as `skos:broader+` property paths (DEVELOPERS.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import networkx as nx
import pyoxigraph as ox

from .hierarchy import broader_graph
from .labels import normalize
from .vocabulary import Vocabulary


class Hit(NamedTuple):
    """What a check found, before labels, messages and places are added."""

    focus: str
    others: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    n: int | None = None
    severity: str | None = None  # overrides the rule's (SHACL results carry their own)
    message: str | None = None  # overrides the rule's template


def _iri(term) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def parents(vocab: Vocabulary) -> dict[str, list[str]]:
    """child -> parents as plain lists (several times faster to walk than networkx's views)."""
    graph = broader_graph(vocab)
    return vocab.memo("validate.parents", lambda: {n: list(nbrs) for n, nbrs in graph.succ.items() if nbrs})


def _reaches(up: dict[str, list[str]], start: str, target: str, avoid: str | None = None) -> bool:
    """True when `target` is above `start` (transitive broader) without passing through `avoid`; cycle-safe."""
    seen = {start, avoid}
    todo = [p for p in up.get(start, ()) if p != avoid]
    while todo:
        node = todo.pop()
        if node == target:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(up.get(node, ()))
    return False


def cycles(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """qSKOS chr: one hit per strongly connected component of more than one concept (self-links are rrc)."""
    hits = []
    for component in nx.strongly_connected_components(broader_graph(vocab)):
        if len(component) > 1:
            members = sorted(component)
            hits.append(Hit(members[0], tuple(members[1:]), n=len(members)))
    return hits


def redundancy(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """qSKOS hr: a broader link c -> p is redundant when p is also above another parent q of c (not in a cycle)."""
    up = parents(vocab)
    hits = []
    for child, ps in up.items():
        if len(ps) < 2:
            continue
        for p in ps:
            for q in ps:
                if q not in (p, child) and p != child and _reaches(up, q, p, child) and not _reaches(up, p, q, child):
                    hits.append(Hit(child, (p,), (q,)))
                    break
    return hits


def clashes(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """SKOS S27: skos:related between a concept and one of its ancestors or descendants; one hit per statement."""
    up = parents(vocab)
    hits = []
    for row in rows:
        a, b = _iri(row.get("focus")), _iri(row.get("other"))
        if not a or not b or a == b:
            continue
        if _reaches(up, a, b):
            hits.append(Hit(a, (b,), ("ancestor (skos:broaderTransitive)",)))
        elif _reaches(up, b, a):
            hits.append(Hit(a, (b,), ("descendant (skos:narrowerTransitive)",)))
    return hits


def clusters(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """qSKOS dcc: connected components over hierarchical and associative links; every one but the largest."""
    root: dict[str, str] = {}

    def find(x: str) -> str:
        root.setdefault(x, x)
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    edges = [(a, b) for a, b in broader_graph(vocab).edges] + [
        (a, b) for a, b in ((_iri(r.get("focus")), _iri(r.get("other"))) for r in rows) if a and b]
    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            root[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for node in root:
        groups.setdefault(find(node), []).append(node)
    ranked = sorted(groups.values(), key=lambda g: (-len(g), min(g)))
    return [Hit(min(g), tuple(sorted(g))[1:], n=len(g)) for g in ranked[1:] if len(g) > 1]


def reachability(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """Concepts not below any top concept; nothing when the data declares no top concepts (that is otc)."""
    tops = {_iri(r["focus"]) for r in rows if r.get("value") and r["value"].value == "top"} - {None}
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
    concepts = {_iri(r["focus"]) for r in rows if r.get("value") and r["value"].value == "concept"} - {None}
    return [Hit(c) for c in sorted(concepts - seen)]


def duplicates(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """The same label in one language, after NFKC and case folding (labels.normalize), on two concepts of a scheme."""
    groups: dict[tuple[str, str, str], dict[str, str]] = {}
    for r in rows:
        focus, scheme, label = _iri(r.get("focus")), r.get("scheme"), r.get("value")
        if focus and scheme is not None and isinstance(label, ox.Literal):
            # Same primary language only: "Brand"@en and "Brand"@de (fire) are different words.
            lang = (label.language or "").split("-")[0]
            key = normalize(label.value) if not label.value.isascii() else " ".join(label.value.lower().split())
            groups.setdefault((scheme.value, lang, key), {}).setdefault(focus, label.value)
    hits: dict[tuple, Hit] = {}
    for members in groups.values():
        if len(members) > 1:
            names = sorted(members)
            hits[tuple(names)] = Hit(names[0], tuple(names[1:]), (members[names[0]],), n=len(names))
    return list(hits.values())


def shacl(vocab: Vocabulary, rows: list[dict]) -> list[Hit]:
    """Our SHACL shapes (tropekg.shapes): pySHACL is imported only when the data has our classes."""
    from .shapes import check_shapes

    return [Hit(r.focus, (r.shape,), tuple(v for v in (r.value,) if v), severity=r.severity,
                message=r.message + (f" ({r.path.rsplit('#', 1)[-1]})" if r.path else ""))
            for r in check_shapes(vocab)]


ANALYSES: dict[str, Callable[[Vocabulary, list[dict]], list[Hit]]] = {
    "cycles": cycles,
    "redundancy": redundancy,
    "clashes": clashes,
    "clusters": clusters,
    "reachability": reachability,
    "duplicates": duplicates,
    "shacl": shacl,
}
