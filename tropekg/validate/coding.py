"""The parser's N-Triples batches coded into integer columns on a thread as they come (validate.columns' input):
terms as a Categorical's ids, the term table described batch by batch, each row hashed."""

from __future__ import annotations

import io
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import polars as pl
import pyoxigraph as ox

__all__ = ["Coder", "distinct"]


class Coder:
    """A sources.reader.TripleSink: each batch of N-Triples text split into s, p, o and coded by one polars
    Categorical of its own (its physical values are the term ids) as it comes, on a thread: polars releases the
    GIL, so coding one batch overlaps parsing the next. The parser's output is made what a store would hold:
    typed literals as Oxigraph keeps them, each file's blank nodes its own (as each Store.load names them).
    The thread also describes the terms each batch names first (the coding gives them the next ids in turn), so
    the term table is ready when the parse ends."""

    def __init__(self, several_files: bool) -> None:
        self.categories = pl.Categories.random()
        self.coding = pl.Categorical(self.categories)
        # The mapping lives while a column of its type does (Categories holds it weakly): this empty one keeps
        # it, so the ids stay the same from batch to batch.
        self.anchor = pl.Series(dtype=pl.String).cast(self.coding)
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._several, self._file = several_files, -1
        self._jobs: list[tuple[int, Future]] = []
        self._tables: list[pl.DataFrame] = []
        self._hashes: list[np.ndarray] = []
        self._top = -1  # the highest id coded so far (on the thread)
        self._dropped = False

    @classmethod
    def of(cls, nt: bytes) -> Coder:
        coder = cls(several_files=False)
        coder.begin_file()
        coder.add(nt)
        return coder

    def begin_file(self) -> None:
        self._file += 1

    def add(self, ntriples: bytes) -> None:
        self._jobs.append((self._file, self._pool.submit(self._code, ntriples, self._file)))

    def drop_file(self) -> None:
        """Forget the current file's batches (its strict parse failed; it is read again leniently)."""
        for file, job in self._jobs:
            if file == self._file:
                job.result()
        self._jobs = [(file, job) for file, job in self._jobs if file != self._file]
        self._dropped = True  # its terms keep their ids: terms() finds the used ones by the rows

    def frames(self) -> list[pl.DataFrame]:
        """The coded batches (s, p, o as u32 term ids), in order; empty input gives one empty frame."""
        done = [job.result() for _, job in self._jobs]
        self._jobs = []
        self._tables += [table for _, table, _ in done]
        self._hashes += [hashes for _, _, hashes in done]
        return [frame for frame, _, _ in done] or [pl.DataFrame(schema={c: pl.UInt32 for c in ("s", "p", "o")})]

    def hashes(self) -> np.ndarray:
        """A hash of each row of frames(), in order (taken on the thread)."""
        return np.concatenate(self._hashes) if self._hashes else np.zeros(0, dtype=np.uint64)

    def terms(self, extra: Iterable[str], stated: pl.DataFrame) -> pl.DataFrame:
        """The term table (id, term, kind, value, lang) of the terms `stated` uses and of `extra`, by id; after a
        dropped file, ids may have gaps (the caller renumbers)."""
        ids = pl.Series(list(extra), dtype=pl.String).cast(self.coding).to_physical()
        if self._dropped:
            used = pl.concat([stated["s"], stated["p"], stated["o"], ids]).unique().sort()
            return _described(used, self.coding)
        top = int(ids.max()) if len(ids) else -1
        tables = [*self._tables, _described(pl.Series(np.arange(self._top + 1, top + 1, dtype=np.uint32)),
                                            self.coding)] if top > self._top else self._tables
        return pl.concat(tables) if tables else _described(pl.Series([], dtype=pl.UInt32), self.coding)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _code(self, ntriples: bytes, file: int) -> tuple[pl.DataFrame, pl.DataFrame, np.ndarray]:
        parts = _canonical(_split(_lines(ntriples), file if self._several else None))
        # One column after another (select_seq): the three casts at once contend for the one mapping, and the CPU
        # they waste is taken from the parse beside them (figures in DEVELOPERS.md, issue 27).
        coded = parts.select_seq(pl.all().cast(self.coding).to_physical())
        top = max((int(m) for m in coded.max().row(0) if m is not None), default=-1)
        new = pl.Series(np.arange(self._top + 1, top + 1, dtype=np.uint32))
        self._top = max(self._top, top)
        return coded, _described(new, self.coding), coded.hash_rows().to_numpy()


