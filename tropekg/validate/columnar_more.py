"""Columnar forms of the structural rules (S46, hr, mol, strc, tchbc, urc, usr, deprecated-used, implicit-type,
invalid-iri, shacl) on validate.columns, each tested to give exactly its SPARQL or analysis form's hits."""

from __future__ import annotations

import re

import numpy as np
import polars as pl
import pyoxigraph as ox
from scipy.sparse.csgraph import breadth_first_order, connected_components

from ..model import OUR_CLASSES
from ..namespaces import OWL, SKOS, SKOS_TERMS, TK
from ..vocabulary import Vocabulary
from .analyses import shacl as shacl_analysis
from .columnar_graph import _condensed, _graph, _reached
from .columns import DEPRECATED, SUBCLASS, TRUE, TYPE, Columns, iri, text_of
from .rules import Hit

__all__ = ["FORMS"]

_U32 = pl.UInt32
_ROWS = {"focus": _U32, "other": _U32, "value": pl.String}


def _link(cols: Columns, prop: str, reverse: bool = False, union: bool = False) -> pl.DataFrame:
    """The triples of one property (an IRI) as (focus, other): the subject first, or with `reverse` the object."""
    a, b = ("o", "s") if reverse else ("s", "o")
    return cols.with_p([prop], union=union).select(pl.col(a).alias("focus"), pl.col(b).alias("other"))


def _valued(frame: pl.DataFrame, value: str) -> pl.DataFrame:
    return frame.with_columns(pl.lit(value).alias("value"))


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=_ROWS)


def _typed(cols: Columns, frame: pl.DataFrame, classes: list[str]) -> pl.Series:
    return frame.filter((pl.col("p") == cols.id(TYPE)) & pl.col("o").is_in(cols.ids(classes)))["s"].unique()


def _deprecated(cols: Columns, frame: pl.DataFrame) -> pl.Series:
    """`?x owl:deprecated true`: the term true itself (SPARQL matches terms, not values)."""
    return frame.filter((pl.col("p") == cols.id(DEPRECATED)) & (pl.col("o") == cols.id(TRUE)))["s"]


def _focus(found: pl.Series) -> pl.DataFrame:
    return pl.DataFrame({"focus": found.cast(_U32)})


def _texts(cols: Columns, ids: pl.Series) -> list[str]:
    """The terms of a few ids as text (labels.term_text): picked by position, as a term's id is its row in
    cols.terms (Columns.texts joins the whole table, which costs more than a few hits are worth)."""
    return [text_of(t) for t in cols.terms["term"].gather(ids).to_list()]


# --- reachability: property paths `start link+ target` from many starts at once ---

def _reaching(walks: pl.DataFrame, up: pl.DataFrame, condensed: tuple | None = None) -> pl.Series:
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


def _below(cols: Columns, edges: pl.DataFrame, target: str, strict: bool) -> pl.Series:
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


# --- pattern rules ---

def s46(cols: Columns) -> pl.DataFrame:
    """S46.rq: broadMatch (or narrowMatch reversed) or relatedMatch between two resources that exactMatch joins,
    either way, through any others: the same component of the exactMatch links."""
    found = pl.concat([_valued(_link(cols, SKOS + "broadMatch"), "skos:broadMatch"),
                       _valued(_link(cols, SKOS + "narrowMatch", reverse=True),
                               "skos:broadMatch (stated as narrowMatch)"),
                       _valued(_link(cols, SKOS + "relatedMatch"), "skos:relatedMatch")])
    found = found.filter(pl.col("focus") != pl.col("other"))
    exact = cols.with_p([SKOS + "exactMatch"])
    if found.is_empty() or exact.is_empty():
        return _empty()
    graph, nodes = _graph(exact, "s", "o")
    _, labels = connected_components(graph, directed=False)
    comp = pl.DataFrame({"node": nodes.astype(np.uint32), "c": labels})
    found = found.join(comp.rename({"node": "focus"}), on="focus").join(
        comp.rename({"node": "other", "c": "c_other"}), on="other")
    return found.filter(pl.col("c") == pl.col("c_other")).select("focus", "other", "value").unique()


