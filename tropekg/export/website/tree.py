"""The tree of a concept scheme: nested lists of links, any depth, written without recursion.

Each concept appears in full under one parent (tropekg.tree: its tk:primaryBroader, else the first in IRI code
point order) and as a marked reference under its other parents; a link back to an ancestor is drawn once and marked as
a cycle; concepts no top concept reaches (a cycle with no way in) start trees of their own. Without JavaScript the
lists are all open; site.js adds a toggle to each entry with children.
"""

from __future__ import annotations

from ...tree import CLOSE, CYCLE, REF, tree, walk
from ..records import Record
from .concept import Site
from .html import esc


def tree_html(recs: list[Record], site: Site, root: str) -> str:
    """The nested lists of `recs`' hierarchy (tropekg.tree: where each concept sits, one walk), links relative
    to `root`."""
    found = tree(recs, site.labels.sort_key)
    out = ['<ul class="tree">']
    for step, iri, _ in walk(found):
        if step == CLOSE:
            out.append("</ul></li>" if found.children(iri) else "")
            continue
        link = site.link(iri, root)
        if step == CYCLE:
            out.append(f'<li>{link} <span class="mark">cycle: an ancestor of itself</span></li>')
        elif step == REF:
            primary = found.home.get(iri)
            where = f" under {esc(site.labels(primary)[0])}" if primary else ""
            out.append(f'<li>{link} <span class="mark">also listed in full{where}</span></li>')
        elif found.children(iri):
            out.append(f"<li>{link}<ul>")
        else:
            out.append(f"<li>{link}</li>")
    out.append("</ul>")
    return "".join(out)
