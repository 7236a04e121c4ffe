"""Columnar forms of the label, notation and scheme rules (oilt, ol, ucil, label-duplicate, label-whitespace, ncl,
anr, mri, otc, scheme-metadata, primary-parent, S9, S36, S37) on validate.columns, each equal to its check file or
analysis (tests/test_columnar.py); label-duplicate and ol are columnar_homonyms'."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyoxigraph as ox

from ..model import PRIMARY_BROADER
from ..namespaces import DCTERMS, OWL, RDF, RDFS, SKOS, TK, VANN
from .columnar_graph import distinct
from .columnar_terms import by_id, texts
from .columns import TYPE, Columns, iri, unescape
from .language import TEXT_PROPERTIES, is_registered
from .rules import Hit

__all__ = ["FORMS", "str_of"]

_S = SKOS
_LABELS = tuple(_S + p for p in ("prefLabel", "altLabel", "hiddenLabel"))
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# The check files' character classes, in the regex syntax polars shares with Oxigraph (Rust's regex crate).
_UNPRINTABLE = (r"[\x00-\x1F\x7F-\x9F\x{AD}\x{200B}\x{200E}\x{200F}\x{2028}\x{2029}\x{202A}-\x{202E}"
                r"\x{2060}-\x{2064}\x{2066}-\x{2069}\x{FEFF}]")
_W = r"\x{9}-\x{D}\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}"


# --- helpers: what SPARQL's STR, LANG and DATATYPE give, and paths, as columns ---

def _p(cols: Columns, frame: pl.DataFrame, prop: str) -> pl.DataFrame:
    return frame.filter(pl.col("p") == cols.id(iri(prop)))


def str_of(cols: Columns, ids: pl.Series) -> pl.DataFrame:
    """(id, text): STR() of each distinct term of `ids` (an IRI's string, a literal's lexical value unescaped);
    blank nodes, for which STR is an error, left out. Only values holding an escape go through Python."""
    terms = cols.terms.join(ids.unique().to_frame("id"), on="id", how="semi").filter(pl.col("kind") != "b")
    terms = terms.select("id", "kind", pl.when(pl.col("kind") == "i").then(pl.col("term").str.slice(1).str.strip_suffix(
        ">")).otherwise(pl.col("value")).alias("text"))
    escaped = (pl.col("kind") == "l") & pl.col("text").str.contains("\\", literal=True)
    found = terms.filter(escaped)
    if found.is_empty():
        return terms.select("id", "text")
    plain = pl.Series([unescape(t) for t in found["text"].to_list()], dtype=pl.String)
    return pl.concat([terms.filter(~escaped).select("id", "text"),
                      found.select("id", plain.alias("text"))])


def _matching(cols: Columns, frame: pl.DataFrame, *patterns: str) -> pl.DataFrame:
    """The rows of `frame` whose object is a literal whose STR() matches every regex of `patterns`; each distinct
    object is matched once, by id, not once per row."""
    ids = frame["o"].unique()
    texts = pl.DataFrame({"id": ids, "text": by_id(cols, "text").gather(ids)}).drop_nulls("text")
    for pattern in patterns:
        texts = texts.filter(pl.col("text").str.contains(pattern))
    return frame.filter(pl.col("o").is_in(texts["id"].implode()))


def _literals(cols: Columns, frame: pl.DataFrame) -> pl.DataFrame:
    """The rows whose object is a literal, with its LANG() and its STR() as `text`."""
    lits = cols.terms.filter(pl.col("kind") == "l").select(pl.col("id").alias("o"), "lang", "term")
    rows = frame.join(lits, on="o")
    return rows.join(str_of(cols, rows["o"]).rename({"id": "o"}), on="o")


def _reaching(cols: Columns, target: str) -> pl.Series:
    """The terms with an rdfs:subClassOf* path (stated) to the class `target`, itself included."""
    edges = _p(cols, cols.stated, RDFS + "subClassOf").select(pl.col("s").alias("c"), pl.col("o").alias("up"))
    found = pl.DataFrame({"up": cols.ids([iri(target)])}, schema={"up": pl.UInt32})
    frontier = found
    while not frontier.is_empty():
        step = edges.join(frontier, on="up").select(pl.col("c").alias("up")).unique()
        frontier = step.join(found, on="up", how="anti")
        found = pl.concat([found, frontier])
    return found["up"]


def _typed_by(cols: Columns, classes: pl.Series) -> pl.DataFrame:
    """The stated (focus, type) rows with a type among `classes`."""
    rows = cols.stated.filter((pl.col("p") == cols.id(TYPE)) & pl.col("o").is_in(classes.implode()))
    return rows.select(pl.col("s").alias("focus"), pl.col("o").alias("type"))


def _grouped(cols: Columns, frame: pl.DataFrame) -> list[Hit]:
    """One hit per focus, its values gathered (as runner._hits_from_rows gives `per: focus`)."""
    frame = frame.unique()
    grouped: dict[str, set[str]] = {}
    for focus, value in zip(texts(cols, frame["focus"]), texts(cols, frame["value"]), strict=True):
        grouped.setdefault(focus, set()).add(value)
    return [Hit(f, (), tuple(sorted(v)), n=len(v)) for f, v in grouped.items()]


# --- the rules ---

def ucil(cols: Columns) -> pl.DataFrame:
    """ucil.rq: a label literal (as stated or entailed) holding a control or invisible format character."""
    rows = _matching(cols, cols.with_p(_LABELS, union=True), _UNPRINTABLE)
    return rows.select(pl.col("s").alias("focus"), pl.col("o").alias("value"))


def label_whitespace(cols: Columns) -> pl.DataFrame:
    """label-whitespace.rq: a stated label literal with white space leading, trailing or doubled, not all of it."""
    rows = _matching(cols, cols.with_p(_LABELS), f"^[{_W}]|[{_W}]$|[{_W}][{_W}]", f"[^{_W}]")
    return rows.select(pl.col("s").alias("focus"), pl.col("o").alias("value"))


def _without_common_language(sets: pl.DataFrame, have: pl.DataFrame, langs: int, unbound: bool) -> pl.Series:
    """ncl's test on (set, c) members: the sets with no language of the labels' (`langs` of them, plus the
    unbound LANG of a non-literal label when `unbound`) that every member has a label in. `have`: the distinct
    (c, lang) pairs sorted by c, so each member's languages are one run of it, found by a binary search."""
    # Counted in arrays (a language per set by bincount) instead of a join and group_by: those hash a row per
    # member and language, and grew 22x from 100k to 1M concepts (bench/columnar_growth.py).
    ids = distinct(sets["set"].to_numpy())
    known = sets.drop_nulls("c")
    pair = distinct(known["set"].to_numpy().astype(np.uint64) << np.uint64(32) | known["c"].to_numpy())
    owner, member = (pair >> np.uint64(32)).astype(np.int64), (pair & np.uint64(0xFFFFFFFF)).astype(np.int64)
    filled, size = distinct(owner, counts=True)  # the sets with members, and how many each has
    c, lang = have["c"].to_numpy(), have["lang"].to_numpy().astype(np.int64)
    low, high = np.searchsorted(c, member, "left"), np.searchsorted(c, member, "right")
    runs = high - low
    row = np.repeat(low - np.cumsum(runs) + runs, runs) + np.arange(int(runs.sum()))  # each run's rows of `have`
    rank = np.repeat(np.searchsorted(filled, owner), runs)
    width = int(lang.max()) + 1 if len(lang) else 1
    if len(filled) * width <= 1 << 24:
        counts = np.bincount(rank * width + lang[row], minlength=len(filled) * width).reshape(len(filled), width)
        common = filled[(counts == size[:, None]).any(axis=1)]
    else:
        keys, counts = distinct(rank.astype(np.uint64) << np.uint64(32) | lang[row].astype(np.uint64), counts=True)
        at = (keys >> np.uint64(32)).astype(np.int64)
        common = filled[np.unique(at[counts == size[at]])]
    good = np.concatenate([common, ids[~np.isin(ids, filled)]]) if langs or unbound else common
    return pl.Series(ids[~np.isin(ids, good)], dtype=pl.UInt32)


