"""The one tree of a vocabulary's concepts (record-spec item 4): where each concept sits in full, and one
depth-first walk over it that every hierarchy output renders (the site's tree pages, tree.json, the Markdown and
MediaWiki hierarchies).

Where a concept sits in full: under its tk:primaryBroader when that is one of its broader concepts, else under
the first of its broader concepts in IRI code point order (a rule that needs no labels, so every display
language gives the same tree). Under its other parents it is a reference. Concepts with no broader concept among
the records are roots; what no root reaches (a cycle with no way in) starts a tree of its own after them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .record import Record

# Steps of the walk: "open" a concept in full (its children follow, then "close"), a "ref" to a concept shown in
# full elsewhere, a "cycle" back to an ancestor of the current path.
OPEN, CLOSE, REF, CYCLE = "open", "close", "ref", "cycle"


@dataclass
class Tree:
    """roots and children in display order; home: child -> the parent it sits under in full."""

    roots: list[str]
    kids: dict[str, list[tuple[str, bool]]]  # parent -> [(child, placed here in full)]
    home: dict[str, str]
    order: list[str]  # every concept, in record order: where trees of unreached concepts start

    def children(self, iri: str) -> list[tuple[str, bool]]:
        return self.kids.get(iri, [])


def place(parents: list[str], primary: str | None) -> str:
    """The parent a concept sits under in full: its primary parent (tk:primaryBroader) when that is one of
    `parents`, else the first of them in IRI code point order."""
    return primary if primary in parents else min(parents)  # type: ignore[return-value]


def home(rec: Record, parents: list[str]) -> str:
    """The parent `rec` sits under in full (place())."""
    return place(parents, rec.primary)


def tree(recs: Iterable[Record], key: Callable[[str], object]) -> Tree:
    """The tree of `recs`' broader links among themselves; children and roots sorted by `key` (a label order)."""
    recs = list(recs)
    known = {r.iri for r in recs}
    kids: dict[str, list[tuple[str, bool]]] = {}
    homes: dict[str, str] = {}
    roots = []
    for rec in recs:
        parents = [p for p in rec.links.get("broader", []) if p in known and p != rec.iri]
        if not parents:
            roots.append(rec.iri)
            continue
        placed = homes[rec.iri] = home(rec, parents)
        for parent in parents:
            kids.setdefault(parent, []).append((rec.iri, parent == placed))
    order = {iri: key(iri) for iri in known}
    for children in kids.values():
        children.sort(key=lambda c: order[c[0]])  # type: ignore[arg-type, return-value]
    roots.sort(key=lambda iri: order[iri])  # type: ignore[arg-type, return-value]
    return Tree(roots, kids, homes, [r.iri for r in recs])


def walk(found: Tree) -> Iterator[tuple[str, str, int]]:
    """(step, IRI, depth) depth first, iteratively (any depth): each concept opened once, in full where it sits;
    elsewhere a REF, or a CYCLE when it is an ancestor on the current path."""
    full: set[str] = set()

    def top() -> Iterator[tuple[str, bool]]:
        yield from ((r, True) for r in found.roots)
        # What no root reaches (cycles) starts a tree of its own, checked only after the roots' trees are done.
        yield from ((iri, True) for iri in found.order if iri not in full)

    stack: list[Iterator[tuple[str, bool]]] = [top()]
    path: list[str] = []
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            if path:
                yield CLOSE, path.pop(), len(path)
            continue
        iri, whole = item
        depth = len(path)
        if iri in full and depth == 0:
            continue
        if iri in path:
            yield CYCLE, iri, depth
        elif not whole or iri in full:
            yield REF, iri, depth
        else:
            full.add(iri)
            yield OPEN, iri, depth
            path.append(iri)
            stack.append(iter(found.children(iri)))
