"""validate.analyses' hierarchy analyses (chr's cycles, dcc's clusters, unreachable, S27's clashes) on
validate.columns, with scipy.sparse.csgraph for components and frontier joins for reachability."""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import breadth_first_order, connected_components

from ..namespaces import SKOS
from .columns import DEPRECATED, TRUE, TYPE, Columns, iri, text_of
from .rules import Hit

__all__ = ["clashes", "clusters", "cycles", "unreachable", "valueless"]


def edges(cols: Columns, transitive: bool) -> pl.DataFrame:
    """hierarchy.parents() as (child, parent) id pairs over the stated and entailed triples, as validate reads
    it (model.HIERARCHY_EDGES, or _TRANSITIVE: broaderTransitive links too), each pair once; made once."""
    return cols.memo(f"edges.{transitive}", lambda: _edges(cols, transitive))


def _edges(cols: Columns, transitive: bool) -> pl.DataFrame:
    up = ["broader", "broaderTransitive"] if transitive else ["broader"]
    down = ["narrower", "narrowerTransitive"] if transitive else ["narrower"]
    pairs = pl.concat([
        cols.with_p([SKOS + p for p in up], union=True).select(pl.col("s").alias("child"), pl.col("o").alias("parent")),
        cols.with_p([SKOS + p for p in down], union=True).select(pl.col("o").alias("child"),
                                                                  pl.col("s").alias("parent"))])
    literals = cols.of_kind("l").implode()
    return pairs.filter(~pl.col("child").is_in(literals) & ~pl.col("parent").is_in(literals)).unique()


def _groups(cols: Columns, labels: np.ndarray, nodes: np.ndarray) -> list[list[str]]:
    """The members (as text) of each label of `labels` (one per node) with more than one node."""
    frame = pl.DataFrame({"label": labels, "id": nodes.astype(np.uint32)})
    sizes = frame.group_by("label").len().filter(pl.col("len") > 1)
    frame = frame.join(sizes, on="label")
    texts = [text_of(t) for t in cols.texts(frame["id"])]
    groups: dict[int, list[str]] = {}
    for label, text in zip(frame["label"].to_list(), texts, strict=True):
        groups.setdefault(label, []).append(text)
    return [sorted(g) for g in groups.values()]


def _graph(pairs: pl.DataFrame, a: str, b: str) -> tuple[coo_matrix, np.ndarray]:
    """A sparse adjacency of the pairs' ends (numbered by np.unique) and the term id of each node."""
    nodes, index = np.unique(np.concatenate([pairs[a].to_numpy(), pairs[b].to_numpy()]), return_inverse=True)
    n, m = len(nodes), pairs.height
    graph = coo_matrix((np.ones(m, dtype=np.int8), (index[:m], index[m:])), shape=(n, n))
    return graph, nodes


def cycles(cols: Columns) -> list[Hit]:
    """analyses.cycles (qSKOS chr): each strongly connected component of more than one node."""
    pairs = edges(cols, transitive=True)
    if pairs.is_empty():
        return []
    graph, nodes = _graph(pairs, "child", "parent")
    _, labels = connected_components(graph, directed=True, connection="strong")
    return [Hit(g[0], tuple(g[1:]), n=len(g), group=True) for g in _groups(cols, labels, nodes)]


def clusters(cols: Columns) -> list[Hit]:
    """analyses.clusters (qSKOS dcc): components over the hierarchy and skos:related links between IRIs; every
    one of more than one node, when there are two or more."""
    iris = cols.of_kind("i").implode()
    related = cols.with_p([SKOS + "related"], union=True).filter(pl.col("s").is_in(iris) & pl.col("o").is_in(iris))
    pairs = pl.concat([edges(cols, transitive=True), related.select(pl.col("s").alias("child"),
                                                                    pl.col("o").alias("parent"))])
    if pairs.is_empty():
        return []
    graph, nodes = _graph(pairs, "child", "parent")
    _, labels = connected_components(graph, directed=False)
    found = _groups(cols, labels, nodes)
    return [Hit(g[0], tuple(g[1:]), n=len(g), group=True) for g in found] if len(found) > 1 else []


