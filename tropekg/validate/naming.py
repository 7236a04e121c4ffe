"""How findings name resources: prefLabels (from the store or the columns) and CURIEs, each IRI once."""

from __future__ import annotations

import re
from collections.abc import Collection
from itertools import filterfalse

import pyoxigraph as ox

from ..labels import pick
from ..namespaces import PREFIXES, SKOS
from ..vocabulary import Vocabulary


def labels_of(vocab: Vocabulary, iris: set[str], lang: str) -> dict[str, str]:
    """prefLabels in the display language (labels.pick) for just these IRIs.

    Few IRIs: one lookup each. Many (`--select all` flags most concepts of a large vocabulary): first one query
    for the labels in exactly the display language, pick's first choice, as text (cheaper than reading every
    prefLabel as terms); then the rest as for few, or, if still many, by one read of every prefLabel."""
    pref = ox.NamedNode(SKOS + "prefLabel")
    wanted = {i for i in iris if not i.startswith(("_:", '"')) and i not in vocab.invalid_iris}
    labels: dict[str, str] = {}
    if len(wanted) > _LABEL_SCAN:
        # Oxigraph stores language tags lower-cased; pick() compares them lower-cased too.
        for iri, text in vocab.text_rows(_LABELS_IN, {"lang": [ox.Literal(lang.lower())]}):
            if iri in wanted and (iri not in labels or text < labels[iri]):  # pick: the least text of the language
                labels[iri] = text
        wanted -= labels.keys()
    by_iri: dict[str, dict[str, list[str]]] = {}
    if len(wanted) > _LABEL_SCAN:
        for q in vocab.store.quads_for_pattern(None, pref, None):
            if type(q.subject) is ox.NamedNode and type(q.object) is ox.Literal and q.subject.value in wanted:
                by_iri.setdefault(q.subject.value, {}).setdefault(q.object.language or "", []).append(q.object.value)
    else:
        for iri in wanted:
            for q in vocab.store.quads_for_pattern(ox.NamedNode(iri), pref, None):
                if isinstance(q.object, ox.Literal):
                    by_iri.setdefault(iri, {}).setdefault(q.object.language or "", []).append(q.object.value)
    return _picked(labels, by_iri, lang)


def _picked(labels: dict[str, str], by_iri: dict[str, dict[str, list[str]]], lang: str) -> dict[str, str]:
    found = {iri: pick(by_lang, lang) for iri, by_lang in by_iri.items()}
    labels.update((iri, label) for iri, label in found.items() if label)
    return labels


def labels_from_columns(cols, iris: set[str], lang: str, invalid: dict[str, str]) -> dict[str, str]:
    """labels_of, read from the columns (a validate.columns.Columns) instead of a store, label for label the
    same: many IRIs take the least stated label in exactly the display language first, as labels_of does (in
    the columns, where no such label of the IRI has an escape to undo), the rest their prefLabels picked."""
    import polars as pl

    from .columns import unescape

    wanted = pl.Series(list(iris), dtype=pl.String)
    wanted = wanted.filter(~wanted.str.starts_with("_:") & ~wanted.str.starts_with('"')
                           & ~wanted.is_in(pl.Series(list(invalid), dtype=pl.String).implode()))
    rows = _pref_rows(cols, wanted)
    labels: dict[str, str] = {}
    tag = lang.lower()
    if len(wanted) > _LABEL_SCAN:
        least = _least(rows.filter(pl.col("stated") & (pl.col("lang") == tag)))
        labels = dict(zip(least["iri"].to_list(), least["value"].to_list(), strict=True))
        rows = rows.filter(~pl.col("s").is_in(least["s"].implode()))
        for iri, text in rows.filter(pl.col("stated") & (pl.col("lang") == tag)).select("iri", "value").iter_rows():
            text = unescape(text)
            if iri not in labels or text < labels[iri]:
                labels[iri] = text
    by_iri: dict[str, dict[str, list[str]]] = {}
    for iri, tag_, text in rows.select("iri", "lang", "value").iter_rows():
        if iri not in labels:
            by_iri.setdefault(iri, {}).setdefault(tag_, []).append(unescape(text))
    return _picked(labels, by_iri, lang)