def mol(cols: Columns) -> pl.DataFrame:
    """mol.rq: concepts (entailed too) with no mapping nor owl:sameAs, not deprecated."""
    union = cols.union
    concepts = _typed(cols, union, [iri(SKOS + "Concept")])
    maps = cols.with_p([SKOS + p for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch",
                                           "mappingRelation")] + [OWL + "sameAs"], union=True)["s"]
    gone = pl.concat([_deprecated(cols, union), maps])
    return _focus(concepts.filter(~concepts.is_in(gone.implode())))


def _stated_up(cols: Columns) -> pl.DataFrame:
    """`skos:broader|^skos:narrower` as (child, parent) links of the stated triples, literals included (a path
    may pass through any term)."""
    up = pl.concat([_link(cols, SKOS + "broader"), _link(cols, SKOS + "narrower", reverse=True)])
    return up.select(pl.col("focus").alias("child"), pl.col("other").alias("parent")).unique()


def strc(cols: Columns) -> pl.DataFrame:
    """strc.rq: a stated broaderTransitive (or narrowerTransitive) link with no chain of broader links (either
    way stated) from the narrower end to the broader one."""
    rows = pl.concat([
        _valued(_link(cols, SKOS + "broaderTransitive"), "skos:broaderTransitive").with_columns(
            pl.col("focus").alias("start"), pl.col("other").alias("target")),
        _valued(_link(cols, SKOS + "narrowerTransitive"), "skos:narrowerTransitive").with_columns(
            pl.col("other").alias("start"), pl.col("focus").alias("target"))]).with_row_index("row")
    if rows.is_empty():
        return _empty()
    reached = _reaching(rows.select("row", "start", "target"), _stated_up(cols))
    return rows.filter(~pl.col("row").is_in(reached.implode())).select("focus", "other", "value").unique()


def tchbc(cols: Columns) -> pl.DataFrame:
    """tchbc.rq: a top concept of a scheme with a broader concept (any of the four ways) that is in the same
    scheme, or in none."""
    tops = pl.concat([_link(cols, SKOS + "topConceptOf"), _link(cols, SKOS + "hasTopConcept", reverse=True)])
    ups = pl.concat([_link(cols, SKOS + "broader"), _link(cols, SKOS + "narrower", reverse=True),
                     _link(cols, SKOS + "broaderTransitive"), _link(cols, SKOS + "narrowerTransitive", reverse=True)])
    rows = tops.rename({"other": "value"}).join(ups, on="focus")
    if rows.is_empty():
        return _empty()
    member = pl.concat([_link(cols, SKOS + "inScheme"), _link(cols, SKOS + "topConceptOf"),
                        _link(cols, SKOS + "hasTopConcept", reverse=True)]).rename({"focus": "other",
                                                                                      "other": "value"})
    inside = rows.join(member.unique(), on=["other", "value"], how="semi")
    nowhere = rows.filter(~pl.col("other").is_in(member["other"].implode()))
    return pl.concat([inside, nowhere]).select("focus", "other", "value").unique()


_HOST = r"^[^:/]+://([^/?#]*).*$"  # urc.rq's REPLACE: the authority of an IRI, else the IRI itself


def _one_way(cols: Columns, prop: str, inverse: str) -> pl.DataFrame:
    """(focus, other, value) for each stated `focus prop other` with no stated `other inverse focus`."""
    back = _link(cols, SKOS + inverse, reverse=True)
    return _valued(_link(cols, SKOS + prop).join(back, on=["focus", "other"], how="anti"), "skos:" + prop)


