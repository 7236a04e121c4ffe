"""validate.analyses' hierarchy analyses (chr's cycles, dcc's clusters, unreachable, S27's clashes, var) on
validate.columns: scipy.sparse.csgraph for components, and walks up the condensation (Dag) in numpy arrays."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import breadth_first_order, connected_components

from ..namespaces import SKOS
from .columnar_terms import by_id, once, texts
from .columns import DEPRECATED, TRUE, TYPE, Columns, iri
from .rules import Hit

__all__ = ["Dag", "clashes", "clusters", "condense", "cycles", "distinct", "edges", "hierarchy", "reached", "related",
           "twice", "unreachable", "valueless"]

# Kahn's order goes a layer at a time, until a deep graph (a long chain) gives thin layers: then one at a time.
_LAYER, _DEEP = 64, 512


def edges(cols: Columns, transitive: bool) -> pl.DataFrame:
    """hierarchy.parents() as (child, parent) id pairs over the stated and entailed triples, as validate reads
    it (model.HIERARCHY_EDGES, or _TRANSITIVE: broaderTransitive links too), each pair once; made once."""
    transitive = _transitive(cols, transitive)
    return once(cols, f"edges.{transitive}", lambda: _edges(cols, transitive))


def hierarchy(cols: Columns, transitive: bool) -> Dag:
    """The Dag of edges(cols, transitive) (when there are any), made once."""
    transitive = _transitive(cols, transitive)
    return once(cols, f"dag.{transitive}", lambda: condense(edges(cols, transitive)))


def _transitive(cols: Columns, transitive: bool) -> bool:
    """False for data without transitive links: both readings are the same pairs, made once."""
    return transitive and not all(cols.with_p([SKOS + p], union=True).is_empty()
                                  for p in ("broaderTransitive", "narrowerTransitive"))


def _edges(cols: Columns, transitive: bool) -> pl.DataFrame:
    up = ["broader", "broaderTransitive"] if transitive else ["broader"]
    down = ["narrower", "narrowerTransitive"] if transitive else ["narrower"]
    pairs = pl.concat([
        cols.with_p([SKOS + p for p in up], union=True).select(pl.col("s").alias("child"), pl.col("o").alias("parent")),
        cols.with_p([SKOS + p for p in down], union=True).select(pl.col("o").alias("child"),
                                                                  pl.col("s").alias("parent"))])
    kind = by_id(cols, "kind")
    return pairs.filter((kind.gather(pairs["child"]) != "l") & (kind.gather(pairs["parent"]) != "l")).unique()


def related(cols: Columns) -> pl.DataFrame:
    """The skos:related statements (stated and entailed) between two terms that are not literals, as (a, b) with
    `iris` (both ends IRIs) and `apart` (a != b): what S27, dcc and var read, made once."""
    def make() -> pl.DataFrame:
        rows = cols.with_p([SKOS + "related"], union=True)
        kind = by_id(cols, "kind")
        a, b = kind.gather(rows["s"]), kind.gather(rows["o"])
        rows = rows.select(pl.col("s").alias("a"), pl.col("o").alias("b"), ((a == "i") & (b == "i")).alias("iris"),
                           (pl.col("s") != pl.col("o")).alias("apart"))
        return rows.filter(b != "l")
    return once(cols, "related", make)


def _groups(cols: Columns, labels: np.ndarray, nodes: np.ndarray) -> list[list[str]]:
    """The members (as text) of each label of `labels` (one per node) with more than one node."""
    sizes = np.bincount(labels)
    many = sizes[labels] > 1
    if not many.any():
        return []
    groups: dict[int, list[str]] = {}
    for label, text in zip(labels[many].tolist(), texts(cols, pl.Series(nodes[many], dtype=pl.UInt32)), strict=True):
        groups.setdefault(label, []).append(text)
    return [sorted(g) for g in groups.values()]


def distinct(keys: np.ndarray, counts: bool = False):
    """The distinct values of `keys`, sorted, and with `counts` how often each occurs (a sort and a mask: numpy's
    unique hashes, which costs more here)."""
    keys = np.sort(keys)
    first = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    if not counts:
        return keys[first]
    at = np.flatnonzero(first)
    return keys[at], np.diff(np.append(at, len(keys)))


def _graph(pairs: pl.DataFrame, a: str, b: str) -> tuple[coo_matrix, np.ndarray]:
    """A sparse adjacency of the pairs' ends (numbered in order) and the term id of each node."""
    ends = np.concatenate([pairs[a].to_numpy(), pairs[b].to_numpy()]).astype(np.int64)
    nodes = distinct(ends)
    number = np.zeros(int(nodes[-1]) + 1 if len(nodes) else 0, dtype=np.int64)
    number[nodes] = np.arange(len(nodes))
    index = number[ends]
    n, m = len(nodes), pairs.height
    graph = coo_matrix((np.ones(m, dtype=np.int8), (index[:m], index[m:])), shape=(n, n))
    return graph, nodes


