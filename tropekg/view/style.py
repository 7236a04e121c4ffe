"""How each edge kind and node group looks, shared by every format so a legend means the same everywhere."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True)
class EdgeStyle:
    """One edge kind: its colour, Graphviz style and arrows, Mermaid link, and the legend's wording."""

    color: str
    dot_style: str
    dot_dir: str  # "forward" (arrow at the target), "both", "none"
    mermaid: str  # link syntax between two node ids
    legend: str


# Colours from the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies); line styles
# differ too, so the kinds stay apart in greyscale.
EDGES: dict[str, EdgeStyle] = {
    "broader": EdgeStyle("#333333", "solid", "forward", "-->", "broader (arrow to the parent)"),
    "related": EdgeStyle("#777777", "dashed", "none", "-.-", "related"),
    "contrasts": EdgeStyle("#D55E00", "dashed", "both", "<-.->", "contrasts, often confused with"),
    "counterpart": EdgeStyle("#CC79A7", "bold", "both", "<==>", "counterpart"),
    "facet": EdgeStyle("#009E73", "dotted", "forward", "-.->", "facet value"),
    "mapping": EdgeStyle("#0072B2", "dotted", "forward", "-.->", "mapping (exactMatch, ...)"),
    "theme": EdgeStyle("#E69F00", "dotted", "forward", "-.->", "explores theme"),
    "medium": EdgeStyle("#56B4E9", "dotted", "forward", "-.->", "common in medium"),
    "use": EdgeStyle("#999933", "dotted", "forward", "-.->", "narrative use"),
}

# Light fills, so black labels stay readable on every one of them.
PALETTE = ("#CFE2F3", "#FCE5CD", "#D9EAD3", "#F4CCCC", "#D9D2E9", "#FFF2CC", "#D0E0E3", "#EAD1DC",
           "#E6B8AF", "#C9DAF8", "#B6D7A8", "#FFE599")
OTHER = "#EEEEEE"
# Facet values (ellipses) by facet, stronger than the scheme fills so "who the story follows" and "consent" stand
# out as groups.
FACET_FILLS = {"perspective": "#8FD3B6", "consent": "#F6C28B", "audience": "#C3B1E1"}
FACET_FILL = "#B7E1CD"
EXTERNAL_FILL = "#FFFFFF"
# More groups than colours would make the legend useless; the rest share OTHER.
MAX_GROUPS = len(PALETTE)


def group_colors(scene: nx.MultiDiGraph, attribute: str = "scheme") -> dict[str, str]:
    """Group value -> fill colour, the most frequent groups first (ties by name), the rest OTHER."""
    counts: dict[str, int] = {}
    for _, attrs in scene.nodes(data=True):
        if attrs["role"] == "concept":
            value = attrs[attribute] or "(none)"
            counts[value] = counts.get(value, 0) + 1
    ranked = sorted(counts, key=lambda v: (-counts[v], v))
    return {value: PALETTE[i] if i < MAX_GROUPS else OTHER for i, value in enumerate(ranked)}


def node_fill(attrs: dict[str, str], colors: dict[str, str], attribute: str = "scheme") -> str:
    if attrs["role"] == "facet":
        return FACET_FILLS.get(attrs["facet"], FACET_FILL)
    if attrs["role"] == "external":
        return EXTERNAL_FILL
    return colors.get(attrs[attribute] or "(none)", OTHER)
