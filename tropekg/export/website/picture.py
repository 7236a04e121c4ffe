"""The picture of a concept's neighbourhood on its page: an SVG drawn by the view code's DOT and Graphviz.

Graphviz's start-up outweighs a small layout, so the pictures are drawn BATCH at a time: one `dot` run reads
many graphs and writes one SVG document per graph, in order. A picture holds at most MAX_NODES nodes (the
concept, its broader and narrower concepts, its trope links, its facet values) and every node but the concept
itself is a link to its page. Even batched, the pictures are most of the export's time (DEVELOPERS.md has the
figures), so the site draws them only for vocabularies of at most MAX_CONCEPTS concepts, and only when
Graphviz is installed (the pages are whole without them).
"""

from __future__ import annotations

import re
import shutil

import networkx as nx

from ...model import FACETS
from ...view.dot import to_dot
from ...view.graphviz import run
from ..records import Record
from .concept import Site
from .html import esc
from .paths import href

MAX_NODES = 25
MAX_CONCEPTS = 10_000
BATCH = 400
# (edge kind in view.style.EDGES, where the IRIs are, key); the first kinds win when the picture is full.
_NEIGHBOURS = (("broader", "broader"), ("narrower", "narrower"), ("counterpart", "counterparts"),
               ("contrasts", "contrastsWith"), ("related", "related"))
_NODE = re.compile(r'^  (n\d+) \[id="n\d+", ', re.M)


def _scene(rec: Record, site: Site, by_iri: dict[str, Record]) -> nx.MultiDiGraph:
    scene = nx.MultiDiGraph()

    def add(iri: str, role: str = "concept", facet: str = "") -> bool:
        if iri not in scene and len(scene) >= MAX_NODES:
            return False
        schemes = by_iri[iri].schemes if iri in by_iri else []
        scene.add_node(iri, label=site.labels(iri)[0], role=role, facet=facet,
                       scheme=site.labels(schemes[0])[0] if schemes else "")
        return True

    add(rec.iri)
    for kind, key in _NEIGHBOURS:
        for other in sorted(rec.links.get(key, []), key=site.labels.sort_key):
            if kind == "related" and other in scene:
                continue  # a more specific link says it already (tk:contrastsWith is a skos:related), as in view
            if add(other):
                edge = (other, rec.iri) if kind == "narrower" else (rec.iri, other)
                scene.add_edge(*edge, key="broader" if kind == "narrower" else kind)
    for name in FACETS:
        for value in rec.facets.get(name, []):
            if add(value, "facet", name):
                scene.add_edge(rec.iri, value, key="facet")
    return scene


def _linked(dot: str, scene: nx.MultiDiGraph, center: str, site: Site, root: str) -> str:
    """The DOT with an href on every node that has a page (Graphviz writes it as an SVG link)."""
    ids = {f"n{i}": iri for i, iri in enumerate(sorted(scene.nodes))}

    def link(m: re.Match[str]) -> str:
        iri = ids[m.group(1)]
        path = site.paths.get(iri)
        if iri == center or path is None:
            return m.group(0)
        return f'{m.group(0)}href="{root}{href(path)}.html", target="_top", '

    return _NODE.sub(link, dot)


def pictures(recs: list[Record], site: Site) -> dict[str, str]:
    """{concept IRI: a section with the inline SVG of its neighbourhood}; none above MAX_CONCEPTS concepts,
    without Graphviz, or for a concept with no neighbour."""
    if len(recs) > MAX_CONCEPTS or shutil.which("dot") is None:
        return {}
    by_iri = {r.iri: r for r in recs}
    graphs = []
    for rec in recs:
        scene = _scene(rec, site, by_iri)
        if len(scene) > 1:
            root = "../" * site.paths[rec.iri].count("/")
            graphs.append((rec.iri, _linked(to_dot(scene, legend=False, pack=False), scene, rec.iri, site, root)))
    out = {}
    for start in range(0, len(graphs), BATCH):
        batch = graphs[start : start + BATCH]
        svgs = run(["dot", "-Tsvg"], "".join(dot for _, dot in batch), "site").decode("utf-8").split("<?xml")[1:]
        for (iri, _), svg in zip(batch, svgs, strict=True):
            body = re.sub(r"<!--.*?-->\n?", "", svg[svg.index("<svg"):], flags=re.S)
            label = esc(f"The neighbourhood of {site.labels(iri)[0]}")
            body = body.replace("<svg ", f'<svg role="group" aria-label="{label}" ', 1)
            out[iri] = ('<section aria-labelledby="h-picture"><h2 id="h-picture">Neighbourhood</h2>'
                        f'<div class="picture">{body}</div></section>')
    return out
