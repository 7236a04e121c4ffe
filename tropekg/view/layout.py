"""Packing for Graphviz's layered layout: values hung below the concepts, and concepts with no drawn link, go in
boxed grids (a cluster per facet, theme, medium or scheme) instead of one long row.

`dot` puts every node of a rank on one line, so 20 facet values, themes or unlinked concepts made a 15:1 strip
whose labels were unreadable at "Fit" (issue 15). A grid of a few columns per group, stacked by invisible edges
as the legend's rows are, keeps the picture within 1:3..3:1 (tests/test_view_html.py measures it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

# Kinds whose target hangs below the concept (written target -> source with dir=back, rankdir=BT): the values a
# concept has, as opposed to links between concepts. Only these and `broader` decide the layers.
HANG_KINDS = ("facet", "theme", "medium", "use", "mapping")
_GROUP_TITLES = {"facet": "{facet}", "theme": "Themes", "medium": "Media", "use": "Narrative uses",
                 "mapping": "Mappings"}
# Columns of a grid for n nodes: boxes are about three times wider than a rank is tall, so sqrt(n / 1.5)
# columns give a grid about as wide as high; never more than 8, so no grid is itself a strip.
MAX_COLUMNS = 8
# A parent with at least this many leaf children gets them in a grid.
MIN_FAN = 6


def columns(n: int) -> int:
    return max(1, min(MAX_COLUMNS, math.ceil(math.sqrt(n / 1.5))))


def groups(scene: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Group title -> its nodes (sorted by label): hung values by the kind of link that hangs them (facet values
    by facet), the leaves of wide fans by parent, then nodes with no drawn link by scheme. Nodes with any other
    link stay where dot puts them."""
    hung: dict[str, set[str]] = {}
    linked = set()
    for a, b, kind in scene.edges(keys=True):
        if kind == "broader" or kind not in HANG_KINDS:
            linked |= {a, b}
    for _, b, kind in scene.edges(keys=True):
        if kind in HANG_KINDS and b not in linked:
            attrs = scene.nodes[b]
            title = _GROUP_TITLES[kind].format(facet=(attrs.get("facet") or "facet").capitalize())
            hung.setdefault(title, set()).add(b)
    # The childless children of a wide fan, linked to nothing else, in a grid under their parent (as unflatten -l
    # staggers them): one rank of 40 siblings is a strip too.
    fans: dict[str, set[str]] = {}
    for a, b, kind in scene.edges(keys=True):
        if kind == "broader" and a != b and scene.degree(a) == 1:
            fans.setdefault(b, set()).add(a)
    for parent, leaves in fans.items():
        if len(leaves) >= MIN_FAN:
            hung[f"Under {scene.nodes[parent]['label']}"] = leaves
    placed = set().union(*hung.values()) if hung else set()
    for node, attrs in scene.nodes(data=True):
        if node not in linked and node not in placed and scene.degree(node) == 0:
            hung.setdefault(attrs.get("scheme") or "Other", set()).add(node)
    by_label = {title: sorted(nodes, key=lambda n: (scene.nodes[n]["label"].casefold(), n))
                for title, nodes in hung.items()}
    # A node hung by two kinds stays in the first group only.
    seen: set[str] = set()
    out = {}
    for title in sorted(by_label):
        members = [n for n in by_label[title] if n not in seen]
        seen |= set(members)
        if len(members) > 1:
            out[title] = members
    return out


@dataclass
class Block:
    """A boxed group in the DOT text: its top-left and bottom-left node ids and its estimated size in points."""

    top: str
    bottom: str
    width: float
    height: float


# Size estimates in points for `stack`: 11 pt labels are about 6.5 pt a character, plus the box margins and
# nodesep; a rank is a box (two lines at most) plus ranksep.
_CHAR_PT, _BOX_PT, _RANK_PT = 6.5, 34.0, 72.0


def label_width(label: str) -> float:
    return min(len(label), 22) * _CHAR_PT + _BOX_PT


def grid(members: list[str]) -> list[list[str]]:
    """The rows of a group's grid: `columns(n)` nodes each, in label order."""
    width = columns(len(members))
    return [members[j:j + width] for j in range(0, len(members), width)]


def block(scene: nx.MultiDiGraph, rows: list[list[str]], ids: dict[str, str]) -> Block:
    """The Block of a grid: its first and last rows' first nodes, and its estimated size."""
    widest = max(sum(label_width(scene.nodes[n]["label"]) for n in row) for row in rows)
    return Block(ids[rows[0][0]], ids[rows[-1][0]], widest, len(rows) * _RANK_PT + 30)


def main_size(scene: nx.MultiDiGraph, packed_nodes: set[str]) -> tuple[float, float]:
    """The estimated size of what dot lays out freely (the hierarchy and its other links): ranks by longest path
    over broader links, each rank as wide as its labels."""
    free = [n for n in scene.nodes if n not in packed_nodes]
    if not free:
        return 0.0, 0.0
    tree = nx.DiGraph()
    tree.add_nodes_from(free)
    tree.add_edges_from((a, b) for a, b, kind in scene.edges(keys=True) if kind == "broader" and a in tree and b in tree
                        and a != b)
    rank: dict[str, int] = {}
    order = list(nx.topological_sort(tree)) if nx.is_directed_acyclic_graph(tree) else sorted(free)
    for node in reversed(order):  # parents first: a child is one rank below its lowest parent
        rank[node] = max((rank.get(p, 0) + 1 for p in tree.successors(node)), default=0)
    widths: dict[int, float] = {}
    for node, r in rank.items():
        widths[r] = widths.get(r, 0.0) + label_width(scene.nodes[node]["label"])
    return max(widths.values()), (max(rank.values()) + 1) * _RANK_PT


def stack(blocks: list[Block], main: tuple[float, float], target: float = 1.5) -> list[str]:
    """Invisible edges that put the blocks in a few stacks side by side, below the hierarchy, choosing the number
    of stacks whose estimated picture is closest to `target` (width / height)."""
    if len(blocks) < 2:
        return []
    ordered = sorted(blocks, key=lambda b: -b.height)
    best: tuple[float, list[list[Block]]] | None = None
    for count in range(1, len(blocks) + 1):
        stacks: list[list[Block]] = [[] for _ in range(count)]
        for block in ordered:  # the tallest first, each onto the lowest stack so far
            min(stacks, key=lambda st: sum(b.height for b in st)).append(block)
        width = max(main[0], sum(max((b.width for b in st), default=0) + 20 for st in stacks))
        height = main[1] + max(sum(b.height for b in st) for st in stacks)
        score = abs(math.log(width / height / target))
        if best is None or score < best[0]:
            best = (score, stacks)
    assert best is not None
    # BT: the lower block's top row is the tail of an invisible edge to the upper block's bottom row.
    return [f"  {lower.top} -> {upper.bottom} [style=invis, minlen=1];"
            for st in best[1] for upper, lower in zip(st, st[1:], strict=False)]
