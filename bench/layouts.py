"""Layouts: how readable each Graphviz layout makes the bundled views, and how long each takes as a hierarchy grows.

Readability is estimated as the HTML viewer shows it: the picture fitted into its 1,040 x 855 px canvas (a
1400 x 900 window less the side panel and the header), label px = the labels' font size x that scale. Time: a synthetic
hierarchy (a chain of 3, then a fan, then a fan under every fan node) of N nodes, per engine, one run each.

    python bench/layouts.py                # both tables
    python bench/layouts.py --sizes 500,1000,2000
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import networkx as nx

import tropekg
from tropekg.view import ENGINES
from tropekg.view.graphviz import TIMEOUT_S, picture
from tropekg.view.scene import Selection, parse_kinds, select

EVERY = "broader,related,contrasts,counterpart,facet,mapping,theme,medium,use"
CANVAS = (1040, 855)


def readability() -> list[str]:
    vocab = tropekg.load()
    cases = {"overview (default)": Selection(), "--root NTR, every relation, --facets":
             Selection(["NTR"], 1, None, parse_kinds(EVERY, True)),
             "whole graph, every relation": Selection([], 1, None, parse_kinds(EVERY, True)),
             "hierarchy links only": Selection(kinds=parse_kinds("broader,related,contrasts,counterpart"))}
    scenes = {name: select(vocab, selection) for name, selection in cases.items()}
    stw = Path(__file__).resolve().parents[2] / "shared" / "vocabs" / "stw-9.16.ttl"
    if stw.exists():  # a real thesaurus: selections of about 100 nodes
        thesaurus = tropekg.load([str(stw)])
        for root in ("Economics", "Labour market", "Energy policy"):
            scenes[f"STW --root {root!r} --depth 2"] = select(thesaurus, Selection([root], 2))
    out = [f"{'selection':40} {'layout':9} {'nodes':>5} {'width x height pt':>18} {'ratio':>5} {'label px':>8}"]
    for name, scene in scenes.items():
        for layout in ENGINES:
            svg = picture(scene, "svg", legend=False, layout=layout).decode()
            w, h = map(float, re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg).groups())
            font = float(re.search(r'class="node".*?font-size="([\d.]+)"', svg, re.S).group(1))
            px = font * min(CANVAS[0] / w, CANVAS[1] / h)
            out.append(f"{name:40} {layout:9} {len(scene):5} {f'{w:.0f} x {h:.0f}':>18} {w / h:5.2f} {px:8.1f}")
    return out


def hierarchy(n: int) -> nx.MultiDiGraph:
    """c0 <- c1 <- c2, then c2's fan, then children under the fan until n nodes."""
    scene = nx.MultiDiGraph(layout="auto", roots=["c0"])
    attrs = {"role": "concept", "facet": "", "scheme": "S", "types": [], "schemes": []}
    for i in range(n):
        scene.add_node(f"c{i}", label=f"Concept number {i}", **attrs)
    parents = ["c0", "c0", "c1"] + ["c2"] * 40
    for i in range(1, n):
        parent = parents[i] if i < len(parents) else f"c{3 + (i - len(parents)) % 40}"
        scene.add_edge(f"c{i}", parent, key="broader", kind="broader")
    return scene


def timing(sizes: list[int]) -> list[str]:
    out = [f"{'nodes':>6} " + " ".join(f"{layout:>10}" for layout in ENGINES)]
    for n in sizes:
        scene = hierarchy(n)
        cells = []
        for layout in ENGINES:
            start = time.perf_counter()
            try:
                picture(scene, "svg", legend=False, layout=layout)
                cells.append(f"{time.perf_counter() - start:9.1f}s")
            except tropekg.TropekgError:
                cells.append(f">{TIMEOUT_S}s".rjust(10))
        out.append(f"{n:6} " + " ".join(cells))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,500,1000,2000,4000")
    args = parser.parse_args()
    print("\n".join(readability()))
    print()
    print("\n".join(timing([int(s) for s in args.sizes.split(",")])))


if __name__ == "__main__":
    main()