def distinct(rows: pl.DataFrame, hashes: np.ndarray) -> pl.DataFrame:
    """The rows once each, in their order: only rows whose hash (`hashes`, one per row) repeats are compared (a
    triple stated twice is rare, and unique() over every row costs more than the parse's last batch)."""
    ordered = np.sort(hashes)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    if not len(repeated):
        return rows
    suspect = np.isin(hashes, repeated)
    first = rows.with_row_index("row").filter(pl.Series(suspect)).unique(["s", "p", "o"], keep="first")["row"]
    keep = ~suspect
    keep[first.to_numpy()] = True
    return rows.filter(pl.Series(keep))


def _described(ids: pl.Series, coding: pl.Categorical) -> pl.DataFrame:
    """id, term (canonical N-Triples), kind (i, b, l) and, for literals, the lexical value (still escaped) and
    the language ("" when none)."""
    term, literal = pl.col("term"), pl.col("kind") == "l"
    table = pl.DataFrame({"id": ids.cast(pl.UInt32), "term": ids.cast(pl.UInt32).cat.to(coding).cast(pl.String)})
    # The value ends at the quote a language or datatype follows (a quote within it is escaped, \"): cut off
    # there, which costs half of extracting it with a capture group.
    return table.with_columns(pl.when(term.str.starts_with("<")).then(pl.lit("i")).when(term.str.starts_with("_"))
                              .then(pl.lit("b")).otherwise(pl.lit("l")).alias("kind")).with_columns(
        pl.when(literal).then(term.str.replace(r'"(?:@[^"]*|\^\^<[^>]*>)?$', "").str.slice(1)).alias("value"),
        pl.when(literal).then(term.str.extract(r'"@([^"]+)$')).fill_null("").alias("lang"))


def _split(lines: pl.DataFrame, file: int | None) -> pl.DataFrame:
    """N-Triples lines as s, p, o (terms as written); `file`: the blank nodes get the file's number (a store
    gives each file's blank nodes their own ids, as RDF 1.1 Semantics 5.2 merges graphs)."""
    # A subject and a predicate hold no space in N-Triples, unless an IRI read leniently does (invalid-iri's
    # findings): then the line is split by the terms' syntax.
    parts = lines.select(pl.col("t").str.splitn(" ", 3).struct.rename_fields(["s", "p", "r"])).unnest("t")
    parts = parts.select("s", "p", pl.col("r").str.strip_suffix(" .").alias("o"))
    torn = ~pl.col("p").str.ends_with(">") | ~(pl.col("s").str.ends_with(">") | pl.col("s").str.starts_with("_:"))
    if not parts.filter(torn).is_empty():
        parts = lines.select(pl.col("t").str.extract_groups(r"^(<[^>]*>|_:\S+) (<[^>]*>) (.*) \.$")).unnest("t")
        parts = parts.rename(dict(zip(parts.columns, ("s", "p", "o"), strict=True)))
    if file is None:
        return parts
    return parts.with_columns(
        pl.when(pl.col(c).str.starts_with("_:")).then(pl.lit(f"_:f{file}x") + pl.col(c).str.slice(2))
        .otherwise(pl.col(c)).alias(c) for c in ("s", "o"))


_PLAIN = '"^^<http://www.w3.org/2001/XMLSchema#string>'


def _canonical(parts: pl.DataFrame) -> pl.DataFrame:
    """Typed literals as Oxigraph's store writes them (it keeps numbers, booleans and dates as values: "01" of
    xsd:integer is dumped as "1", "1" of xsd:boolean as "true"), each distinct one through a small store."""
    # A literal that ends in ">" is typed (a plain one ends in a quote, a tagged one in its tag): two prefix and
    # suffix tests instead of a regex over every object.
    o = pl.col("o")
    typed = parts.select(o.filter(o.str.starts_with('"') & o.str.ends_with(">") & ~o.str.ends_with(_PLAIN))
                         .unique())["o"].to_list()
    if not typed:
        return parts
    store = ox.Store()
    # Leniently, as validate reads: a datatype IRI the lenient read let through (with "{") stays as it was.
    store.load("".join(f"<urn:x:{i}> <urn:x:v> {t} .\n" for i, t in enumerate(typed)).encode(),
               format=ox.RdfFormat.N_TRIPLES, lenient=True)
    canonical = {typed[int(q.subject.value[6:])]: str(q.object) for q in store}
    changed = {k: v for k, v in canonical.items() if k != v}
    return parts.with_columns(pl.col("o").replace(changed)) if changed else parts


def _lines(nt: bytes) -> pl.DataFrame:
    if not nt:
        return pl.DataFrame(schema={"t": pl.String})
    # One column: N-Triples escapes every control character, so no line holds the separator.
    return pl.read_csv(io.BytesIO(nt), has_header=False, separator="\x1f", quote_char=None, new_columns=["t"],
                       schema={"t": pl.String})
