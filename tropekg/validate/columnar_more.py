"""Columnar forms of the structural rules (S46, hr, mol, strc, tchbc, urc, usr, deprecated-used, implicit-type,
invalid-iri, shacl) on validate.columns, each tested to give exactly its SPARQL or analysis form's hits."""

from __future__ import annotations

import re

import numpy as np
import polars as pl
import pyoxigraph as ox
from scipy.sparse.csgraph import connected_components

from ..model import OUR_CLASSES
from ..namespaces import OWL, SKOS, SKOS_TERMS, TK
from ..vocabulary import Vocabulary
from .analyses import shacl as shacl_analysis
from .columnar_graph import _graph
from .columnar_paths import below, hr, reaching
from .columns import DEPRECATED, SUBCLASS, TRUE, TYPE, Columns, iri
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


def _typed(cols: Columns, classes: list[str]) -> pl.Series:
    """The resources typed (stated or entailed) by one of `classes` (IRIs as the columns spell them)."""
    return cols.with_p([TYPE[1:-1]], union=True).filter(pl.col("o").is_in(cols.ids(classes)))["s"].unique()


def _deprecated(cols: Columns, union: bool) -> pl.Series:
    """`?x owl:deprecated true`: the term true itself (SPARQL matches terms, not values)."""
    return cols.with_p([DEPRECATED[1:-1]], union=union).filter(pl.col("o") == cols.id(TRUE))["s"]


def _focus(found: pl.Series) -> pl.DataFrame:
    return pl.DataFrame({"focus": found.cast(_U32)})


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
    concepts = _typed(cols, [iri(SKOS + "Concept")])
    maps = cols.with_p([SKOS + p for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch",
                                           "mappingRelation")] + [OWL + "sameAs"], union=True)["s"]
    gone = pl.concat([_deprecated(cols, union=True), maps])
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
    reached = reaching(rows.select("row", "start", "target"), _stated_up(cols))
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
    if rows.is_empty():
        return rows
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
    back = reaching(exact.select("row", pl.col("other").alias("start"), pl.col("focus").alias("target")), links)
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
    gone = _deprecated(cols, union=False)
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
    classes = below(cols, sub, SKOS + "ConceptScheme", strict=True)
    schemes = _empty().select("focus", "value")
    if not classes.is_empty():
        types = cols.stated.filter(pl.col("p") == cols.id(TYPE)).select(pl.col("s").alias("focus"),
                                                                           pl.col("o").alias("type"))
        schemes = types.filter(pl.col("type").is_in(classes.implode()))
        concepts = below(cols, sub, SKOS + "Concept", strict=False)
        kept = [iri(SKOS + c) for c in ("ConceptScheme", "Collection", "OrderedCollection")]
        gone = types.filter(pl.col("type").is_in(concepts.implode()) | pl.col("type").is_in(cols.ids(kept)))["focus"]
        schemes = _valued(schemes.filter(~pl.col("focus").is_in(gone.implode())).select("focus"),
                          "skos:ConceptScheme")
    return pl.concat([entailed.select(pl.col("s").alias("focus"), "value"), schemes])


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
    """analyses.shacl: our shapes, on what they read of the data, copied from the columns into a
    store of its own: the resources typed by our classes (or their subclasses), what they link to, the subclass
    links. The shapes' paths are one property of the focus node, their sh:class a type of a value (and
    rdfs:subClassOf), sh:node and the SPARQL constraints a value's own statements: two hops."""
    sub = cols.with_p([SUBCLASS[1:-1]]).select("s", "o")
    ours = pl.concat([below(cols, sub, TK + c, strict=False) for c in OUR_CLASSES]).implode()
    stated = cols.stated
    focus = stated.filter((pl.col("p") == cols.id(TYPE)) & pl.col("o").is_in(ours))["s"].unique()
    if focus.is_empty():
        return []  # as check_shapes: no resource of our classes, no shapes
    near = pl.concat([focus, stated.filter(pl.col("s").is_in(focus.implode()))["o"]]).implode()
    rows = stated.filter(pl.col("s").is_in(near) | (pl.col("p") == cols.id(SUBCLASS))).unique()
    lines = pl.DataFrame({c: cols.terms["term"].gather(rows[c]) for c in ("s", "p", "o")}).select(
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