def twice(ids: pl.Series) -> np.ndarray:
    """Whether each of `ids` (term ids) occurs more than once: counted by id (a hash of the ids grows faster than
    they do)."""
    ids = ids.to_numpy()
    return np.bincount(ids)[ids] > 1 if len(ids) else np.zeros(0, dtype=bool)


class Dag(NamedTuple):
    """A graph's strongly connected components as a DAG. `comp`: each term id's component (-1: not in the graph);
    `level`: each component's longest path down from one without a parent (a parent's level is always lower);
    `size`: its nodes; `start`, `parents`: its parent components (compressed rows)."""

    comp: np.ndarray
    level: np.ndarray
    size: np.ndarray
    start: np.ndarray
    parents: np.ndarray

    def of(self, ids: np.ndarray) -> np.ndarray:
        """The component of each term id, -1 for a term outside the graph."""
        ids = ids.astype(np.int64)
        inside = ids < len(self.comp)
        return np.where(inside, self.comp[np.where(inside, ids, 0)], -1) if len(self.comp) else np.full(len(ids), -1)


def condense(up: pl.DataFrame) -> Dag:
    """The Dag of `up` (child, parent term ids; not empty)."""
    graph, nodes = _graph(up, "child", "parent")
    n, labels = connected_components(graph, directed=True, connection="strong")
    comp = np.full(int(nodes[-1]) + 1, -1, dtype=np.int64)
    comp[nodes] = labels
    child, parent = comp[up["child"].to_numpy()], comp[up["parent"].to_numpy()]
    apart = child != parent
    key = distinct(child[apart] * n + parent[apart])  # each link between components once, by child
    child, parent = key // n, key % n
    return Dag(comp, _levels(n, child, parent), np.bincount(labels, minlength=n), _starts(child, n), parent)


def _starts(rows: np.ndarray, n: int) -> np.ndarray:
    """Where each of rows 0..n starts in sorted `rows` (compressed rows' offsets), and the end."""
    return np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))])


