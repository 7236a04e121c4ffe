"""The columnar engine's term table read by id (a term's id is its row in Columns.terms): its columns gathered for
any ids, made once per Columns, and terms as the text findings show."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import polars as pl

from .columns import Columns, text_of, unescape

__all__ = ["by_id", "once", "texts"]

T = TypeVar("T")
_MAKING = threading.Lock()


def once(cols: Columns, key: str, factory: Callable[[], T]) -> T:
    """cols.memo(key, factory) for rules run on two threads: one thread makes it, the other waits for it."""
    with _MAKING:
        lock = cols.memo(f"{key}.lock", threading.Lock)
    with lock:
        return cols.memo(key, factory)


def by_id(cols: Columns, name: str) -> pl.Series:
    """A column of the term table indexed by term id (`.gather(ids)` reads it for any ids, no join); "text" is
    STR() of each literal, unescaped once per Columns (None for other terms), "lang_code" the language as an
    integer, "tagged" and "typed" whether a term is a literal with a language tag or a datatype: the rules share
    them (Columns.memo)."""
    return once(cols, f"by_id.{name}", lambda: _by_id(cols, name))


def _by_id(cols: Columns, name: str) -> pl.Series:
    if name == "lang_code":  # each language tag as an integer (and "" as one), for counting and matching
        return by_id(cols, "lang").cast(pl.Categorical).to_physical().alias(name)
    if name == "tagged":  # a literal with a language tag
        return ((by_id(cols, "kind") == "l") & (by_id(cols, "lang") != "")).alias(name)
    if name == "typed":  # a literal with a datatype (as N-Triples writes it: not xsd:string)
        return ((by_id(cols, "kind") == "l") & by_id(cols, "term").str.contains('"^^<', literal=True)).alias(name)
    if name == "text":
        value = by_id(cols, "value")
        escaped = value.str.contains("\\", literal=True).fill_null(False).arg_true()
        plain = pl.Series([unescape(t) for t in value.gather(escaped).to_list()], dtype=pl.String)
        return (value.scatter(escaped, plain) if len(escaped) else value).alias(name)
    ids, column = cols.terms["id"], cols.terms[name]
    aligned = ids.equals(pl.int_range(0, len(ids), dtype=ids.dtype, eager=True))  # as Columns numbers them
    return column if aligned else pl.repeat(None, int(ids.max() or 0) + 1, dtype=column.dtype,
                                            eager=True).alias(name).scatter(ids, column)


def texts(cols: Columns, ids: pl.Series) -> list[str]:
    """labels.term_text of each id, in order: IRIs and blank nodes in columns, literals one by one (text_of)."""
    term = by_id(cols, "term").gather(ids)
    text = term.str.strip_prefix("<").str.strip_suffix(">")  # an IRI's text; a blank node's is its term
    literal = term.str.starts_with('"').arg_true()
    if len(literal):
        text = text.scatter(literal, pl.Series([text_of(t) for t in term.gather(literal).to_list()], dtype=pl.String))
    return text.to_list()
