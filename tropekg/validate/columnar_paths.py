"""Property paths on validate.columns for the columnar forms of columnar_more: `start link+ target` for many
walks at once (frontier joins on strongly connected components), what lies below a class, and qSKOS hr."""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy.sparse.csgraph import breadth_first_order

from ..namespaces import SKOS
from .analyses import reaches
from .columnar_graph import _condensed, _graph, _reached
from .columns import Columns, iri, text_of
from .rules import Hit

__all__ = ["below", "hr", "reaching", "texts"]

_U32 = pl.UInt32


def texts(cols: Columns, ids: pl.Series) -> list[str]:
    """The terms of a few ids as text (labels.term_text): picked by position, as a term's id is its row in
    cols.terms (Columns.texts joins the whole table, which costs more than a few hits are worth)."""
    return [text_of(t) for t in cols.terms["term"].gather(ids).to_list()]


def reaching(walks: pl.DataFrame, up: pl.DataFrame, condensed: tuple | None = None) -> pl.Series:
    """The rows of `walks` (row, start, target: term ids) that the path `start link+ target` matches over `up`
    (child, parent: one link each), by frontier joins on its strongly connected components (columnar_graph)."""
    if walks.is_empty() or up.is_empty():
        return walks["row"].clear()
    comp, comp_up = condensed or _condensed(up)
    sizes = comp.group_by("comp").len()
    looped = up.filter(pl.col("child") == pl.col("parent"))["child"].implode()
    at = walks.join(comp.select(pl.col("node").alias("start"), pl.col("comp").alias("cs")), on="start").join(
        comp.select(pl.col("node").alias("target"), pl.col("comp").alias("ct"), pl.col("level").alias("floor")),
        on="target")
    # A path from a node back to itself: through a cycle or a link to itself (one or more steps).
    itself = at.filter(pl.col("start") == pl.col("target")).join(sizes.rename({"comp": "cs"}), on="cs").filter(
        (pl.col("len") > 1) | pl.col("start").is_in(looped))["row"]
    levels = comp.select(pl.col("comp").alias("node"), "level").unique()
    apart = at.filter(pl.col("start") != pl.col("target")).select(
        "row", pl.col("cs").alias("start"), pl.col("ct").alias("target"), "floor")
    return pl.concat([itself, _reached(apart, comp_up, levels)]).unique()


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

def _entailed_links(cols: Columns, prop: str) -> pl.DataFrame:
    """(s, o) of the triples with predicate `prop` that entailment.entail() adds: those of its sub-properties
    (the data's own and SKOS's axioms') not stated with `prop` itself."""
    subs = [iri(sub) for sub, ups in cols.super_properties.items() if prop in ups]
    if not subs:
        return pl.DataFrame(schema={"s": _U32, "o": _U32})
    found = cols.stated.filter(pl.col("p").is_in(cols.ids(subs))).select("s", "o").unique()
    return found.join(cols.with_p([prop]).select("s", "o"), on=["s", "o"], how="anti")


def _parents(cols: Columns) -> pl.DataFrame:
    """hierarchy.parents() as validate reads it (stated and entailed broader and narrower links between terms
    that are not literals) as (child, parent), each pair once."""
    literals = cols.of_kind("l").implode()
    parts = []
    for prop, a, b in ((SKOS + "narrower", "o", "s"), (SKOS + "broader", "s", "o")):
        rows = pl.concat([_entailed_links(cols, prop), cols.stated.filter(
            pl.col("p").is_in(cols.ids([iri(prop)]))).select("s", "o")])
        parts.append(rows.select(pl.col(a).alias("child"), pl.col(b).alias("parent")))
    links = pl.concat(parts).filter(~pl.col("child").is_in(literals) & ~pl.col("parent").is_in(literals))
    return links.unique(["child", "parent"], maintain_order=True)


def hr(cols: Columns) -> list[Hit]:
    """analyses.redundancy (qSKOS hr): a child's broader link to p is redundant when another of its parents, q,
    has p above it and not the other way round, neither walk passing through the child; q is the first such
    parent in code point order. A child outside every cycle lies on no path between its parents, so those walks
    are frontier joins; the children in a cycle are walked one by one, as the analysis does."""
    links = _parents(cols)
    many = links.group_by("child").len().filter(pl.col("len") > 1).select("child")
    mine = links.join(many, on="child")
    pairs = mine.join(mine.select("child", pl.col("parent").alias("q")), on="child")
    pairs = pairs.filter((pl.col("parent") != pl.col("q")) & (pl.col("parent") != pl.col("child"))
                         & (pl.col("q") != pl.col("child")))
    if pairs.is_empty():
        return []
    up = links.select("child", "parent")
    condensed = _condensed(up)
    comp = condensed[0]
    cyclic = comp.join(comp.group_by("comp").len().filter(pl.col("len") > 1), on="comp")["node"].implode()
    plain = pairs.filter(~pl.col("child").is_in(cyclic)).with_row_index("row")
    above = reaching(plain.select("row", pl.col("q").alias("start"), pl.col("parent").alias("target")), up,
                      condensed)
    plain = plain.filter(pl.col("row").is_in(above.implode()))
    below = reaching(plain.select("row", pl.col("parent").alias("start"), pl.col("q").alias("target")), up,
                      condensed)
    found = [plain.filter(~pl.col("row").is_in(below.implode())).drop("row")]
    ring = pairs.filter(pl.col("child").is_in(cyclic))
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
