"""Graphviz: the DOT text of a scene, and pictures (SVG, PNG, layout for HTML) made by running Graphviz's `dot`."""

from __future__ import annotations

import re

import networkx as nx

from ..output.sinks import shown
from .style import EDGES, EXTERNAL_FILL, OTHER, group_colors, node_fill

FONT = "DejaVu Sans,Helvetica,Arial,sans-serif"


def dot_string(text: str) -> str:
    """`text` as a DOT quoted string that Graphviz shows literally: backslash would start an escape such as \\N
    (the node name) and `&` an HTML entity (Graphviz resolves entities in labels), so both are escaped; what a
    page cannot show becomes U+FFFD and tab and line breaks spaces (tropekg.output.sinks)."""
    return '"' + _escape(text) + '"'


_SPACES = str.maketrans("\t\n\r\x85\u2028\u2029", "      ")
_QUOTED = re.compile(r'[\\"&]')


def _escape(text: str) -> str:
    # What shown() replaces and _SPACES turns into spaces are all controls, separators or noncharacters, which
    # str.isprintable() refuses: most labels pass this one scan and are returned as they are.
    if text.isprintable() and not _QUOTED.search(text):
        return text
    clean = shown(text).translate(_SPACES)
    return clean.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


def node_ids(scene: nx.MultiDiGraph) -> dict[str, str]:
    """IRI -> a short id (n0, n1, ... in IRI order), used by DOT, Mermaid and the HTML viewer alike."""
    return {iri: f"n{i}" for i, iri in enumerate(sorted(scene.nodes))}


def _wrap(label: str, width: int = 22) -> str:
    """A long label on several lines, so layered layouts stay narrow."""
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def to_dot(scene: nx.MultiDiGraph, legend: bool = True, pack: bool = True, fontsize: int = 11) -> str:
    """The scene as a DOT digraph: parents above children, other links not constraining the layers."""
    from .layout import groups, main_size, stack

    ids = node_ids(scene)
    colors = group_colors(scene)
    # Crossing minimisation dominates dot's time on big graphs, so large ones search less (mclimit); small
    # pictures keep the full search.
    tuning = ", mclimit=0.2" if len(scene) > 500 else ""
    out = ["digraph tropekg {",
           f'  graph [rankdir=BT, fontname="{FONT}", nodesep=0.25, ranksep=0.5, newrank=true, '
           f'bgcolor="white", pad=0.2{tuning}];',
           f'  node [shape=box, style="rounded,filled", fontname="{FONT}", fontsize={fontsize}, color="#555555", '
           'margin="0.08,0.04"];',
           f'  edge [fontname="{FONT}", fontsize=9, arrowsize=0.7];']
    for iri, attrs in scene.nodes(data=True):
        shape = {"facet": ", shape=ellipse", "external": ", shape=note"}.get(attrs["role"], "")
        label = '"' + "\\n".join(_escape(line) for line in _wrap(attrs["label"]).split("\n")) + '"'
        out.append(f'  {ids[iri]} [id="{ids[iri]}", label={label}, tooltip={dot_string(iri)}, '
                   f'fillcolor="{node_fill(attrs, colors)}"{shape}];')
    homes = scene.graph.get("homes", {})
    for i, (a, b, kind) in enumerate(edge_list(scene, ids)):
        out.append(f"  {_edge(ids[a], ids[b], kind, f'e{i}', homes.get(a, b) == b)}")
    packs = groups(scene) if pack else {}  # computed once: the clusters and main_size both need them
    lines, blocks = packed(scene, ids, packs) if pack else ([], [])
    out.extend(lines)
    if legend:
        out.extend(_legend(scene, colors))
        out.extend(_legend_below(scene, ids))
    if pack:
        out.extend(stack(blocks, main_size(scene, set().union(*packs.values()))))
    out.append("}")
    return "\n".join(out) + "\n"


# Up to this many nodes the legend is tied below every lowest node (one invisible edge each), so it sits under the
# picture instead of widening it; beyond, the extra edges would add to dot's crossing minimisation.
LEGEND_BELOW_MAX = 300


def _legend_below(scene: nx.MultiDiGraph, ids: dict[str, str]) -> list[str]:
    """Invisible edges from the legend's top row to every node that has nothing drawn below it (rankdir=BT)."""
    from .layout import HANG_KINDS

    if len(scene) > LEGEND_BELOW_MAX or not len(scene):
        return []
    above = {b if kind == "broader" else a for a, b, kind in scene.edges(keys=True)
             if kind == "broader" or kind in HANG_KINDS}
    top = "lga0" if scene.number_of_edges() else "lgs0"
    return [f"  {top} -> {ids[n]} [style=invis];" for n in sorted(scene, key=lambda n: ids[n]) if n not in above]