def _ours(cols: Columns, rows: pl.DataFrame) -> pl.DataFrame:
    """urc.rq's test of a mapping target: described (the subject of a statement), or on the mapping concept's
    host (the REPLACE of both IRIs, with the same regex engine as Oxigraph's; not an IRI: no host)."""
    ids = pl.concat([rows["focus"], rows["other"]]).unique().implode()
    term = pl.col("term")
    hosts = cols.terms.filter(pl.col("id").is_in(ids) & (pl.col("kind") == "i")).select(
        "id", term.str.slice(1, term.str.len_chars() - 2).str.replace(_HOST, "$1").alias("host"))
    rows = rows.join(hosts.rename({"id": "focus", "host": "h_focus"}), on="focus", how="left").join(
        hosts.rename({"id": "other", "host": "h_other"}), on="other", how="left")
    described = pl.col("other").is_in(cols.stated["s"].unique().implode())
    return rows.filter(described | (pl.col("h_focus") == pl.col("h_other")).fill_null(False)).select(
        "focus", "other", "value")


def urc(cols: Columns) -> pl.DataFrame:
    """urc.rq: links stated one way only: related; the mapping pairs to this vocabulary's concepts; exactMatch
    with no way back through other exactMatch links; the hierarchy's pairs where the data uses the inverse."""
    found = [_one_way(cols, "related", "related")]
    found.append(_ours(cols, pl.concat([_one_way(cols, p, q) for p, q in (
        ("relatedMatch", "relatedMatch"), ("closeMatch", "closeMatch"), ("broadMatch", "narrowMatch"),
        ("narrowMatch", "broadMatch"))])))
    exact = _ours(cols, _one_way(cols, "exactMatch", "exactMatch")).with_row_index("row")
    links = _link(cols, SKOS + "exactMatch").select(pl.col("focus").alias("child"), pl.col("other").alias("parent"))
    back = _reaching(exact.select("row", pl.col("other").alias("start"), pl.col("focus").alias("target")), links)
    found.append(exact.filter(~pl.col("row").is_in(back.implode())).drop("row"))
    for prop, inverse in (("broader", "narrower"), ("narrower", "broader"), ("broaderTransitive", "narrowerTransitive"),
                          ("narrowerTransitive", "broaderTransitive")):
        if not cols.with_p([SKOS + inverse]).is_empty():  # the data uses the inverse property at all
            found.append(_one_way(cols, prop, inverse))
    return pl.concat(found).filter(~pl.col("other").is_in(cols.of_kind("l").implode()))


def deprecated_used(cols: Columns) -> pl.DataFrame:
    """deprecated-used.rq: a deprecated resource linked from one that is not, by the properties it names."""
    props = [SKOS + p for p in ("broader", "related", "hasTopConcept", "member", "narrower")] + [TK + "primaryBroader"]
    names = pl.DataFrame({"p": cols.ids(iri(p) for p in props),
                          "value": [re.sub(r"^.*[#/]", "", p) for p in props if cols.id(iri(p)) >= 0]},
                         schema={"p": _U32, "value": pl.String})
    gone = _deprecated(cols, cols.stated)
    if gone.is_empty():
        return _empty()
    gone = gone.implode()
    uses = cols.stated.join(names, on="p").filter(pl.col("o").is_in(gone)).select(
        pl.col("o").alias("focus"), pl.col("s").alias("other"), "value")
    parent = _valued(_link(cols, SKOS + "narrower").filter(pl.col("focus").is_in(gone)), "parent of it")
    return pl.concat([uses, parent]).filter(~pl.col("other").is_in(gone)).unique()


