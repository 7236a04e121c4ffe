"""The file formats of a scene: DOT, GraphML, GEXF, Mermaid, and the SVG and PNG pictures Graphviz makes."""

from __future__ import annotations

import io

import networkx as nx

from ..output.sinks import shown, shown_all
from .dot import node_ids, to_dot
from .graphviz import picture
from .style import EDGES, group_colors, node_fill


def dot(scene: nx.MultiDiGraph) -> bytes:
    return to_dot(scene).encode("utf-8")


def svg(scene: nx.MultiDiGraph) -> bytes:
    return picture(scene, "svg")


def png(scene: nx.MultiDiGraph) -> bytes:
    # 2x the default 72 dpi, so text stays sharp on high-density screens and in READMEs.
    return picture(scene, "png", dpi=144)


def flat(scene: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all strings, as GraphML and GEXF need: lists of CURIEs joined by spaces, lists
    of labels by " | "; what a page cannot show as U+FFFD, which also keeps the XML well-formed (output.sinks)."""
    out = nx.MultiDiGraph()
    for iri, attrs in scene.nodes(data=True):
        out.add_node(iri, **{key: shown(" ".join(v) if key in ("types", "schemes") else " | ".join(v))
                             if isinstance(v, list) else shown_all(v) for key, v in attrs.items()})
    out.add_edges_from(scene.edges(keys=True, data=True))
    return out


def graphml(scene: nx.MultiDiGraph) -> bytes:
    """GraphML for yEd, Cytoscape and Gephi: every node attribute as a string key, edges keyed by their kind."""
    buffer = io.BytesIO()
    nx.write_graphml(flat(scene), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def gexf(scene: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 for Gephi, without the writer's "last modified" date (same input, same bytes)."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    writer.add_graph(flat(scene))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# Characters that stand for themselves inside a quoted Mermaid label; every other character is written as an
# entity code `#NNN;` (Mermaid's own escape, "Entity codes to escape characters"), so `"`, `]`, `|`, `<`, `;`
# and newlines can neither close a node nor start a link, and `<script>` is shown as text.
_SAFE = frozenset(" ,.:/()'?!-")


def mermaid_text(text: str) -> str:
    """`text` for inside a double-quoted Mermaid label (what a page cannot show as U+FFFD: tropekg.output.sinks)."""
    return "".join(ch if ch.isalnum() or ch in _SAFE else f"#{ord(ch)};" for ch in shown(text))


def mermaid(scene: nx.MultiDiGraph) -> bytes:
    """A Mermaid flowchart (GitHub, GitLab, Obsidian): parents above children, a class per colour group."""
    ids = node_ids(scene)
    colors = group_colors(scene)
    lines = ["flowchart BT"]
    classes: dict[str, list[str]] = {}
    for iri, attrs in scene.nodes(data=True):
        open_, close = ('(["', '"])') if attrs["role"] == "facet" else ('["', '"]')
        lines.append(f"  {ids[iri]}{open_}{mermaid_text(attrs['label'])}{close}")
        classes.setdefault(node_fill(attrs, colors), []).append(ids[iri])
    for a, b, kind in sorted(scene.edges(keys=True), key=lambda e: (ids[e[0]], ids[e[1]], e[2])):
        link = EDGES[kind].mermaid
        text = "" if kind == "broader" else f"|{kind}|"
        lines.append(f"  {ids[a]} {link}{text} {ids[b]}")
    for i, (fill, members) in enumerate(sorted(classes.items())):
        lines.append(f"  classDef c{i} fill:{fill},stroke:#555555,color:#000000")
        lines.append(f"  class {','.join(members)} c{i}")
    return ("\n".join(lines) + "\n").encode("utf-8")
