"""The tree of a concept scheme: nested lists of links, any depth, written without recursion.

Each concept appears in full under one parent (its tk:primaryBroader, else the first in label order, listed
first) and as a marked reference under its other parents; a link back to an ancestor is drawn once and marked as
a cycle; concepts no top concept reaches (a cycle with no way in) start trees of their own. Without JavaScript the
lists are all open; site.js adds a toggle to each entry with children.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..records import Record
from .concept import Site
from .html import esc


def _children(recs: list[Record], site: Site) -> tuple[list[str], dict[str, list[tuple[str, bool]]], dict]:
    """(roots, {parent: [(child, shown in full here)]}, {child: the parent it is shown in full under})."""
    known = {r.iri for r in recs}
    kids: dict[str, list[tuple[str, bool]]] = {}
    primaries: dict[str, str] = {}
    roots = []
    for rec in recs:
        parents = sorted((p for p in rec.links.get("broader", []) if p in known and p != rec.iri),
                         key=site.labels.sort_key)
        if not parents:
            roots.append(rec.iri)
            continue
        primary = primaries[rec.iri] = next((p for p in rec.links.get("primary", []) if p in parents), parents[0])
        for parent in parents:
            kids.setdefault(parent, []).append((rec.iri, parent == primary))
    for children in kids.values():
        children.sort(key=lambda c: site.labels.sort_key(c[0]))
    roots.sort(key=site.labels.sort_key)
    return roots, kids, primaries


def tree_html(recs: list[Record], site: Site, root: str) -> str:
    """The nested lists of `recs`' hierarchy, links relative to `root`."""
    roots, kids, primaries = _children(recs, site)
    full: set[str] = set()

    def top() -> Iterator[tuple[str, bool]]:
        yield from ((r, True) for r in roots)
        yield from ((r.iri, True) for r in recs if r.iri not in full)

    out = ['<ul class="tree">']
    stack: list[Iterator[tuple[str, bool]]] = [top()]
    path: list[str] = []
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            out.append("</ul></li>" if path else "</ul>")
            if path:
                path.pop()
            continue
        iri, whole = item
        if iri in full and len(stack) == 1:
            continue
        link = site.link(iri, root)
        if iri in path:
            out.append(f'<li>{link} <span class="mark">cycle: an ancestor of itself</span></li>')
        elif not whole or iri in full:
            primary = primaries.get(iri)
            where = f" under {esc(site.labels(primary)[0])}" if primary else ""
            out.append(f'<li>{link} <span class="mark">also listed in full{where}</span></li>')
        elif kids.get(iri):
            full.add(iri)
            out.append(f"<li>{link}<ul>")
            path.append(iri)
            stack.append(iter(kids[iri]))
        else:
            full.add(iri)
            out.append(f"<li>{link}</li>")
    return "".join(out)