def ncl(cols: Columns) -> pl.DataFrame:
    """ncl.rq: schemes (or, with none stated, the vocabulary on its least concept IRI) with no language that each
    of their concepts, deprecated ones aside, has a label in."""
    labels = cols.with_p([*_LABELS, RDFS + "label"], union=True)
    lits = labels.filter(by_id(cols, "kind").gather(labels["o"]) == "l")
    lits = lits.with_columns(by_id(cols, "lang_code").gather(lits["o"]).alias("lang"))
    # (subject, language) as one integer, each once by a sort (a hash of them grows faster than the rows).
    key = distinct(lits["s"].to_numpy().astype(np.uint64) << np.uint64(32) | lits["lang"].to_numpy().astype(np.uint64))
    have = pl.DataFrame({"c": (key >> np.uint64(32)).astype(np.uint32), "lang": key.astype(np.uint32)})
    langs, unbound = lits["lang"].n_unique(), lits.height < labels.height
    gone = cols.with_p([OWL + "deprecated"], union=True).filter(pl.col("o") == cols.id(
        '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'))["s"].implode()
    member = cols.with_p([_S + "inScheme"], union=True)
    types = cols.with_p([TYPE[1:-1]], union=True)
    schemes = types.filter(pl.col("o") == cols.id(iri(_S + "ConceptScheme")))["s"]
    schemes = schemes.filter(schemes.is_in(member["o"].implode())).unique()
    sets = schemes.to_frame("set").join(member.select(pl.col("o").alias("set"), pl.col("s").alias("c")), on="set",
                                        how="left").with_columns(pl.when(pl.col("c").is_in(gone)).then(None)
                                                                 .otherwise(pl.col("c")).alias("c"))
    found = [_without_common_language(sets, have, langs, unbound)]
    if cols.no_schemes:
        concepts = types.filter(pl.col("o") == cols.id(iri(_S + "Concept")))["s"]
        named = str_of(cols, concepts.filter(concepts.is_in(cols.of_kind("i").implode())))
        first = named.sort("text").row(0) if not named.is_empty() else None
        if first is not None and _valid_iri(first[1]):  # IRI(?first) is an error, the row unbound, otherwise
            first = first[0]
            live = concepts.filter(~concepts.is_in(gone)).unique().cast(pl.UInt32)
            live = live if len(live) else pl.Series([None], dtype=pl.UInt32)  # no member: one row, c unbound
            sets = live.to_frame("c").select(pl.lit(first, pl.UInt32).alias("set"), "c")
            found.append(_without_common_language(sets, have, langs, unbound))
    return pl.DataFrame({"focus": pl.concat(found).cast(pl.UInt32)})