def packed(scene: nx.MultiDiGraph, ids: dict[str, str], packs: dict) -> tuple[list[str], list]:
    """DOT lines: a cluster per layout group (`packs`, layout.groups of the scene), its nodes in grid rows, rows
    stacked by invisible edges; and the clusters as layout Blocks for layout.stack."""
    from .layout import block, grid

    out, blocks = [], []
    for i, (title, members) in enumerate(packs.items()):
        rows = grid(members)
        out.append(f"  subgraph cluster_pack{i} {{")
        out.append(f'    label={dot_string(title)}; fontsize=12; style="rounded,dashed"; color="#BBBBBB";')
        out += [f"    {{ rank=same; {'; '.join(ids[n] for n in row)}; }}" for row in rows]
        # BT: each later row is the tail of an invisible edge to the row above, as the legend stacks its rows.
        out += [f"    {ids[lower[0]]} -> {ids[upper[0]]} [style=invis];"
                for upper, lower in zip(rows, rows[1:], strict=False)]
        out.append("  }")
        blocks.append(block(scene, rows, ids))
    return out, blocks


def edge_list(scene: nx.MultiDiGraph, ids: dict[str, str]) -> list[tuple[str, str, str]]:
    """(source IRI, target IRI, kind) in drawing order; edge i has the id e<i> in DOT, SVG and the HTML data."""
    return sorted(scene.edges(keys=True), key=lambda e: (int(ids[e[0]][1:]), int(ids[e[1]][1:]), e[2]))


def _edge(a: str, b: str, kind: str, edge_id: str, home: bool = True) -> str:
    """One DOT edge. Only the hierarchy and the values a concept has (HANG_KINDS) decide the layers: a value is
    written target -> source with the arrow turned round, so it hangs below its concept (rankdir=BT); the other
    links are drawn where the nodes land, and so is a broader link to a parent that is not the concept's `home`
    in the tree (tropekg.tree), so the layers follow the tree every other output shows."""
    from .layout import HANG_KINDS

    style = EDGES[kind]
    attrs = f'id="{edge_id}", class="k-{kind}", color="{style.color}", style={style.dot_style}'
    if kind in HANG_KINDS:
        return f"{b} -> {a} [{attrs}, dir=back];"
    constraint = "" if kind == "broader" and home else ", constraint=false"
    return f"{a} -> {b} [{attrs}, dir={style.dot_dir}{constraint}];"


def _legend(scene: nx.MultiDiGraph, colors: dict[str, str], fontsize: int = 10) -> list[str]:
    """A boxed legend below the picture: a sample line per edge kind present, then a swatch per node colour, in
    rows of three (rank=same puts a row on one line; invisible edges stack the rows)."""
    kinds = sorted({k for _, _, k in scene.edges(keys=True)}, key=list(EDGES).index)
    rows: list[list[str]] = []
    out = ['  subgraph cluster_legend {', f'    label="Legend"; fontsize={fontsize + 2}; style="rounded"; '
           'color="#999999";', f'    node [shape=plaintext, style="", fontsize={fontsize}, margin=0.02];']
    for i, kind in enumerate(kinds):
        style = EDGES[kind]
        out.append(f'    lga{i} [label="", shape=point, width=0.01]; lgb{i} [label={dot_string(style.legend)}];')
        out.append(f'    lga{i} -> lgb{i} [color="{style.color}", style={style.dot_style}, dir={style.dot_dir}, '
                   'minlen=1];')
        if i % 3 == 0:
            rows.append([])
        rows[-1] += [f"lga{i}", f"lgb{i}"]
    swatches = [(f"scheme: {value}", fill, "box") for value, fill in colors.items() if fill != OTHER]
    if any(fill == OTHER for fill in colors.values()):
        swatches.append(("other schemes", OTHER, "box"))
    facets = sorted({attrs["facet"] for _, attrs in scene.nodes(data=True) if attrs["role"] == "facet"})
    swatches += [(f"{name} value", node_fill({"role": "facet", "facet": name}, colors), "ellipse")
                 for name in facets]
    if "external" in {attrs["role"] for _, attrs in scene.nodes(data=True)}:
        swatches.append(("outside the vocabulary", EXTERNAL_FILL, "note"))
    for j, (value, fill, shape) in enumerate(swatches):
        out.append(f'    lgs{j} [label={dot_string(value)}, shape={shape}, style="rounded,filled", '
                   f'fillcolor="{fill}", margin="0.08,0.03"];')
        if j % 4 == 0:
            rows.append([])
        rows[-1].append(f"lgs{j}")
    for row in rows:
        out.append(f"    {{ rank=same; {'; '.join(row)}; }}")
    # BT: the first row is the top one, so each later row is the tail of an invisible edge to the row above.
    out += [f"    {lower[0]} -> {upper[0]} [style=invis];" for upper, lower in zip(rows, rows[1:], strict=False)]
    out.append("  }")
    return out


def legend_dot(scene: nx.MultiDiGraph, fontsize: int = 10) -> str:
    """The legend alone as a DOT graph, for pictures whose layout engine ignores clusters (graphviz.picture)."""
    lines = _legend(scene, group_colors(scene), fontsize)
    head = [f'  graph [rankdir=BT, fontname="{FONT}", nodesep=0.25, ranksep=0.5, newrank=true, bgcolor="white"];',
            f'  node [fontname="{FONT}", color="#555555"];', f'  edge [fontname="{FONT}", arrowsize=0.7];']
    return "\n".join(["digraph legend {", *head, *lines, "}"]) + "\n"