def implicit_type(cols: Columns) -> pl.DataFrame:
    """implicit-type.rq: the concepts and schemes typed only by entailment (described here), and the resources
    typed by a subclass of skos:ConceptScheme only (one row per such type)."""
    kinds = {iri(SKOS + "Concept"): "skos:Concept", iri(SKOS + "ConceptScheme"): "skos:ConceptScheme"}
    names = pl.DataFrame({"o": cols.ids(kinds), "value": [v for k, v in kinds.items() if cols.id(k) >= 0]},
                         schema={"o": _U32, "value": pl.String})
    entailed = cols.entailed.filter(pl.col("p") == cols.id(TYPE)).join(names, on="o")
    entailed = entailed.filter(pl.col("s").is_in(cols.stated.filter(  # described: the subject of a statement
        pl.col("s").is_in(entailed["s"].implode()))["s"].implode()))
    sub = cols.with_p([SUBCLASS[1:-1]]).select("s", "o")
    classes = _below(cols, sub, SKOS + "ConceptScheme", strict=True)
    schemes = _empty().select("focus", "value")
    if not classes.is_empty():
        types = cols.stated.filter(pl.col("p") == cols.id(TYPE)).select(pl.col("s").alias("focus"),
                                                                           pl.col("o").alias("type"))
        schemes = types.filter(pl.col("type").is_in(classes.implode()))
        concepts = _below(cols, sub, SKOS + "Concept", strict=False)
        kept = [iri(SKOS + c) for c in ("ConceptScheme", "Collection", "OrderedCollection")]
        gone = types.filter(pl.col("type").is_in(concepts.implode()) | pl.col("type").is_in(cols.ids(kept)))["focus"]
        schemes = _valued(schemes.filter(~pl.col("focus").is_in(gone.implode())).select("focus"),
                          "skos:ConceptScheme")
    return pl.concat([entailed.select(pl.col("s").alias("focus"), "value"), schemes])


# --- hr: hierarchy.parents' order, then redundancy by joins ---

def _entailed_links(cols: Columns, prop: str) -> pl.DataFrame:
    """(s, o, pos) of the triples with predicate `prop` that entailment.entail() adds, `pos` ordering them as
    Oxigraph's in-memory store lists one property's triples: the last inserted first (entail() inserts the data's
    own sub-properties' in sorted order, then SKOS's axioms'), before every stated one."""
    stated = cols.stated.with_row_index("pos")
    frames = []
    for phase, own in enumerate((True, False)):
        subs = sorted(sub for sub, ups in cols.super_properties.items() if prop in ups and sub.startswith(SKOS) != own)
        frames += [stated.filter(pl.col("p").is_in(cols.ids([iri(sub)]))).select(
            "s", "o", pl.col("pos").cast(pl.Int64), pl.lit(phase).alias("phase"), pl.lit(rank).alias("rank"))
            for rank, sub in enumerate(subs)]
    if not frames:
        return pl.DataFrame(schema={"s": _U32, "o": _U32, "pos": pl.Int64})
    found = pl.concat(frames).join(cols.with_p([prop]).select("s", "o"), on=["s", "o"], how="anti")
    found = found.sort("phase", "rank", "pos").unique(["s", "o"], keep="first", maintain_order=True)
    return found.select("s", "o", (-1 - pl.int_range(pl.len(), dtype=pl.Int64)).alias("pos"))


def _parents(cols: Columns) -> pl.DataFrame:
    """hierarchy.parents() as validate reads it (stated and entailed broader and narrower links between terms
    that are not literals) as (rank, child, parent): `rank` orders a child's parents as its list does (the
    query's rows, each part in the store's order), which decides the parent hr names."""
    stated = cols.stated.with_row_index("pos")
    literals = cols.of_kind("l").implode()
    parts = []
    # Oxigraph evaluates the query's UNION from its right side: the narrower links come first.
    for part, (prop, a, b) in enumerate(((SKOS + "narrower", "o", "s"), (SKOS + "broader", "s", "o"))):
        rows = pl.concat([_entailed_links(cols, prop), stated.filter(pl.col("p").is_in(cols.ids([iri(prop)]))).select(
            "s", "o", pl.col("pos").cast(pl.Int64))])
        parts.append(rows.select(pl.col(a).alias("child"), pl.col(b).alias("parent"), "pos",
                                 pl.lit(part).alias("part")))
    links = pl.concat(parts).filter(~pl.col("child").is_in(literals) & ~pl.col("parent").is_in(literals))
    links = links.sort("part", "pos").unique(["child", "parent"], keep="first", maintain_order=True)
    return links.select("child", "parent").with_row_index("rank")