def _valid_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def anr(cols: Columns) -> pl.DataFrame:
    """anr.rq: a notation on two IRIs sharing a scheme or where either is in none; two of one datatype on one."""
    notes = _p(cols, cols.stated, _S + "notation").select(pl.col("s").alias("focus"), pl.col("o").alias("value"))
    if notes.is_empty():
        return pl.DataFrame(schema={"focus": pl.UInt32, "other": pl.UInt32, "value": pl.UInt32})
    named = str_of(cols, notes["focus"]).join(cols.terms.filter(pl.col("kind") == "i").select("id"), on="id")
    named = notes.join(named.rename({"id": "focus"}), on="focus")
    pairs = named.join(named.rename({"focus": "other", "text": "text2"}), on="value").filter(
        pl.col("text") < pl.col("text2")).select("focus", "other", "value")
    member = _p(cols, cols.stated, _S + "inScheme").select(pl.col("s").alias("x"), pl.col("o").alias("scheme"))
    shared = pairs.join(member.rename({"x": "focus"}), on="focus").join(
        member.rename({"x": "other"}), on=["other", "scheme"], how="semi")
    someplace = member["x"].implode()
    loose = pairs.filter(~pl.col("focus").is_in(someplace) | ~pl.col("other").is_in(someplace))
    lits = _literals(cols, notes.rename({"focus": "s", "value": "o"}))
    lits = lits.with_columns(pl.col("term").str.extract(r'\^\^(<[^>]*>)$').fill_null(
        pl.when(pl.col("lang") != "").then(pl.lit(f"<{RDF}langString>")).otherwise(pl.lit(
            "<http://www.w3.org/2001/XMLSchema#string>"))).alias("dt"))
    lits = lits.select("s", "o", "dt", "text")
    two = lits.join(lits, on=["s", "dt"], suffix="2").filter(pl.col("text") < pl.col("text2"))
    two = two.select(pl.col("s").alias("focus"), pl.col("s").alias("other"), pl.col("o").alias("value"))
    return pl.concat([shared.select("focus", "other", "value"), loose, two]).unique()


