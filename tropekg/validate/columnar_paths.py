"""Property paths on validate.columns for the columnar forms of columnar_more: `start link+ target` for many
walks at once (up the strongly connected components: columnar_graph.reached), what lies below a class, and qSKOS
hr."""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy.sparse.csgraph import breadth_first_order

from .analyses import reaches
from .columnar_graph import Dag, _graph, condense, edges, hierarchy, reached, twice
from .columnar_terms import texts
from .columns import Columns, iri
from .rules import Hit

__all__ = ["below", "hr", "reaching"]

_U32 = pl.UInt32


def reaching(walks: pl.DataFrame, up: pl.DataFrame, dag: Dag | None = None) -> pl.Series:
    """The rows of `walks` (row, start, target: term ids) that the path `start link+ target` matches over `up`
    (child, parent: one link each; `dag` its condensation when made already), walked up the strongly connected
    components (columnar_graph.reached)."""
    if walks.is_empty() or up.is_empty():
        return walks["row"].clear()
    dag = dag or condense(up)
    start, target = walks["start"].to_numpy(), walks["target"].to_numpy()
    cs, ct = dag.of(start), dag.of(target)
    inside = (cs >= 0) & (ct >= 0)
    # A path from a node back to itself: through a cycle or a link to itself (one or more steps).
    looped = np.isin(start, up.filter(pl.col("child") == pl.col("parent"))["child"].to_numpy())
    ok = inside & (start == target) & ((dag.size[cs] > 1) | looped)
    apart = inside & (start != target)
    ok[apart] = reached(dag, cs[apart], ct[apart])
    return walks["row"].filter(pl.Series(ok))


def below(cols: Columns, edges: pl.DataFrame, target: str, strict: bool) -> pl.Series:
    """The terms from which `target` (an IRI) is reached by `edges` (s -> o): `?x link+ target`, or with
    strict=False `?x link* target` (target itself too)."""
    start = cols.id(iri(target))
    if start < 0 or edges.is_empty():  # no such term: nothing is of it; no links: only the target itself
        return pl.Series([] if strict or start < 0 else [start], dtype=_U32)
    root = np.uint32(len(cols.terms))  # above the target's direct sources (strict) or the target itself
    firsts = edges.filter(pl.col("o") == start)["s"] if strict else pl.Series([start], dtype=_U32)
    if firsts.is_empty():
        return firsts
    down = pl.concat([edges.select(pl.col("o").alias("a"), pl.col("s").alias("b")),
                      pl.DataFrame({"a": pl.Series([root] * len(firsts), dtype=_U32), "b": firsts})])
    graph, nodes = _graph(down, "a", "b")
    seen = nodes[breadth_first_order(graph, int(np.searchsorted(nodes, root)), return_predecessors=False)]
    return pl.Series(seen[seen != root], dtype=_U32)


def hr(cols: Columns) -> list[Hit]:
    """analyses.redundancy (qSKOS hr): a child's broader link to p is redundant when another of its parents, q,
    has p above it and not the other way round, neither walk passing through the child; q is the first such
    parent in code point order. A child outside every cycle lies on no path between its parents, so those walks
    are walked all at once (reaching); the children in a cycle are walked one by one, as the analysis does."""
    links = edges(cols, transitive=False)
    mine = links.filter(pl.Series(twice(links["child"])))  # children of two parents or more
    pairs = mine.join(mine.select("child", pl.col("parent").alias("q")), on="child")
    pairs = pairs.filter((pl.col("parent") != pl.col("q")) & (pl.col("parent") != pl.col("child"))
                         & (pl.col("q") != pl.col("child")))
    if pairs.is_empty():
        return []
    up = links.select("child", "parent")
    dag = hierarchy(cols, transitive=False)
    cyclic = pl.Series(dag.size[dag.of(pairs["child"].to_numpy())] > 1)
    plain = pairs.filter(~cyclic).with_row_index("row")
    above = reaching(plain.select("row", pl.col("q").alias("start"), pl.col("parent").alias("target")), up, dag)
    plain = plain.filter(pl.col("row").is_in(above.implode()))
    below = reaching(plain.select("row", pl.col("parent").alias("start"), pl.col("q").alias("target")), up, dag)
    found = [plain.filter(~pl.col("row").is_in(below.implode())).drop("row")]
    ring = pairs.filter(cyclic)
    if not ring.is_empty():
        graph: dict[int, list[int]] = {}
        for child, parent in up.iter_rows():
            graph.setdefault(child, []).append(parent)
        keep = [reaches(graph, q, p, c) and not reaches(graph, p, q, c)
                for c, p, q in ring.select("child", "parent", "q").iter_rows()]
        found.append(ring.filter(pl.Series(keep, dtype=pl.Boolean)))
    found = pl.concat(found)
    named = [texts(cols, found[c]) for c in ("child", "parent", "q")]
    witness: dict[tuple[str, str], str] = {}  # the least q in code point order, as analyses.redundancy names
    for c, p, q in zip(*named, strict=True):
        if (c, p) not in witness or q < witness[c, p]:
            witness[c, p] = q
    return [Hit(c, (p,), (q,)) for (c, p), q in witness.items()]