def _least(rows):
    """(s, iri, value) of the least label of each subject none of whose labels has an escape (the least of the
    escaped texts is then the least text: code points, as Python orders them); the others are picked from the
    unescaped texts, as labels_of picks. Subjects with one label (nearly all) are not grouped."""
    import polars as pl

    escaped = rows.filter(pl.col("value").str.contains("\\", literal=True))["s"]
    rows = rows.filter(~pl.col("s").is_in(escaped.implode())).select("s", "iri", "value")
    one = pl.col("s").is_unique()
    return pl.concat([rows.filter(one),
                      rows.filter(~one).group_by("s").agg(pl.col("iri").first(), pl.col("value").min())])


def _pref_rows(cols, wanted):
    """(s, iri, lang, value still escaped, stated) of each prefLabel literal of the `wanted` IRIs (a polars
    Series), stated or entailed, found from the prefLabel statements' rows by id (a term's id is its row in
    cols.terms), not by a search of the whole term table; each subject's IRI matched once."""
    import polars as pl

    from .columns import iri as spelled

    pref = cols.id(spelled(SKOS + "prefLabel"))
    terms = cols.terms
    frames = []
    for stated, triples in ((True, cols.stated), (False, cols.entailed)):
        rows = triples.filter(pl.col("p") == pref)
        frames.append(rows.filter(terms["kind"].gather(rows["o"]) == "l")  # literals only
                      .with_columns(pl.lit(stated).alias("stated")))
    rows = pl.concat(frames)
    subjects = rows["s"].unique()
    subjects = pl.DataFrame({"s": subjects, "term": terms["term"].gather(subjects)}).join(
        pl.DataFrame({"term": "<" + wanted + ">", "iri": wanted}), on="term").drop("term")
    rows = rows.join(subjects, on="s")
    return rows.select("s", "iri", terms["lang"].gather(rows["o"]).alias("lang"),
                       terms["value"].gather(rows["o"]).alias("value"), "stated")


_LABELS_IN = """SELECT ?focus ?label WHERE {
  ?focus skos:prefLabel ?label FILTER(isIRI(?focus) && LANG(?label) = ?lang)
}"""
_LABEL_SCAN = 20_000  # more IRIs than this: read every prefLabel once instead of looking each IRI up


_ASCII_NAME = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"


