"""The columnar engine: rules of validate/checks/ as polars joins and filters on validate.columns, each tested to
give exactly the hits of its SPARQL form (tests/test_columnar.py); COLUMNAR says which rules have one."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed

import numpy as np
import polars as pl

from ..namespaces import DC, DCTERMS, RDFS, SKOS, TK
from ..output.progress import Progress
from . import columnar_graph as graph
from . import columnar_more as more
from .columnar_homonyms import FORMS as HOMONYM_FORMS
from .columnar_labels import FORMS as LABEL_FORMS
from .columnar_terms import by_id
from .columnar_terms import texts as term_texts
from .columns import DEPRECATED, TRUE, TYPE, Columns, iri, unescape
from .entailment import QSKOS_CONCEPT
from .rules import Hit, Rule

__all__ = ["COLUMNAR", "columnar_all", "columnar_hits"]

_S = SKOS
_LABELS = ("prefLabel", "altLabel", "hiddenLabel")
_LINKS = tuple(_S + p for p in ("broader", "narrower", "related", "broaderTransitive", "narrowerTransitive",
                                "semanticRelation", "exactMatch", "closeMatch", "broadMatch", "narrowMatch",
                                "relatedMatch", "mappingRelation"))
_NOTES = tuple(_S + p for p in ("note", "definition", "scopeNote", "example", "historyNote", "editorialNote",
                                "changeNote"))
_STRINGS = ("", "http://www.w3.org/2001/XMLSchema#string")


def _typed(cols: Columns, classes: list[str]) -> pl.Series:
    """The resources typed (stated or entailed) by one of `classes` (IRIs as the columns spell them)."""
    return cols.with_p([TYPE[1:-1]], union=True).filter(pl.col("o").is_in(cols.ids(classes)))["s"].unique()


def _deprecated(cols: Columns) -> pl.Series:
    """`?x owl:deprecated true` (stated or entailed): the term true itself (SPARQL matches terms, not values)."""
    return cols.with_p([DEPRECATED[1:-1]], union=True).filter(pl.col("o") == cols.id(TRUE))["s"]


def _focus(found: pl.Series) -> pl.DataFrame:
    return pl.DataFrame({"focus": found.cast(pl.UInt32)})


def _literal_objects(cols: Columns, frame: pl.DataFrame) -> pl.DataFrame:
    """The rows of `frame` whose object is a literal, with its language as an integer (`code`, by_id's
    lang_code)."""
    frame = frame.filter(by_id(cols, "kind").gather(frame["o"]) == "l")
    return frame.with_columns(by_id(cols, "lang_code").gather(frame["o"]).alias("code"))


def s14(cols: Columns) -> pl.DataFrame | None:
    """S14.rq: two different prefLabels with one LANG(); values compare as terms when all are strings."""
    rows = _literal_objects(cols, cols.with_p([_S + "prefLabel"], union=True))
    if by_id(cols, "typed").gather(rows["o"]).any():
        return None  # typed literals compare by value in SPARQL's !=: left to the store
    # Each (s, o) once (the entailed rows are none of the stated): two rows of one subject and language are two
    # labels. Subject and language as one integer key, found twice.
    key = rows["s"].cast(pl.UInt64) * 2**32 + rows["code"].cast(pl.UInt64)
    return rows.filter(key.is_duplicated()).select(pl.col("s").alias("focus"), pl.col("o").alias("value"))


def s13(cols: Columns) -> pl.DataFrame:
    """S13.rq: the same object under two of prefLabel, altLabel, hiddenLabel."""
    out = []
    for p, q in (("altLabel", "prefLabel"), ("hiddenLabel", "prefLabel"), ("hiddenLabel", "altLabel")):
        a = cols.with_p([_S + p], union=True).select("s", "o")
        b = cols.with_p([_S + q], union=True).select("s", "o")
        out.append(a.join(b, on=["s", "o"]).select(pl.col("s").alias("focus"), pl.col("o").alias("value")))
    return pl.concat(out)


def ml(cols: Columns) -> pl.DataFrame:
    """ml.rq: concepts without a prefLabel, schemes without a title, neither deprecated."""
    labelled = cols.with_p([_S + "prefLabel"], union=True)["s"]
    concepts = _typed(cols, [iri(_S + "Concept")])
    titled = cols.with_p([_S + "prefLabel", RDFS + "label", DC + "title", DCTERMS + "title"], union=True)["s"]
    schemes = _typed(cols, [iri(_S + "ConceptScheme")])
    found = pl.concat([concepts.filter(~concepts.is_in(labelled.implode())),
                       schemes.filter(~schemes.is_in(titled.implode()))])
    return _focus(found.filter(~found.is_in(_deprecated(cols).implode())).unique())


def oc(cols: Columns) -> pl.DataFrame:
    """oc.rq: concepts (as qSKOS counts them) with no link either way, not deprecated, not a top concept."""
    found = _typed(cols, [iri(_S + "Concept"), iri(QSKOS_CONCEPT.value)])
    links = cols.with_p(_LINKS, union=True)
    gone = [_deprecated(cols), links["s"], links["o"]]
    if not cols.no_schemes:
        gone += [cols.with_p([_S + "topConceptOf"], union=True)["s"],
                 cols.with_p([_S + "hasTopConcept"], union=True)["o"]]
    return _focus(found.filter(~found.is_in(pl.concat(gone).implode())))


def uc(cols: Columns) -> pl.DataFrame:
    """uc.rq: concepts without any SKOS note, not deprecated."""
    found = _typed(cols, [iri(_S + "Concept")])
    gone = pl.concat([_deprecated(cols), cols.with_p(_NOTES, union=True)["s"]])
    return _focus(found.filter(~found.is_in(gone.implode())))


def ilc(cols: Columns) -> pl.DataFrame:
    """ilc.rq: for each concept with a tagged prefLabel, the languages of prefLabels it lacks (not deprecated)."""
    labels = cols.with_p([_S + "prefLabel"], union=True)
    labels = labels.filter(by_id(cols, "tagged").gather(labels["o"]))
    # The languages as integers: counted and matched fast; their tags read for one label each.
    tagged = labels.select("s", "o", code=by_id(cols, "lang_code").gather(labels["o"]))
    langs = tagged.unique("code")
    langs = langs.select("code", lang=by_id(cols, "lang").gather(langs["o"]))
    concepts = _typed(cols, [iri(_S + "Concept")])
    concepts = concepts.filter(~concepts.is_in(_deprecated(cols).implode()))
    # Only a concept with fewer languages than all lacks one (nearly every concept has them all). Each (subject,
    # language) once as one integer, by a sort: a hash group-by with n_unique grows faster than the rows.
    key = tagged["s"].to_numpy().astype(np.uint64) << np.uint64(32) | tagged["code"].to_numpy().astype(np.uint64)
    subjects, count = graph.distinct(graph.distinct(key) >> np.uint64(32), counts=True)
    short = pl.Series(subjects[count < langs.height].astype(np.uint32))
    concepts = concepts.filter(concepts.is_in(short.implode()))
    wanted = _focus(concepts).join(langs, how="cross")
    have = tagged.filter(pl.col("s").is_in(short.implode())).select(pl.col("s").alias("focus"), "code")
    return wanted.join(have, on=["focus", "code"], how="anti").select("focus", pl.col("lang").alias("value"))


def el(cols: Columns) -> pl.DataFrame:
    """el.rq: label literals with no non-space character (the regex on the lexical value, unescaped first)."""
    rows = cols.with_p([_S + p for p in _LABELS] + [RDFS + "label"])
    ids = rows["o"].unique()
    value = by_id(cols, "value").gather(ids)  # a literal's lexical value, None for other terms
    # Spaces and escapes only (few literals), then the value itself under the same regex engine as Oxigraph's.
    spaced = value.str.contains(r'^(?:\s|\\[tnrfb"\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*$').fill_null(False)
    ids, value = ids.filter(spaced), value.filter(spaced)
    blank = ~pl.Series([unescape(v) for v in value.to_list()], dtype=pl.String).str.contains(r"\S")
    rows = rows.filter(pl.col("o").is_in(ids.filter(blank).implode()))
    return rows.select(pl.col("s").alias("focus"), pl.col("o").alias("value"))


def _domain_clash(cols: Columns, incoming: bool) -> pl.DataFrame:
    """S19.rq (the subject) and S20.rq (the object) of a semantic relation typed a scheme or collection."""
    kinds = ("Collection", "OrderedCollection", "ConceptScheme")
    typed = cols.stated.filter((pl.col("p") == cols.id(TYPE)) & pl.col("o").is_in(cols.ids(iri(_S + k) for k in kinds)))
    names = pl.DataFrame({"o": cols.ids(iri(_S + k) for k in kinds), "value": [f"skos:{k}" for k in kinds
                                                                           if cols.id(iri(_S + k)) >= 0]},
                         schema={"o": pl.UInt32, "value": pl.String})
    typed = typed.join(names, on="o").select(pl.col("s").alias("focus"), "value")
    links = cols.with_p(_LINKS)
    end, far = ("o", "s") if incoming else ("s", "o")
    links = links.select(pl.col(end).alias("focus"), pl.col(far).alias("other"))
    return typed.join(links, on="focus").select("focus", "other", "value")


def s19(cols: Columns) -> pl.DataFrame:
    return _domain_clash(cols, incoming=False)


def s20(cols: Columns) -> pl.DataFrame:
    return _domain_clash(cols, incoming=True)


def rrc(cols: Columns) -> pl.DataFrame:
    """rrc.rq: a semantic or mapping relation from a resource to itself (stated), one row per property."""
    props = [p for p in _LINKS if p != _S + "mappingRelation"]
    names = pl.DataFrame({"p": cols.ids(iri(p) for p in props),
                          "value": ["skos:" + p.rsplit("#", 1)[1] for p in props if cols.id(iri(p)) >= 0]},
                         schema={"p": pl.UInt32, "value": pl.String})
    loops = cols.stated.filter(pl.col("s") == pl.col("o")).join(names, on="p")
    return loops.select(pl.col("s").alias("focus"), "value")


def husv(cols: Columns) -> pl.DataFrame:
    """husv.rq: subjects that are IRIs but not http(s) ones."""
    subjects = cols.terms.filter(pl.col("id").is_in(cols.stated["s"].unique().implode()) & (pl.col("kind") == "i"))
    found = subjects.filter(~pl.col("term").str.starts_with("<http://") & ~pl.col("term").str.starts_with("<https://"))
    return _focus(found["id"])


def dangling(cols: Columns) -> pl.DataFrame:
    """dangling.rq: broader, narrower, related or tk:primaryBroader to an IRI that is the subject of nothing."""
    props = {_S + "broader": "skos:broader", _S + "narrower": "skos:narrower", _S + "related": "skos:related",
             TK + "primaryBroader": "tk:primaryBroader"}
    names = pl.DataFrame({"p": cols.ids(iri(p) for p in props),
                          "value": [v for p, v in props.items() if cols.id(iri(p)) >= 0]},
                         schema={"p": pl.UInt32, "value": pl.String})
    links = cols.stated.join(names, on="p")
    described = cols.stated["s"].unique().implode()
    links = links.filter(pl.col("o").is_in(cols.of_kind("i").implode()) & ~pl.col("o").is_in(described))
    return links.select(pl.col("s").alias("focus"), pl.col("o").alias("other"), "value")


# Rule id -> its columnar form (None from one: this input is left to the store).
# Pattern rules give rows (focus, other, value), analyses their hits.
COLUMNAR: dict[str, Callable[[Columns], pl.DataFrame | list[Hit] | None]] = {
    "S13": s13, "S14": s14, "S19": s19, "S20": s20, "dangling": dangling, "el": el, "husv": husv, "ilc": ilc, "ml": ml,
    "oc": oc, "rrc": rrc, "uc": uc, "S27": graph.clashes, "chr": graph.cycles, "dcc": graph.clusters,
    "unreachable": graph.unreachable, "var": graph.valueless}
COLUMNAR.update(more.FORMS)
COLUMNAR.update(LABEL_FORMS)
COLUMNAR.update(HOMONYM_FORMS)


def columnar_hits(cols: Columns, rule: Rule) -> list[Hit] | None:
    """A rule's hits by its columnar form, as runner._pattern_hits gives them; None when it has none here."""
    frame = COLUMNAR[rule.id](cols) if rule.id in COLUMNAR else None
    if frame is None or isinstance(frame, list):
        return frame
    texts = {}
    for name in ("focus", "other", "value"):
        if name in frame.columns:
            column = frame[name]
            texts[name] = column.to_list() if column.dtype == pl.String else term_texts(cols, column)
    focus, other, value = texts["focus"], texts.get("other"), texts.get("value")
    if rule.per != "focus":
        return [Hit(f, (other[i],) if other else (), (value[i],) if value else ()) for i, f in enumerate(focus)]
    grouped: dict[str, tuple[set, set]] = {}
    for i, f in enumerate(focus):
        others, values = grouped.setdefault(f, (set(), set()))
        if other:
            others.add(other[i])
        if value:
            values.add(value[i])
    return [Hit(f, tuple(sorted(o)), tuple(sorted(v)), n=len(v)) for f, (o, v) in grouped.items()]