def _spans(start: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For rows of compressed rows (`start`): the positions of all their entries, and the row (an index into
    `rows`) each belongs to."""
    first, count = start[rows], start[rows + 1] - start[rows]
    owner = np.repeat(np.arange(len(rows)), count)
    return first[owner] + np.arange(len(owner)) - (np.cumsum(count) - count)[owner], owner


def _levels(n: int, child: np.ndarray, parent: np.ndarray) -> np.ndarray:
    """Each component's level: 0 without a parent, else 1 + its parents' highest. Kahn's order, a whole layer of
    ready components at a time; past _DEEP layers, thin ones (a long chain) one component at a time."""
    order = np.argsort(parent, kind="stable")
    kids, starts = child[order], _starts(parent, n)
    waiting = np.bincount(child, minlength=n)
    level = np.zeros(n, dtype=np.int64)
    ready, depth = np.flatnonzero(waiting == 0), 0
    while len(ready) and (len(ready) >= _LAYER or depth < _DEEP):
        at, _ = _spans(starts, ready)
        below, count = distinct(kids[at], counts=True)
        level[below] = depth + 1  # the highest parent so far: layers come in increasing depth
        waiting[below] -= count
        ready, depth = below[waiting[below] == 0], depth + 1
    if not len(ready):
        return level
    todo, waiting_left, levels = ready.tolist(), waiting.tolist(), level.tolist()
    kids_left, starts_left = kids.tolist(), starts.tolist()
    while todo:
        node = todo.pop()
        for c in kids_left[starts_left[node]:starts_left[node + 1]]:
            levels[c] = max(levels[c], levels[node] + 1)
            waiting_left[c] -= 1
            if not waiting_left[c]:
                todo.append(c)
    return np.array(levels, dtype=np.int64)


def reached(dag: Dag, start: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Whether each walk's `target` component is above its `start` (aligned arrays): the same component, or one
    or more links up. Every walk at once, a level at a time from the highest (a component's parents lie lower, so
    each (walk, component) is expanded once); as analyses.layers does, a component no higher than the target's
    cannot lead up to it and is not followed."""
    found = start == target
    floor, n = dag.level[target], len(dag.level)
    waiting: dict[int, list[np.ndarray]] = {}  # level -> keys (walk * n + component) to expand there
    _wait(waiting, dag, np.flatnonzero(~found), start[~found], n)
    while waiting:
        key = distinct(np.concatenate(waiting.pop(max(waiting))))
        now_walk, now_node = key // n, key % n
        keep = ~found[now_walk]
        at, owner = _spans(dag.start, now_node[keep])
        up_walk, up_node = now_walk[keep][owner], dag.parents[at]
        hit = up_node == target[up_walk]
        found[up_walk[hit]] = True
        onward = ~hit & (dag.level[up_node] > floor[up_walk])
        _wait(waiting, dag, up_walk[onward], up_node[onward], n)
    return found


def _wait(waiting: dict[int, list[np.ndarray]], dag: Dag, walk: np.ndarray, node: np.ndarray, n: int) -> None:
    """Files (walk, component) pairs by the component's level, as keys."""
    level = dag.level[node]
    order = np.argsort(level, kind="stable")
    level, key = level[order], (walk * n + node)[order]
    cuts = np.flatnonzero(level[1:] != level[:-1]) + 1
    for part, first in zip(np.split(key, cuts), np.concatenate([[0], cuts]), strict=True):
        if len(part):
            waiting.setdefault(int(level[first]), []).append(part)


def cycles(cols: Columns) -> list[Hit]:
    """analyses.cycles (qSKOS chr): each strongly connected component of more than one node."""
    pairs = edges(cols, transitive=True)
    if pairs.is_empty():
        return []
    dag = hierarchy(cols, transitive=True)
    nodes = np.flatnonzero(dag.comp >= 0)
    return [Hit(g[0], tuple(g[1:]), n=len(g), group=True) for g in _groups(cols, dag.comp[nodes], nodes)]


def clusters(cols: Columns) -> list[Hit]:
    """analyses.clusters (qSKOS dcc): components over the hierarchy and skos:related links between IRIs; every
    one of more than one node, when there are two or more."""
    links = related(cols).filter(pl.col("iris"))
    pairs = pl.concat([edges(cols, transitive=True), links.select(pl.col("a").alias("child"),
                                                                  pl.col("b").alias("parent"))])
    if pairs.is_empty():
        return []
    graph, nodes = _graph(pairs, "child", "parent")
    _, labels = connected_components(graph, directed=False)
    if np.count_nonzero(np.bincount(labels) > 1) < 2:  # one cluster or none: no finding (no names needed)
        return []
    return [Hit(g[0], tuple(g[1:]), n=len(g), group=True) for g in _groups(cols, labels, nodes)]


def unreachable(cols: Columns) -> list[Hit]:
    """analyses.reachability on unreachable.rq's rows: IRI concepts (not deprecated) below no top concept, when
    the data names top concepts."""
    kind = by_id(cols, "kind")
    tops = pl.concat([cols.with_p([SKOS + "topConceptOf"], union=True)["s"],
                      cols.with_p([SKOS + "hasTopConcept"], union=True)["o"]]).unique()
    tops = tops.filter(kind.gather(tops) == "i")
    if tops.is_empty():
        return []
    typed = cols.with_p([TYPE[1:-1]], union=True).filter(pl.col("o") == cols.id(iri(SKOS + "Concept")))
    deprecated = cols.with_p([DEPRECATED[1:-1]], union=True).filter(pl.col("o") == cols.id(TRUE))["s"]
    concepts = typed["s"].unique()
    concepts = concepts.filter((kind.gather(concepts) == "i") & ~concepts.is_in(deprecated.implode()))
    pairs = edges(cols, transitive=False)
    root = np.uint32(len(cols.terms))  # one node above every top concept: one search reaches all
    pairs = pl.concat([pairs, pl.DataFrame({"child": tops, "parent": pl.Series([root] * len(tops), dtype=pl.UInt32)})])
    graph, nodes = _graph(pairs, "parent", "child")
    seen = np.zeros(len(cols.terms) + 1, dtype=bool)
    seen[nodes[breadth_first_order(graph, int(np.searchsorted(nodes, root)), directed=True,
                                   return_predecessors=False)]] = True
    found = concepts.filter(~pl.Series(seen).gather(concepts))
    return [Hit(t) for t in sorted(texts(cols, found))]


def clashes(cols: Columns) -> list[Hit]:
    """analyses.clashes (SKOS S27): each skos:related statement between two different IRIs of which one is
    above the other in the hierarchy (transitive links included), walked up the condensation (reached)."""
    rows = related(cols).filter(pl.col("iris") & pl.col("apart"))
    up = edges(cols, transitive=True)
    if rows.is_empty() or up.is_empty():
        return []
    dag = hierarchy(cols, transitive=True)
    a, b = dag.of(rows["a"].to_numpy()), dag.of(rows["b"].to_numpy())
    inside = (a >= 0) & (b >= 0)
    above, below = np.zeros(len(a), dtype=bool), np.zeros(len(a), dtype=bool)
    above[inside] = reached(dag, a[inside], b[inside])
    rest = inside & ~above
    below[rest] = reached(dag, b[rest], a[rest])
    found = rows.filter(pl.Series(above | below)).with_columns(
        pl.when(pl.Series(above[above | below])).then(pl.lit("ancestor (skos:broaderTransitive)"))
        .otherwise(pl.lit("descendant (skos:narrowerTransitive)")).alias("value"))
    a, b = texts(cols, found["a"]), texts(cols, found["b"])
    return [Hit(x, (y,), (v,)) for x, y, v in zip(a, b, found["value"].to_list(), strict=True)]


def _named(cols: Columns, frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """`frame` with `column`'s terms (IRIs or blank nodes) as text (labels.term_text) in `column`_text."""
    term = cols.terms["term"].gather(frame[column])
    text = pl.when(term.str.starts_with("<")).then(term.str.slice(1, term.str.len_chars() - 2)).otherwise(term)
    return frame.with_columns(pl.select(text).to_series().alias(f"{column}_text"))


def valueless(cols: Columns) -> list[Hit]:
    """analyses.valueless (qSKOS var): skos:related pairs that share a broader or a narrower concept; each pair
    once, oriented as stated (the lesser first when stated both ways), the least witness, pairs also linked by a
    sub-property of skos:related outside SKOS kept."""
    rows = related(cols).filter(pl.col("apart")).select("a", "b")
    if rows.is_empty():
        return []
    rows = _named(cols, _named(cols, rows, "a"), "b")
    swap = pl.col("a_text") > pl.col("b_text")
    rows = rows.with_columns(pl.when(swap).then(pl.col("b")).otherwise(pl.col("a")).alias("lo"),
                             pl.when(swap).then(pl.col("a")).otherwise(pl.col("b")).alias("hi"))
    # Stated both ways: the lesser first (the row not swapped); else as stated.
    rows = rows.sort(swap.cast(pl.UInt8)).unique(["lo", "hi"], keep="first")
    up = edges(cols, transitive=True)
    above = rows.join(up, left_on="lo", right_on="child").join(
        up, left_on=["hi", "parent"], right_on=["child", "parent"]).select("lo", "hi", pl.col("parent").alias("w"))
    shared = up.filter(pl.Series(twice(up["child"])))  # a witness below both: a child of two parents or more
    both = shared.join(shared, on="child").filter(pl.col("parent") != pl.col("parent_right"))
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