def _reaches(up: dict[int, list[int]], start: int, target: int, avoid: int) -> bool:
    """analyses._reaches without its levels (which only prune): `target` above `start`, not through `avoid`."""
    seen, todo = {start, avoid}, [p for p in up.get(start, ()) if p != avoid]
    while todo:
        node = todo.pop()
        if node == target:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(up.get(node, ()))
    return False


def hr(cols: Columns) -> list[Hit]:
    """analyses.redundancy (qSKOS hr): a child's broader link to p is redundant when another of its parents, q,
    has p above it and not the other way round, neither walk passing through the child; q is the first such
    parent in the child's list. A child outside every cycle lies on no path between its parents, so those walks
    are frontier joins; the children in a cycle are walked one by one, as the analysis does."""
    links = _parents(cols)
    many = links.group_by("child").len().filter(pl.col("len") > 1).select("child")
    mine = links.join(many, on="child")
    pairs = mine.join(mine.select("child", pl.col("parent").alias("q"), pl.col("rank").alias("q_rank")), on="child")
    pairs = pairs.filter((pl.col("parent") != pl.col("q")) & (pl.col("parent") != pl.col("child"))
                         & (pl.col("q") != pl.col("child")))
    if pairs.is_empty():
        return []
    up = links.select("child", "parent")
    condensed = _condensed(up)
    comp = condensed[0]
    cyclic = comp.join(comp.group_by("comp").len().filter(pl.col("len") > 1), on="comp")["node"].implode()
    plain = pairs.filter(~pl.col("child").is_in(cyclic)).with_row_index("row")
    above = _reaching(plain.select("row", pl.col("q").alias("start"), pl.col("parent").alias("target")), up,
                      condensed)
    plain = plain.filter(pl.col("row").is_in(above.implode()))
    below = _reaching(plain.select("row", pl.col("parent").alias("start"), pl.col("q").alias("target")), up,
                      condensed)
    found = [plain.filter(~pl.col("row").is_in(below.implode())).drop("row")]
    ring = pairs.filter(pl.col("child").is_in(cyclic))
    if not ring.is_empty():
        graph: dict[int, list[int]] = {}
        for child, parent in up.iter_rows():
            graph.setdefault(child, []).append(parent)
        keep = [_reaches(graph, q, p, c) and not _reaches(graph, p, q, c)
                for c, p, q in ring.select("child", "parent", "q").iter_rows()]
        found.append(ring.filter(pl.Series(keep, dtype=pl.Boolean)))
    found = pl.concat(found).sort("q_rank").unique(["child", "parent"], keep="first")
    texts = [_texts(cols, found[c]) for c in ("child", "parent", "q")]
    return [Hit(c, (p,), (q,)) for c, p, q in zip(*texts, strict=True)]

def usr(cols: Columns) -> pl.DataFrame:
    """analyses.undefined_skos (qSKOS usr): the uses of IRIs in the SKOS namespace that SKOS does not define, as a
    property, a class, or the subject or object of a property outside SKOS and rdf:type."""
    stated, term = cols.stated, pl.col("term")
    defined = [iri(SKOS), *(iri(t) for t in SKOS_TERMS)]
    undefined = cols.terms.filter((pl.col("kind") == "i") & term.str.starts_with(iri(SKOS)[:-1])
                                  & ~term.is_in(defined))["id"]
    if undefined.is_empty():
        return _empty().select("focus", "other")
    props = stated["p"].unique()
    names = cols.terms.filter(pl.col("id").is_in(props.implode()))
    outside = names.filter(~term.str.starts_with(iri(SKOS)[:-1]) & (term != TYPE))["id"].implode()
    beside = stated.filter(pl.col("p").is_in(outside))
    typing = stated.filter(pl.col("p") == cols.id(TYPE))
    used = pl.concat([props, typing["o"], beside["s"], beside["o"]]).implode()
    found = undefined.filter(undefined.is_in(used)).implode()
    return pl.concat([
        stated.filter(pl.col("p").is_in(found)).select(pl.col("s").alias("focus"), pl.col("p").alias("other")),
        typing.filter(pl.col("o").is_in(found)).select(pl.col("s").alias("focus"), pl.col("o").alias("other")),
        beside.filter(pl.col("o").is_in(found)).select(pl.col("s").alias("focus"), pl.col("o").alias("other")),
        beside.filter(pl.col("s").is_in(found)).select(pl.col("s").alias("focus"), pl.col("s").alias("other")),
    ]).unique()