def unreachable(cols: Columns) -> list[Hit]:
    """analyses.reachability on unreachable.rq's rows: IRI concepts (not deprecated) below no top concept, when
    the data names top concepts."""
    union, iris = cols.union, cols.of_kind("i")
    tops = pl.concat([cols.with_p([SKOS + "topConceptOf"], union=True)["s"],
                      cols.with_p([SKOS + "hasTopConcept"], union=True)["o"]]).unique()
    tops = tops.filter(tops.is_in(iris.implode()))
    if tops.is_empty():
        return []
    typed = union.filter((pl.col("p") == cols.id(TYPE)) & (pl.col("o") == cols.id(iri(SKOS + "Concept"))))
    deprecated = union.filter((pl.col("p") == cols.id(DEPRECATED)) & (pl.col("o") == cols.id(TRUE)))["s"]
    concepts = typed["s"].unique()
    concepts = concepts.filter(concepts.is_in(iris.implode()) & ~concepts.is_in(deprecated.implode()))
    pairs = edges(cols, transitive=False)
    root = np.uint32(len(cols.terms))  # one node above every top concept: one search reaches all
    pairs = pl.concat([pairs, pl.DataFrame({"child": tops, "parent": pl.Series([root] * len(tops), dtype=pl.UInt32)})])
    graph, nodes = _graph(pairs, "parent", "child")
    seen = nodes[breadth_first_order(graph, int(np.searchsorted(nodes, root)), directed=True,
                                     return_predecessors=False)]
    found = concepts.filter(~concepts.is_in(pl.Series(seen, dtype=pl.UInt32).implode()))
    return [Hit(t) for t in sorted(text_of(t) for t in cols.texts(found))]


def clashes(cols: Columns) -> list[Hit]:
    """analyses.clashes (SKOS S27): each skos:related statement between two different IRIs of which one is
    above the other in the hierarchy (transitive links included). Walked on the condensation (strongly connected
    components), from every statement at once by frontier joins; as analyses.layers does, a level that cannot
    lead up to the target is not followed."""
    iris = cols.of_kind("i").implode()
    rows = cols.with_p([SKOS + "related"], union=True).filter(
        pl.col("s").is_in(iris) & pl.col("o").is_in(iris) & (pl.col("s") != pl.col("o")))
    rows = rows.select(pl.col("s").alias("a"), pl.col("o").alias("b")).with_row_index("row")
    up = edges(cols, transitive=True)
    if rows.is_empty() or up.is_empty():
        return []
    comp, comp_up = _condensed(up)
    levels = comp.select(pl.col("comp").alias("node"), "level").unique()
    at = rows.join(comp.rename({"node": "a", "comp": "ca", "level": "la"}), on="a").join(
        comp.rename({"node": "b", "comp": "cb", "level": "lb"}), on="b")
    above = _reached(at.select("row", pl.col("ca").alias("start"), pl.col("cb").alias("target"),
                               pl.col("lb").alias("floor")), comp_up, levels)
    below = _reached(at.filter(~pl.col("row").is_in(above.implode())).select(
        "row", pl.col("cb").alias("start"), pl.col("ca").alias("target"), pl.col("la").alias("floor")), comp_up, levels)
    found = rows.filter(pl.col("row").is_in(pl.concat([above, below]).implode())).with_columns(
        pl.when(pl.col("row").is_in(above.implode())).then(pl.lit("ancestor (skos:broaderTransitive)"))
        .otherwise(pl.lit("descendant (skos:narrowerTransitive)")).alias("value"))
    a, b = cols.texts(found["a"]), cols.texts(found["b"])
    return [Hit(text_of(x), (text_of(y),), (v,)) for x, y, v in zip(a, b, found["value"].to_list(), strict=True)]


