"""A vocabulary's triples as integer-coded polars columns, with SKOS entailment as column operations, for the
columnar engine (validate.columnar); entailment.py says what is entailed, this module computes the same."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import polars as pl
import pyoxigraph as ox

from ..labels import lang_tag
from ..model import concept_rule
from ..namespaces import OWL, RDF, RDFS, SKOS
from ..vocabulary import Vocabulary
from .coding import Coder, distinct
from .entailment import NO_SCHEMES, QSKOS_CONCEPT, SKOS_CLASSES, close_super_properties, sort_classes

__all__ = ["Columns", "iri", "text_of", "unescape"]

TYPE, SUBCLASS, SUBPROPERTY = f"<{RDF}type>", f"<{RDFS}subClassOf>", f"<{RDFS}subPropertyOf>"
TRUE = '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
DEPRECATED = f"<{OWL}deprecated>"


def iri(value: str) -> str:
    """An IRI as the columns spell it (canonical N-Triples)."""
    return f"<{value}>"


class Columns:
    """The stated triples (`stated`: s, p, o as u32 term ids, one row per distinct triple, as the store holds
    them) and what entailment.entail() adds (`entailed`), over one term table (`terms`: id, term in canonical
    N-Triples, kind i/b/l, lexical value and language of literals, still escaped)."""

    def __init__(self, nt: bytes | Coder, extra_terms: Iterable[str] = ()) -> None:
        coder = nt if isinstance(nt, Coder) else Coder.of(nt)
        del nt  # the caller passes the text without keeping it (Columns.of): its memory goes when coded
        coded = pl.concat(coder.frames())
        # The store's one row per triple, in the order read (a dump's: hr's witness follows it).
        self.stated = distinct(coded, coder.hashes())
        del coded
        # A term's id is its row in `terms` (rules gather by id).
        table = coder.terms(extra_terms, self.stated)
        if table.height and table["id"][-1] != table.height - 1:  # a dropped batch's terms left gaps: renumber
            lookup = np.zeros(int(table["id"][-1]) + 1, dtype=np.uint32)
            lookup[table["id"].to_numpy()] = np.arange(table.height, dtype=np.uint32)
            self.stated = pl.DataFrame({c: lookup[self.stated[c].to_numpy()] for c in ("s", "p", "o")})
            table = table.with_columns(pl.Series("id", np.arange(table.height, dtype=np.uint32)))
        self.terms = table
        self._lookup: dict[str, int] = {}
        self._term_hashes: np.ndarray | None = None
        self._kinds: dict[str, pl.Series] = {}
        self._union: pl.DataFrame | None = None
        self._by_p: dict[int, pl.DataFrame] | None = None
        self._memo: dict[str, object] = {}
        self.super_properties: dict[str, set[str]] = {}  # entailment.super_properties, once entail() has run
        self.entailed = pl.DataFrame(schema={"s": pl.UInt32, "p": pl.UInt32, "o": pl.UInt32})
        self.no_schemes = False

    @classmethod
    def read(cls, vocab, progress=None) -> Columns:
        """The columns of a sources.reader.Deferred vocabulary's files, read now without a store (its read_into,
        coded batch by batch as the parser writes them), with entail() applied."""
        coder = Coder(several_files=len(vocab.sources) > 1)
        try:
            vocab.read_into(coder, *([progress] if progress else []))
            cols = cls(coder, _VOCABULARY)
        finally:
            coder.close()
        cols.entail()
        return cols

    @classmethod
    def of(cls, vocab: Vocabulary) -> Columns:
        """The columns of a Vocabulary's stated triples (its store's default graph, dumped as N-Triples by
        Oxigraph, which writes every term canonically), with entail() applied."""
        cols = cls(vocab.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), _VOCABULARY)
        cols.entail()
        return cols

    def id(self, term: str) -> int:
        """The id of a term (canonical N-Triples), or -1 when the data has no such term."""
        if term not in self._lookup:
            self._lookup[term] = self._find(term)
        return self._lookup[term]

    def _find(self, term: str) -> int:
        # By a hash of each term, taken once: a filter over the strings per term cost 25 ms at 1M concepts, and
        # the coding's own hash map holds every string again (hundreds of MB at that size).
        if self._term_hashes is None:
            self._term_hashes = self.terms["term"].hash().to_numpy()
        wanted = pl.Series([term], dtype=pl.String).hash()[0]
        for row in np.flatnonzero(self._term_hashes == wanted):
            if self.terms["term"][int(row)] == term:
                return int(row)
        return -1

    def ids(self, terms: Iterable[str]) -> list[int]:
        return [i for i in (self.id(t) for t in terms) if i >= 0]

    @property
    def union(self) -> pl.DataFrame:
        """Stated and entailed triples (what a check with `# entailment: yes` reads)."""
        if self._union is None:
            self._union = pl.concat([self.stated, self.entailed])
        return self._union

    def of_kind(self, kind: str) -> pl.Series:
        """The ids of the IRIs ("i"), blank nodes ("b") or literals ("l")."""
        if kind not in self._kinds:
            self._kinds[kind] = self.terms.filter(pl.col("kind") == kind)["id"]
        return self._kinds[kind]

    def with_p(self, props: Iterable[str], union: bool = False) -> pl.DataFrame:
        """The triples whose predicate is one of `props` (IRIs): from the stated triples grouped by predicate
        once (the rules ask for a few predicates each, dozens of times in all), and the entailed ones."""
        if self._by_p is None:
            self._by_p = {key[0]: frame for key, frame in self.stated.partition_by("p", as_dict=True).items()}
        ids = self.ids(iri(p) for p in props)
        # One predicate: its group. Several: one filter, so the rows keep the stated order (hr reads it).
        frames = [self._by_p[i] for i in ids if i in self._by_p] if len(ids) < 2 else \
            [self.stated.filter(pl.col("p").is_in(ids))]
        if union:
            frames.append(self.entailed.filter(pl.col("p").is_in(ids)))
        return pl.concat(frames) if frames else self.stated.clear()

    def memo(self, key: str, factory):
        """`factory()` computed once for these columns (the hierarchy's edges, read by several rules)."""
        if key not in self._memo:
            self._memo[key] = factory()
        return self._memo[key]

    def blank_store(self) -> ox.Store:
        """A store of the statements (stated and entailed) that have a blank node at either end, under the
        columns' own blank node ids: what blanks.stable_names reads about them."""
        blank = self.of_kind("b").implode()
        rows = self.union.filter(pl.col("s").is_in(blank) | pl.col("o").is_in(blank))
        text = "".join(f"{s} {p} {o} .\n" for s, p, o in zip(self.texts(rows["s"]), self.texts(rows["p"]),
                                                              self.texts(rows["o"]), strict=True))
        store = ox.Store()
        # Quads made by the parser keep their blank node ids; Store.load would give new ones.
        store.extend(ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES, lenient=True))
        return store

    # --- entailment (entailment.entail(), as column operations) ---

    def entail(self) -> None:
        stated = self.stated
        pairs = self._iri_pairs(stated, SUBPROPERTY)
        supers = self.super_properties = close_super_properties((s[1:-1], o[1:-1]) for s, o in pairs)
        own = self._implied(stated, {s: ups for s, ups in supers.items() if not s.startswith(SKOS)})
        union = pl.concat([stated, own])
        classes = self._classes(union)
        types = pl.concat([self._subclass_typed(union, classes),
                           self._untyped(union, SKOS + "Concept", _concept_uses(False), classes),
                           self._untyped(union, SKOS + "ConceptScheme", _SCHEME_USES, classes)])
        union = pl.concat([union, types])
        involved = self._untyped(union, QSKOS_CONCEPT.value, _concept_uses(True), classes)
        mapped = self._implied(stated, {s: ups for s, ups in supers.items() if s.startswith(SKOS)})
        self.entailed = pl.concat([own, types, involved, mapped]).unique(maintain_order=True)
        self._union = None
        self._memo.clear()
        scheme = self.id(iri(SKOS + "ConceptScheme"))
        self.no_schemes = stated.filter((pl.col("p") == self.id(TYPE)) & (pl.col("o") == scheme)).is_empty()

    def _iri_pairs(self, frame: pl.DataFrame, prop: str) -> list[tuple[str, str]]:
        rows = frame.filter(pl.col("p") == self.id(prop)).select("s", "o")
        iris = self.of_kind("i")
        rows = rows.filter(pl.col("s").is_in(iris.implode()) & pl.col("o").is_in(iris.implode()))
        return list(zip(self.texts(rows["s"]), self.texts(rows["o"]), strict=True))

    def texts(self, ids: pl.Series) -> list[str]:
        """The N-Triples terms of ids, in order."""
        if ids.dtype == pl.UInt32 and (ids.is_empty() or (ids.max() or 0) < self.terms.height):
            return self.terms["term"].gather(ids).to_list()  # a term's id is its row
        return ids.to_frame("id").join(self.terms.select("id", "term"), on="id", how="left",
                                       maintain_order="left")["term"].to_list()

    def _implied(self, stated: pl.DataFrame, supers: dict[str, set[str]]) -> pl.DataFrame:
        """(s, P, o) for each stated (s, p, o) with P above p, where the data does not state it (rdfs7)."""
        links = [(self.id(iri(sub)), self.id(iri(sup))) for sub, ups in supers.items() for sup in ups]
        links = pl.DataFrame([(a, b) for a, b in links if a >= 0 and b >= 0], schema={"p": pl.UInt32, "q": pl.UInt32},
                             orient="row")
        implied = stated.join(links, on="p").select("s", pl.col("q").alias("p"), "o")
        if implied.is_empty():
            return implied
        return implied.join(stated, on=["s", "p", "o"], how="anti").unique(maintain_order=True)

    def _classes(self, union: pl.DataFrame):
        pairs = self._iri_pairs(union, SUBCLASS)
        used = union.filter(pl.col("p") == self.id(TYPE))["o"].unique()
        used = used.filter(used.is_in(self.of_kind("i").implode()))
        return sort_classes([(s[1:-1], o[1:-1]) for s, o in pairs], [t[1:-1] for t in self.texts(used)])

    def _typed_by(self, union: pl.DataFrame, classes: Iterable[str]) -> pl.Series:
        wanted = self.ids(iri(c) for c in classes)
        return union.filter((pl.col("p") == self.id(TYPE)) & pl.col("o").is_in(wanted))["s"].unique()

    def _typing(self, subjects: pl.Series, cls: str) -> pl.DataFrame:
        return pl.DataFrame({"s": subjects.cast(pl.UInt32)}).with_columns(
            pl.lit(self.id(TYPE), pl.UInt32).alias("p"), pl.lit(self.id(iri(cls)), pl.UInt32).alias("o"))

    def _subclass_typed(self, union: pl.DataFrame, classes) -> pl.DataFrame:
        """entailment._subclass_typed: typed by a subclass of skos:Concept, neither skos:Concept nor disjoint."""
        found = self._typed_by(union, classes.concept)
        found = found.filter(~found.is_in(self._typed_by(union, [SKOS + "Concept", *classes.disjoint]).implode()))
        return self._typing(found, SKOS + "Concept")

    def _untyped(self, union: pl.DataFrame, top: str, uses: tuple, classes) -> pl.DataFrame:
        """entailment._untyped: used as a `top`, not a literal, typed by nothing or only by non-SKOS classes."""
        as_subject, as_object, if_described = uses
        used = self._mask(union.filter(pl.col("p").is_in(self.ids(map(iri, as_subject))))["s"])
        used |= self._mask(union.filter(pl.col("p").is_in(self.ids(map(iri, as_object))))["o"])
        if if_described:
            targets = union.filter(pl.col("p").is_in(self.ids(map(iri, if_described))))["o"].to_numpy()
            used[targets[self._mask(union["s"])[targets]]] = True
        typing = union.filter(pl.col("p") == self.id(TYPE))
        typed, skos_typed, other_typed = (self._mask(typing.filter(pl.col("o").is_in(self.ids(map(iri, wanted))))[
            "s"]) if wanted is not None else self._mask(typing["s"]) for wanted in (None, classes.own, classes.other))
        keep = used & ~self._mask(self.of_kind("l")) & (~typed | (other_typed & ~skos_typed))
        return self._typing(pl.Series(np.flatnonzero(keep).astype(np.uint32)), top)

    def _mask(self, ids: pl.Series) -> np.ndarray:
        """A term id -> bool table of `ids` (membership by indexing: is_in over millions of ids costs more)."""
        mask = np.zeros(self.terms.height, dtype=bool)
        mask[ids.to_numpy()] = True
        return mask