class Curies(dict):
    """namespaces.curie() for many IRIs with the same prefixes, each IRI once: `curies(iri)`, or `curies[iri]`
    (a dict of the IRIs seen, the rest worked out as they are asked for). A CURIE's local name is [\\w.-]+
    (str.isalnum or _ is exactly \\w), so its namespace ends where the IRI's last run of such characters
    starts, or inside that run: one dict lookup per IRI, more only for namespaces that end in a name character
    (".../c_"), instead of trying each prefix per IRI."""

    _NAME = re.compile(r"[\w.-]*")  # matched on the reversed IRI: a search for the tail from the front is quadratic

    def __init__(self, prefixes: dict[str, str] | None) -> None:
        super().__init__()
        self._by_namespace: dict[str, str] = {}
        for prefix, ns in (prefixes or PREFIXES).items():
            if ns:  # as in curie(): an empty namespace shortens nothing; the first prefix of a namespace wins
                self._by_namespace.setdefault(ns, prefix)
        # Namespaces that end in a name character can end inside the tail: those lengths are tried too.
        self._inner = sorted({len(ns) for ns in self._by_namespace if self._NAME.fullmatch(ns[-1:] or " ")},
                             reverse=True)

    def __missing__(self, iri: str) -> str:
        found = self[iri] = self._shorten(iri)
        return found

    __call__ = dict.__getitem__

    def _shorten(self, iri: str) -> str:
        # On ASCII \w is [A-Za-z0-9_]: the tail is what rstrip takes off.
        start = len(iri.rstrip(_ASCII_NAME)) if iri.isascii() else len(iri) - self._NAME.match(iri[::-1]).end()
        # The longest namespace wins: one ending inside the tail is longer than the one ending where it starts.
        for length in self._inner:
            if start < length < len(iri) and iri[:length] in self._by_namespace:
                return f"{self._by_namespace[iri[:length]]}:{iri[length:]}"
        if 0 < start < len(iri) and iri[:start] in self._by_namespace:
            return f"{self._by_namespace[iri[:start]]}:{iri[start:]}"
        return iri

    def fill(self, iris: Collection[str]) -> None:
        """Shorten many IRIs at once (bulk()); few one by one (polars is imported only for many)."""
        new = list(iris) if not self else list(filterfalse(self.__contains__, iris))  # (a C loop)
        if len(new) < _BULK:
            self.update((i, self._shorten(i)) for i in new)
        else:
            self.update(zip(new, self.bulk(new).to_list(), strict=True))

    def bulk(self, iris: list[str]):
        """The CURIEs of `iris` as a polars Series, in order, not kept: ASCII IRIs (nearly all) by polars over
        the column, the same rule as _shorten expression for expression; the others by _shorten."""
        import polars as pl

        frame = pl.DataFrame({"iri": iris}, schema={"iri": pl.String})
        if not self._by_namespace:
            return frame["iri"]
        iri, start, length = pl.col("iri"), pl.col("start"), pl.col("length")  # ASCII: a byte is a character

        def prefixed(at) -> pl.Expr:
            namespace = iri.str.slice(0, at).replace_strict(self._by_namespace, default=None, return_dtype=pl.String)
            return namespace + ":" + iri.str.slice(at)

        # The longest namespace wins, as in _shorten: each inner length in its order, then the tail's start.
        tried = [pl.when((start < n) & (n < length)).then(prefixed(n)) for n in self._inner]
        tried.append(pl.when((0 < start) & (start < length)).then(prefixed(start)))
        ascii_ = ~iri.str.contains(r"[^\x00-\x7F]")
        shortened = frame.with_columns(
            iri.str.strip_chars_end(_ASCII_NAME).str.len_bytes().alias("start"), iri.str.len_bytes().alias("length")
        ).select(pl.when(ascii_).then(pl.coalesce(*tried, iri))).to_series()
        others = shortened.is_null().arg_true()
        if len(others):
            shortened = shortened.scatter(others, [self._shorten(iris[i]) for i in others.to_list()])
        return shortened


_BULK = 20_000  # from this many IRIs Curies.fill works in polars (its import and set-up cost more below)


class Names(dict):
    """IRI -> how a finding's message names it: "label (CURIE)", or the CURIE when it has no label; each IRI
    once (a dict lookup per mention, the rest worked out as they are asked for)."""

    def __init__(self, labels: dict[str, str], short: Curies) -> None:
        super().__init__()
        self.labels, self.short = labels, short

    def __missing__(self, iri: str) -> str:
        label = self.labels.get(iri)
        found = self[iri] = self.short[iri] if label is None else f"{label} ({self.short[iri]})"
        return found

    def fill(self, iris: Collection[str]) -> None:
        """Name many IRIs at once, and keep their CURIEs (polars over the column for many: Curies.bulk)."""
        new = list(iris) if not self else list(filterfalse(self.__contains__, iris))  # (a C loop)
        label_of, short = self.labels.get, self.short
        if len(new) < _BULK:
            short.fill(new)
            for iri in new:
                self.__missing__(iri)  # which names it and keeps the name
            return
        import polars as pl

        frame = pl.DataFrame({"label": list(map(label_of, new)), "curie": short.bulk(new)},
                             schema={"label": pl.String, "curie": pl.String})
        label, curie = pl.col("label"), pl.col("curie")
        named = frame.select(pl.when(label.is_null()).then(curie).otherwise(label + " (" + curie + ")"))
        short.update(zip(new, frame["curie"].to_list(), strict=True))
        self.update(zip(new, named.to_series().to_list(), strict=True))