def _condensed(up: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each node's strongly connected component and its level (0 for a component with no parent, else 1 + the
    highest level above), and the links between components (child, parent)."""
    graph, nodes = _graph(up, "child", "parent")
    n, labels = connected_components(graph, directed=True, connection="strong")
    comp = pl.DataFrame({"node": nodes.astype(np.uint32), "comp": labels.astype(np.uint32)})
    links = up.join(comp.rename({"node": "child", "comp": "c"}), on="child").join(
        comp.rename({"node": "parent", "comp": "p"}), on="parent").filter(pl.col("c") != pl.col("p"))
    links = links.select(pl.col("c").alias("child"), pl.col("p").alias("parent")).unique()
    child, parent = links["child"].to_numpy(), links["parent"].to_numpy()
    waiting = np.bincount(child, minlength=n).tolist()
    order = np.argsort(parent, kind="stable")
    below, starts = child[order].tolist(), np.searchsorted(parent[order], np.arange(n + 1)).tolist()
    level = [0] * n
    todo = [i for i in range(n) if not waiting[i]]
    while todo:  # Kahn's order on the condensation, a DAG
        node = todo.pop()
        for c in below[starts[node]:starts[node + 1]]:
            level[c] = max(level[c], level[node] + 1)
            waiting[c] -= 1
            if not waiting[c]:
                todo.append(c)
    return comp.with_columns(pl.Series("level", level, dtype=pl.UInt32).gather(comp["comp"])), links


def _reached(walks: pl.DataFrame, up: pl.DataFrame, levels: pl.DataFrame) -> pl.Series:
    """The rows of `walks` (row, start, target, floor: the target's level; components) whose target is above
    their start: the same component, or one or more up-links away."""
    found = [walks.filter(pl.col("start") == pl.col("target"))["row"]]
    frontier = walks.filter(pl.col("start") != pl.col("target"))
    frontier = frontier.join(up, left_on="start", right_on="child").select("row", "target", "floor",
                                                                           pl.col("parent").alias("node"))
    seen = frontier.select("row", "node").clear()
    while not frontier.is_empty():
        hit = frontier.filter(pl.col("node") == pl.col("target"))["row"].unique()
        found.append(hit)
        frontier = frontier.join(levels, on="node").filter(
            ~pl.col("row").is_in(hit.implode()) & (pl.col("level") > pl.col("floor"))).drop("level")
        frontier = frontier.join(seen, on=["row", "node"], how="anti").unique()
        seen = pl.concat([seen, frontier.select("row", "node")])
        frontier = frontier.join(up, left_on="node", right_on="child").select(
            "row", "target", "floor", pl.col("parent").alias("node"))
    return pl.concat(found).unique()


def _named(cols: Columns, frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """`frame` with `column`'s terms (IRIs or blank nodes) as text (labels.term_text) in `column`_text."""
    term = pl.col("term")
    text = pl.when(term.str.starts_with("<")).then(term.str.slice(1, term.str.len_chars() - 2)).otherwise(term)
    names = cols.terms.select(pl.col("id").alias(column), text.alias(f"{column}_text"))
    return frame.join(names, on=column, how="left")


def valueless(cols: Columns) -> list[Hit]:
    """analyses.valueless (qSKOS var): skos:related pairs that share a broader or a narrower concept; each pair
    once, oriented as stated (the lesser first when stated both ways), the least witness, pairs also linked by a
    sub-property of skos:related outside SKOS kept."""
    rows = cols.with_p([SKOS + "related"], union=True).filter(
        ~pl.col("o").is_in(cols.of_kind("l").implode()) & (pl.col("s") != pl.col("o")))
    rows = _named(cols, _named(cols, rows.select(pl.col("s").alias("a"), pl.col("o").alias("b")), "a"), "b")
    if rows.is_empty():
        return []
    swap = pl.col("a_text") > pl.col("b_text")
    rows = rows.with_columns(pl.when(swap).then(pl.col("b")).otherwise(pl.col("a")).alias("lo"),
                             pl.when(swap).then(pl.col("a")).otherwise(pl.col("b")).alias("hi"))
    # Stated both ways: the lesser first (the row not swapped); else as stated.
    rows = rows.sort(swap.cast(pl.UInt8)).unique(["lo", "hi"], keep="first")
    up = edges(cols, transitive=True)
    above = rows.join(up, left_on="lo", right_on="child").join(
        up, left_on=["hi", "parent"], right_on=["child", "parent"]).select("lo", "hi", pl.col("parent").alias("w"))
    both = up.join(up, on="child").filter(pl.col("parent") != pl.col("parent_right"))
    below = rows.join(both, left_on=["lo", "hi"], right_on=["parent", "parent_right"]).select(
        "lo", "hi", pl.col("child").alias("w"))
    meets = _named(cols, pl.concat([above, below]), "w").group_by("lo", "hi").agg(pl.col("w_text").min())
    found = rows.join(meets, on=["lo", "hi"])
    subs = [iri(sub) for sub, ups in cols.super_properties.items()
            if SKOS + "related" in ups and not sub.startswith(SKOS)]
    if subs:
        own = cols.stated.filter(pl.col("p").is_in(cols.ids(subs)))
        own = pl.concat([own.select("s", "o"), own.select(pl.col("o").alias("s"), pl.col("s").alias("o"))])
        found = found.join(own, left_on=["a", "b"], right_on=["s", "o"], how="anti")
    found = found.sort("lo", "hi")
    return [Hit(a, (b,), (w,)) for a, b, w in found.select("a_text", "b_text", "w_text").iter_rows()]
