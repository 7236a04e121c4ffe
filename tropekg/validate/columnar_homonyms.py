"""label-duplicate and qSKOS ol on validate.columns: homonyms' label groups found by integer keys in columns, their
hits made by homonyms itself (tests/test_columnar.py proves the two equal)."""

from __future__ import annotations

import polars as pl
import pyoxigraph as ox

from ..labels import normalize
from ..namespaces import SKOS
from .columnar_labels import str_of
from .columnar_terms import by_id, once
from .columns import Columns
from .homonyms import duplicate_hits, in_order, overlap_hits

__all__ = ["FORMS", "label_groups"]

_S = SKOS
# Python's str.split() on ASCII text: these characters are its white space.
_ASCII_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "


def _scopes(cols: Columns, rows: pl.DataFrame) -> tuple[pl.DataFrame, dict[int, str]]:
    """homonyms._schemes for the subjects of `rows`: (s, scheme) for IRIs by skos:inScheme or skos:topConceptOf
    (stated or entailed), schemes that share a value (as homonyms reads them) given one id; and each id's value.
    With no scheme stated, every IRI in the one scope ""."""
    if cols.no_schemes:
        named = rows.filter(pl.col("s").is_in(cols.of_kind("i").implode()))["s"].unique()
        return named.to_frame("s").with_columns(pl.lit(0, pl.UInt32).alias("scheme")), {0: ""}
    member = cols.with_p([_S + "inScheme", _S + "topConceptOf"], union=True)
    member = member.filter(pl.col("s").is_in(cols.of_kind("i").implode())).select("s", "o").unique()
    blank = cols.terms.filter(pl.col("kind") == "b").select("id", pl.col("term").str.slice(2).alias("text"))
    values = pl.concat([str_of(cols, member["o"]), blank.join(member.select(pl.col("o").alias("id")), on="id",
                                                               how="semi")])
    values = values.with_columns(pl.col("id").min().over("text").alias("scheme"))
    member = member.join(values.select(pl.col("id").alias("o"), "scheme"), on="o").select("s", "scheme").unique()
    return member, dict(zip(values["scheme"].to_list(), values["text"].to_list(), strict=True))


def _keys(text: pl.Series) -> pl.Series:
    """homonyms._scan's text key of each label: ASCII text lower-cased and its white space runs (as str.split()
    finds them) made one space, in columns; the rest by labels.normalize."""
    wide = text.str.len_bytes() != text.str.len_chars()
    key = text.str.to_lowercase()
    spaced = (key.str.contains_any(["  ", *_ASCII_SPACE[:-1]]) & ~wide).arg_true()
    if len(spaced):
        key = key.scatter(spaced, key.gather(spaced).str.replace_all(
            f" *[{_ASCII_SPACE[:-1]}][{_ASCII_SPACE}]*| {{2,}}", " "))
    wide = wide.arg_true()
    if len(wide):
        key = key.scatter(wide, pl.Series([normalize(t) for t in text.gather(wide).to_list()], dtype=pl.String))
    return key.str.strip_chars(_ASCII_SPACE)


def _literal(term: str, text: str, lang: str) -> ox.Literal:
    if lang:
        return ox.Literal(text, language=lang)
    typed = term.rsplit("^^<", 1)
    return ox.Literal(text, datatype=ox.NamedNode(typed[1][:-1])) if len(typed) == 2 and term.endswith(">") \
        else ox.Literal(text)


def label_groups(cols: Columns) -> list[dict[str, list[ox.Literal]]]:
    """homonyms' label groups: IRIs sharing (scheme, primary language, normalised text) over their prefLabels and
    altLabels, stated or entailed. Found by integers (scheme ids, a hash of language and text) grouped in columns;
    only the rows of a clash become Python objects, grouped there by the exact key (a hash shared by two keys
    only costs a group of one IRI, which in_order drops)."""
    return once(cols, "label_groups", lambda: _label_groups(cols))


def _label_groups(cols: Columns) -> list[dict[str, list[ox.Literal]]]:
    rows = pl.concat([cols.with_p([_S + p], union=True).select("s", "o", pl.lit(rank, pl.Int8).alias("rank"))
                      for rank, p in enumerate(("prefLabel", "altLabel"))])
    ids = rows["o"].unique()
    ids = ids.filter(by_id(cols, "kind").gather(ids) == "l")
    text, lang = by_id(cols, "text").gather(ids), by_id(cols, "lang").gather(ids)
    primary = lang.str.replace("-.*", "") if lang.str.contains("-", literal=True).any() else lang
    h = pl.DataFrame({"p": primary, "k": _keys(text)}).select(pl.struct("p", "k").hash())
    by_label = pl.repeat(None, len(cols.terms), dtype=pl.UInt64, eager=True).scatter(ids, h.to_series())
    rows = rows.with_columns(by_label.gather(rows["o"]).alias("h")).drop_nulls("h")
    # A clash needs one (language, text) key on two rows at least, whatever their schemes: the rest (nearly all)
    # go before the schemes are read.
    rows = rows.filter(pl.col("h").is_duplicated())
    if rows.is_empty():
        return []
    scopes, names = _scopes(cols, rows)
    rows = rows.join(scopes, on="s")
    # One integer per (scheme, language, text): keys met once (nearly all) go in one pass; of the rest, keys on
    # two IRIs or more.
    rows = rows.with_columns(pl.struct("scheme", "h").hash().alias("h")).filter(pl.col("h").is_duplicated())
    rows = rows.filter(pl.col("s").min().over("h") != pl.col("s").max().over("h"))
    rows = rows.with_columns(*(by_id(cols, c).gather(rows["o"]) for c in ("term", "text", "lang"))).with_columns(
        pl.col("lang").str.replace("-.*", "").alias("primary"), _keys(by_id(cols, "text").gather(rows["o"])).alias(
            "key"))
    groups: dict[tuple, dict[str, list[tuple[int, ox.Literal]]]] = {}
    for scheme, primary, key, s, rank, term, text, lang in zip(
            rows["scheme"].to_list(), *(rows[c].to_list() for c in ("primary", "key")), cols.texts(rows["s"]),
            *(rows[c].to_list() for c in ("rank", "term", "text", "lang")), strict=True):
        entry = groups.setdefault((names[scheme], primary, key), {})
        entry.setdefault(s[1:-1], []).append((rank, _literal(term, text, lang)))
    return in_order(groups)


FORMS = {"label-duplicate": lambda cols: duplicate_hits(label_groups(cols)),
         "ol": lambda cols: overlap_hits(label_groups(cols))}