def _memberships(cols: Columns) -> pl.DataFrame:
    """(x, scheme) by skos:inScheme, skos:topConceptOf or ^skos:hasTopConcept, stated or entailed."""
    return pl.concat([cols.with_p([_S + p], union=True).select(pl.col("s").alias("x"), pl.col("o").alias("scheme"))
                      for p in ("inScheme", "topConceptOf")] + [cols.with_p([_S + "hasTopConcept"], union=True).select(
                          pl.col("o").alias("x"), pl.col("s").alias("scheme"))]).unique()


def mri(cols: Columns) -> pl.DataFrame:
    """mri.rq: a stated mapping between concepts of one scheme (with no scheme stated: unless both are in schemes)."""
    props = [_S + p for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")]
    names = pl.DataFrame({"p": cols.ids(iri(p) for p in props),
                          "value": ["skos:" + p.rsplit("#", 1)[1] for p in props if cols.id(iri(p)) >= 0]},
                         schema={"p": pl.UInt32, "value": pl.String})
    maps = cols.stated.join(names, on="p").select(pl.col("s").alias("focus"), pl.col("o").alias("other"), "value")
    member = _memberships(cols)
    found = [maps.join(member.rename({"x": "focus"}), on="focus").join(
        member.rename({"x": "other"}), on=["other", "scheme"], how="semi").select("focus", "other", "value")]
    if cols.no_schemes:
        placed = member["x"].implode()
        found.append(maps.filter(~pl.col("focus").is_in(placed) | ~pl.col("other").is_in(placed)))
    return pl.concat(found).unique()


def otc(cols: Columns) -> pl.DataFrame:
    """otc.rq: one row per scheme and type under skos:ConceptScheme, for schemes without a stated top concept."""
    rows = _typed_by(cols, _reaching(cols, _S + "ConceptScheme"))
    tops = pl.concat([_p(cols, cols.stated, _S + "hasTopConcept")["s"],
                      _p(cols, cols.stated, _S + "topConceptOf")["o"]]).implode()
    return rows.filter(~pl.col("focus").is_in(tops)).select("focus")


_METADATA = (("dcterms:title", DCTERMS + "title", DCTERMS + "title"),
             ("dcterms:description", DCTERMS + "description", DCTERMS + "description"),
             ("dcterms:license", DCTERMS + "license", DCTERMS + "license"),
             ("dcterms:creator or dcterms:publisher", DCTERMS + "creator", DCTERMS + "publisher"),
             ("owl:versionInfo", OWL + "versionInfo", OWL + "versionInfo"),
             ("vann:preferredNamespaceUri", VANN + "preferredNamespaceUri", VANN + "preferredNamespaceUri"),
             ("vann:preferredNamespacePrefix", VANN + "preferredNamespacePrefix", VANN + "preferredNamespacePrefix"))


def scheme_metadata(cols: Columns) -> pl.DataFrame:
    """scheme-metadata.rq: per scheme (typed under skos:ConceptScheme), the publishers' properties it lacks."""
    schemes = _typed_by(cols, _reaching(cols, _S + "ConceptScheme"))["focus"].unique()
    found = []
    for value, p, q in _METADATA:
        has = cols.with_p([p, q])["s"].implode()
        found.append(schemes.filter(~schemes.is_in(has)).to_frame("focus").with_columns(pl.lit(value).alias("value")))
    return pl.concat(found)


def primary_parent(cols: Columns) -> pl.DataFrame | None:
    """primary-parent.rq: on data using tk:primaryBroader or tk:Trope, a resource with two broader (stated) and
    no tk:primaryBroader. None (the store decides) where typed literals are parents: != compares their values."""
    stated = cols.stated
    primary = _p(cols, stated, PRIMARY_BROADER)
    if primary.is_empty() and stated.filter((pl.col("p") == cols.id(TYPE)) & (
            pl.col("o") == cols.id(iri(TK + "Trope")))).is_empty():
        return pl.DataFrame(schema={"focus": pl.UInt32, "value": pl.UInt32})
    up = pl.concat([_p(cols, stated, _S + "broader").select(pl.col("s").alias("focus"), pl.col("o").alias("value")),
                    _p(cols, stated, _S + "narrower").select(pl.col("o").alias("focus"), pl.col("s").alias("value"))])
    up = up.unique().filter(~pl.col("focus").is_in(primary["s"].implode()))
    many = up.group_by("focus").len().filter(pl.col("len") > 1)
    up = up.join(many, on="focus", how="semi")
    typed = cols.terms.filter((pl.col("kind") == "l") & pl.col("term").str.contains(r'"\^\^<')).filter(
        ~pl.col("term").str.ends_with(f'^^<{_XSD_STRING}>'))
    if up["value"].is_in(typed["id"].implode()).any():
        return None
    return up


def _classed(cols: Columns, classes: list[str], under: str = "Concept") -> pl.DataFrame:
    """S9 and S37: resources typed by one of `classes` and by a class under `under` (skos:Concept)."""
    first = _typed_by(cols, pl.Series(cols.ids(iri(_S + c) for c in classes), dtype=pl.UInt32))["focus"].implode()
    return _typed_by(cols, _reaching(cols, _S + under)).filter(pl.col("focus").is_in(first)).select(
        "focus").unique()


def s9(cols: Columns) -> pl.DataFrame:
    return _classed(cols, ["ConceptScheme"])


def s37(cols: Columns) -> pl.DataFrame:
    """S37.rq: a collection also typed under skos:Concept, and one also typed under skos:ConceptScheme."""
    collections = ["Collection", "OrderedCollection"]
    return pl.concat([_classed(cols, collections, under).with_columns(pl.lit(f"skos:{under}").alias("value"))
                      for under in ("Concept", "ConceptScheme")])


def s36(cols: Columns) -> pl.DataFrame:
    """S36.rq: an item of a collection's skos:memberList (rdf:rest*/rdf:first) not stated its skos:member."""
    stated = cols.stated
    rest = _p(cols, stated, RDF + "rest").select(pl.col("s").alias("node"), pl.col("o").alias("next"))
    reach = _p(cols, stated, _S + "memberList").select(pl.col("s").alias("focus"), pl.col("o").alias("node"))
    frontier = reach = reach.unique()
    while not frontier.is_empty():
        step = frontier.join(rest, on="node").select("focus", pl.col("next").alias("node")).unique()
        frontier = step.join(reach, on=["focus", "node"], how="anti")
        reach = pl.concat([reach, frontier])
    first = _p(cols, stated, RDF + "first").select(pl.col("s").alias("node"), pl.col("o").alias("other"))
    items = reach.join(first, on="node").select("focus", "other").unique()
    members = _p(cols, stated, _S + "member").select(pl.col("s").alias("focus"), pl.col("o").alias("other"))
    return items.join(members, on=["focus", "other"], how="anti")


def oilt(cols: Columns) -> list[Hit]:
    """language.language_tags (qSKOS oilt): per IRI outside SKOS's namespace, its label and note literals (stated
    or entailed) with no language tag or an unregistered one, and some non-space character."""
    rows = cols.with_p([_S + p for p in TEXT_PROPERTIES], union=True)
    rows = rows.with_columns(by_id(cols, "kind").gather(rows["o"]).alias("kind"), by_id(cols, "lang").gather(
        rows["o"]).alias("lang"))
    lits = rows.filter(pl.col("kind") == "l")
    bad = [t for t in lits["lang"].unique().to_list() if not t or not is_registered(t)]
    lits = lits.filter(pl.col("lang").is_in(bad))
    if lits.is_empty():
        return []
    lits = lits.join(cols.terms.filter((pl.col("kind") == "i") & ~pl.col("term").str.starts_with(f"<{_S}")).select(
        pl.col("id").alias("s")), on="s", how="semi")
    lits = _matching(cols, lits, r"\S")
    return _grouped(cols, lits.select(pl.col("s").alias("focus"), pl.col("o").alias("value")))


FORMS = {"ucil": ucil, "label-whitespace": label_whitespace, "ncl": ncl, "anr": anr, "mri": mri, "otc": otc,
         "scheme-metadata": scheme_metadata, "primary-parent": primary_parent, "S9": s9, "S36": s36, "S37": s37,
         "oilt": oilt}