# An absolute IRI that RFC 3987 (Oxigraph's check) surely accepts: ASCII, a scheme, an optional authority without
# user information or IP literal and with a numeric port, then path, query and fragment of plain characters and
# percent escapes. Anything else is checked by pyoxigraph itself (few terms).
_CHAR = r"(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})"
_PCHAR = rf"(?:{_CHAR}|[:@])"
_SURELY_VALID = (rf"^[A-Za-z][A-Za-z0-9+.-]*:(?://{_CHAR}*(?::[0-9]*)?(?:/{_PCHAR}*)*|/|/?{_PCHAR}+(?:/{_PCHAR}*)*)?"
                 rf"(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?$")


def _valid(value: str) -> bool:
    try:
        ox.NamedNode(value)  # the constructor validates as the strict parser does (sources.lenient)
    except ValueError:
        return False
    return True


def invalid_iri(cols: Columns) -> pl.DataFrame:
    """analyses.invalid_iris: the IRIs of the data that are not valid (RFC 3987), which the lenient load also
    lists with their places (Vocabulary.invalid_iris, where the runner finds each finding's place)."""
    term = pl.col("term")
    iris = cols.terms.filter(pl.col("kind") == "i").select("id", term.str.slice(1, term.str.len_chars() - 2))
    doubtful = iris.filter(~pl.col("term").str.contains(_SURELY_VALID))
    bad = [not _valid(value) for value in doubtful["term"].to_list()]
    return _focus(doubtful.filter(pl.Series(bad, dtype=pl.Boolean))["id"])


def shacl(cols: Columns) -> list[Hit]:
    """analyses.shacl: pySHACL with our shapes, on what they read of the data, copied from the columns into a
    store of its own: the resources typed by our classes (or their subclasses), what they link to, the subclass
    links. The shapes' paths are one property of the focus node, their sh:class a type of a value (and
    rdfs:subClassOf), sh:node and the SPARQL constraints a value's own statements: two hops."""
    sub = cols.with_p([SUBCLASS[1:-1]]).select("s", "o")
    ours = pl.concat([_below(cols, sub, TK + c, strict=False) for c in OUR_CLASSES]).implode()
    stated = cols.stated
    focus = stated.filter((pl.col("p") == cols.id(TYPE)) & pl.col("o").is_in(ours))["s"].unique()
    if focus.is_empty():
        return []  # as check_shapes: no resource of our classes, no pySHACL
    near = pl.concat([focus, stated.filter(pl.col("s").is_in(focus.implode()))["o"]]).implode()
    rows = stated.filter(pl.col("s").is_in(near) | (pl.col("p") == cols.id(SUBCLASS))).unique()
    lines = pl.DataFrame({c: cols.texts(rows[c]) for c in ("s", "p", "o")}).select(
        pl.concat_str("s", "p", "o", separator=" ") + " .")
    store = ox.Store()
    # Parsed (leniently: the lenient load's invalid IRIs), not loaded: the parser keeps blank node labels
    # (Store.load renames them), so results name the same nodes.
    store.extend(ox.parse("\n".join(lines.to_series().to_list()).encode(), format=ox.RdfFormat.N_TRIPLES,
                          lenient=True))
    return shacl_analysis(Vocabulary(store, (), {}), [])


# Rule id -> its columnar form, as columnar.COLUMNAR holds them (a frame of rows, or an analysis' hits).
FORMS = {"S46": s46, "deprecated-used": deprecated_used, "hr": hr, "implicit-type": implicit_type,
         "invalid-iri": invalid_iri, "mol": mol, "shacl": shacl, "strc": strc, "tchbc": tchbc, "urc": urc, "usr": usr}