def _concept_uses(qskos: bool) -> tuple:
    """entailment._uses, as (as_subject, as_object, if_described) property lists."""
    as_subject, as_object, if_described = concept_rule()
    if qskos:
        more_subject, more_object, _ = concept_rule(qskos=True)
        return (tuple(p for p in more_subject if p not in as_subject),
                tuple(p for p in more_object if p not in as_object), ())
    return as_subject, as_object, if_described


_SCHEME_USES = ((SKOS + "hasTopConcept",), (SKOS + "inScheme", SKOS + "topConceptOf"), ())
# Terms the rules and entailment name, given ids even when the data lacks them (entailment adds some).
_VOCABULARY = (TYPE, SUBCLASS, SUBPROPERTY, TRUE, DEPRECATED, iri(QSKOS_CONCEPT.value), iri(NO_SCHEMES.value),
               *(iri(c) for c in SKOS_CLASSES), *(iri(SKOS + p) for p in (
                   "broader", "narrower", "related", "prefLabel", "altLabel", "hiddenLabel", "closeMatch")))


_ESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))')
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def unescape(text: str) -> str:
    """A lexical value as N-Triples escapes it, unescaped."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(3) is None
                       else _SIMPLE[m.group(3)], text)


_LITERAL = re.compile(r'^"(.*)"(?:@([^"]*)|\^\^<[^>]*>)?$', re.S)


def text_of(term: str) -> str:
    """labels.term_text of a term written in canonical N-Triples."""
    if term[0] == "<":
        return term[1:-1]
    if term[0] == "_":
        return term
    m = _LITERAL.match(term)
    value, lang = unescape(m.group(1)), m.group(2)
    if lang:
        return f'"{value}"@{lang_tag(lang)}'
    return value if value.strip() else f'"{value}"'