# The forms that take longest on large input go first, so that the two threads end together and each shared input
# (the hierarchy and its condensation, the label groups) is made by one of them while the other works apart.
_FIRST = ("ol", "S27", "hr", "urc", "ncl", "ilc", "var")


def columnar_all(cols: Columns, rules: list[Rule], progress: Progress) -> dict[str, list[Hit]] | None:
    """The hits of `rules` by their columnar forms, in the rules' order, worked out on two threads (polars, numpy
    and scipy let go of the GIL while they work); None when one form leaves this input to the store."""
    # The triples grouped by predicate and their union with the entailed ones: made before the threads start (both
    # would make them).
    cols.with_p(())
    _ = cols.union
    first = [r for i in _FIRST for r in rules if r.id == i]
    found: dict[str, list[Hit]] = {}
    pool = ThreadPoolExecutor(max_workers=2)
    try:
        jobs = {pool.submit(columnar_hits, cols, r): r for r in first + [r for r in rules if r not in first]}
        for job in as_completed(jobs):
            hits = job.result()
            if hits is None:
                return None
            found[jobs[job].id] = hits
            progress(f"checking: {jobs[job].id}", len(found), len(rules))
    finally:  # on None or an error, the forms not started yet are not run
        pool.shutdown(wait=True, cancel_futures=True)
    return {r.id: found[r.id] for r in rules}
