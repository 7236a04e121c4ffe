"""Reading RDF files (or the bundled taxonomy) into one Oxigraph-backed Vocabulary."""

from __future__ import annotations

import gzip
import re
import stat
import threading
import weakref
import zlib
from pathlib import Path
from typing import Generic, Protocol, TypeVar

import pyoxigraph as ox

from ..errors import LoadError
from ..namespaces import PREFIXES
from ..output.progress import Progress, silent
from ..vocabulary import Vocabulary
from .batches import Child, in_child, ntriples_batches
from .places import index_places
from .prefixes import prefixes_in
from .resources import bundled_sources
from .xmlguard import defuse_xml

T = TypeVar("T")

# One entry per input format: the Oxigraph format and the file extensions that select it.
INPUT_FORMATS: dict[str, tuple[ox.RdfFormat, tuple[str, ...]]] = {
    "turtle": (ox.RdfFormat.TURTLE, (".ttl", ".turtle")),
    "ntriples": (ox.RdfFormat.N_TRIPLES, (".nt", ".ntriples")),
    "nquads": (ox.RdfFormat.N_QUADS, (".nq", ".nquads")),
    "trig": (ox.RdfFormat.TRIG, (".trig",)),
    "n3": (ox.RdfFormat.N3, (".n3",)),
    "rdfxml": (ox.RdfFormat.RDF_XML, (".rdf", ".owl", ".xml", ".rdfxml")),
    "jsonld": (ox.RdfFormat.JSON_LD, (".jsonld", ".json")),
}

_PARSE_ERROR = re.compile(
    r"^Parser error at line (\d+) (?:between columns (\d+) and \d+|column (\d+))?:?\s*(.*)$", re.S
)


def format_for(path: Path, override: str | None = None) -> str:
    """The input format name for `path`: `override` if given, else by extension (a trailing .gz is skipped)."""
    if override:
        if override not in INPUT_FORMATS:
            raise LoadError(f"--input-format {override}: unknown; choose one of {', '.join(INPUT_FORMATS)}")
        return override
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    ext = suffixes[-1] if suffixes else ""
    for name, (_, exts) in INPUT_FORMATS.items():
        if ext in exts:
            return name
    raise LoadError(f"{path}: cannot tell the RDF format from the extension {ext or '(none)'!r}; "
                    f"pass --input-format ({', '.join(INPUT_FORMATS)})")


def _read_bytes(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise LoadError(f"{path}: is a directory; name the RDF files inside it") from None
    except OSError as e:
        raise LoadError(f"{path}: cannot read ({e.strerror})") from None
    if path.suffix.lower() == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as e:
            raise LoadError(f"{path}: not a valid gzip file ({e}); decompress it or fix the name") from None
    return raw


def _syntax_error(path: Path, err: SyntaxError) -> LoadError:
    """Oxigraph's SyntaxError as one line "file:line:column: message"."""
    text = str(err.msg if err.msg else err)
    m = _PARSE_ERROR.match(text)
    line, col, detail = err.lineno, err.offset, text
    if m:
        line = int(m.group(1))
        col = int(m.group(2) or m.group(3) or 0) or col
        detail = m.group(4)
    where = f"{path}:{line}:{col}" if line else f"{path}"
    detail = " ".join(detail.split())
    return LoadError(f"{where}: syntax error: {detail}; fix the file or pass the right --input-format")


class TripleSink(Protocol):
    """What receives a file's triples as N-Triples text instead of a store (validate's columns): batches as they
    are parsed, the file's own dropped when its strict parse fails and it is read again leniently."""

    def begin_file(self) -> None: ...
    def add(self, ntriples: bytes) -> None: ...
    def drop_file(self) -> None: ...


def load_into(store: ox.Store | TripleSink, path: Path, fmt: str,
              invalid: dict[str, str] | None = None, child: Child | None = None) -> dict[str, str]:
    """Parse one file into `store`'s default graph (named graphs are merged into it); return its prefixes.
    A TripleSink instead of a store receives the file's triples as N-Triples text (validate's columnar engine
    reads them without a store: Deferred.read_into).

    `invalid` (validate only): on an invalid IRI, read the file again leniently and add each invalid IRI with its
    place there (tropekg.sources.lenient) instead of refusing the file. `child` (a TripleSink only): the child
    process parsing this file strictly, started already (early_child)."""
    raw = written = _read_bytes(path)
    if fmt == "rdfxml":  # without its DTD, which libxml2 read (line numbers may shift: places come from `written`)
        raw = defuse_xml(raw, str(path))
    ox_format = INPUT_FORMATS[fmt][0]
    base = path.resolve().as_uri()
    sink = None if isinstance(store, ox.Store) else store
    if sink:
        sink.begin_file()
    source = path if _plain(path, fmt) else raw
    # The prefixes are found on a thread while the file is parsed (by Store.load, which lets go of the GIL, or by a
    # child process): six bytes.find passes over the whole text (1.2 s at 1M concepts) off the parse's path.
    declared = Background(prefixes_in, raw, fmt, base)
    try:
        _parse_into(store, raw, ox_format, base, lenient=False, source=source, child=child)
    except SyntaxError as e:
        from .lenient import invalid_iris, is_iri_error

        if invalid is None or not is_iri_error(e):
            raise _syntax_error(path, e) from None
        if sink:
            sink.drop_file()
        try:
            _parse_into(store, raw, ox_format, base, lenient=True, source=source)
        except SyntaxError as again:
            raise _syntax_error(path, again) from None
        invalid.update(invalid_iris(ox.parse(raw, format=ox_format, base_iri=base, lenient=True), written, path, base))
    except (ValueError, OSError) as e:
        raise LoadError(f"{path}: cannot parse as {fmt} ({e}); fix the file or pass --input-format") from None
    return declared.result()


def _plain(path: Path, fmt: str) -> bool:
    """Whether a child process can parse `path` by opening it: a regular file read as it is (not gzipped, not
    RDF/XML, whose DTD is taken out first), so the text need not go through a pipe."""
    try:
        return path.suffix.lower() != ".gz" and fmt != "rdfxml" and stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def early_child(path: Path, fmt: str) -> Child | None:
    """A child process parsing `path` strictly for a TripleSink, started before it is wanted (the columnar read of
    a large file, whose parse then overlaps the imports and rules that precede it); None unless a plain file."""
    if not _plain(path, fmt):
        return None
    return Child(path, INPUT_FORMATS[fmt][0], path.resolve().as_uri(), lenient=False)


def _parse_into(store: ox.Store | TripleSink, raw: bytes, ox_format: ox.RdfFormat, base: str,
                lenient: bool, source: bytes | Path | None = None, child: Child | None = None) -> None:
    if not isinstance(store, ox.Store):
        # In a child process first: parsing here would share this process's GIL with the sink's coding. A child
        # that fails (a syntax error) leaves the parse to this process, whose error says where.
        if in_child(raw if source is None else source, ox_format, base, lenient, store.add, child):
            return
        store.drop_file()  # the batches the child sent before it failed
        for batch in ntriples_batches(raw, ox_format, base, lenient):
            store.add(batch)
        return
    if ox_format.supports_datasets:
        # Several files are merged into one graph; named graphs too, so every check sees everything.
        store.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object)
            for q in ox.parse(raw, format=ox_format, base_iri=base, lenient=lenient)
        )
    else:
        store.load(raw, format=ox_format, base_iri=base, to_graph=ox.DefaultGraph(), lenient=lenient)


# From this size of input a command that reads files whole skips the store: validate's columns (validate.runner),
# the streamed exports (export.streamed). Below it the store costs less than sorting on disk and importing polars
# (bench/exports_ab.py and bench/validate_scale.py; docs/benchmarks.md). 50,000 triples are 2-6 MB of Turtle.
LARGE_INPUT_BYTES = 4_000_000


def input_bytes(paths: list[str | Path] | None) -> int:
    """The size of the files `paths` names (0 for the bundled taxonomy, which is small), without reading them."""
    return sum(Path(p).stat().st_size for p in paths or () if Path(p).is_file())


def load(paths: list[str | Path] | None = None, input_format: str | None = None,
         progress: Progress = silent, places: bool = False, lenient: bool = False, endpoint: str | None = None,
         graph: str | None = None, deferred: bool = False) -> Vocabulary:
    """A Vocabulary of the files in `paths` merged, or of the bundled taxonomy and ontology when none are given,
    or of the graph a SPARQL endpoint holds (`endpoint`, `graph`: a RemoteVocabulary, whose queries run there;
    no files then).

    `places=True` (validate, which points findings at file:line) indexes where each subject is written on a
    second thread while Oxigraph loads: Store.load releases the GIL, so the index costs no wall time on two
    cores (a Deferred vocabulary's beside Store.load too, or after a parse into columns). `lenient=True`
    (validate) reads files with invalid IRIs, which the Vocabulary lists in `invalid_iris`
    (tropekg.sources.lenient); otherwise they are a LoadError. `deferred=True` (validate) reads nothing yet: a
    Deferred vocabulary, read into the store or into columns as its first user asks."""
    if endpoint:
        from .remote import connect

        return connect(endpoint, graph, tuple(str(p) for p in paths or ()))
    bundled = not paths
    files = bundled_sources() if bundled else [Path(p) for p in paths or []]
    fmt = None if bundled else input_format
    # A large input is read into validate's columns, by a child process: started first, its parse overlaps
    # validate's imports (Deferred.read_into takes it; read() stops it).
    first = None
    if deferred and input_bytes(files) >= LARGE_INPUT_BYTES:
        formats = [format_for(path, fmt) for path in files]  # an unknown one is refused before any child starts
        first = early_child(files[0], formats[0])
    if deferred:
        return Deferred(files, fmt, lenient, bundled, places, first)
    index = _place_index(files) if places else None
    store = ox.Store()
    prefixes, invalid = read_files(store, files, fmt, lenient, progress)
    where = index.result if index else lambda: index_places(tuple(files), prefixes)
    vocab = Vocabulary(store, tuple(files), prefixes, bundled=bundled, places=where)
    vocab.invalid_iris = invalid
    return vocab


def _place_index(files: list[Path]) -> Background:
    """The place index of `files`, made on a thread from now."""
    # Merged prefixes only matter to the index for a CURIE whose prefix its own file does not declare, which
    # Turtle rejects: the index needs no more than ours and each file's own.
    return Background(index_places, tuple(files), PREFIXES, LARGE_INPUT_BYTES)


def read_files(target: ox.Store | TripleSink, files: list[Path], input_format: str | None, lenient: bool,
               progress: Progress = silent, first: Child | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Every file parsed into `target` (load_into); the merged prefixes and, when `lenient`, the invalid IRIs.
    `first`: the child parsing the first file, started already (early_child; a TripleSink only)."""
    prefixes: dict[str, str] = {}
    invalid: dict[str, str] = {}
    for done, path in enumerate(files):
        progress(f"loading {path.name}", done, len(files))
        fmt = format_for(path, input_format)
        child, first = (first, None) if done == 0 else (None, first)
        for p, ns in load_into(target, path, fmt, invalid if lenient else None, child).items():
            prefixes.setdefault(p, ns)
    return merged_prefixes(prefixes), invalid


def merged_prefixes(found: dict[str, str]) -> dict[str, str]:
    """The prefixes the files declare (the first file's where two differ) with ours; ours win, so output and
    CURIEs read the same on every input."""
    return {**{p: ns for p, ns in found.items() if ns not in PREFIXES.values()}, **PREFIXES}


class Background(Generic[T]):
    """`function(*args)` started on a daemon thread; result() waits for it and returns (or raises) its outcome
    (the place index beside Store.load here; diff's second version beside its first).

    Daemon, unlike concurrent.futures' workers: when loading fails, the process exits at once instead of waiting
    for work whose result nobody will read."""

    def __init__(self, function, *args) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(function, args), daemon=True)
        self._thread.start()

    def _run(self, function, args) -> None:
        try:
            self._value = function(*args)
        except BaseException as e:  # handed to the caller of result(), on its thread
            self._error = e

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


class Deferred(Vocabulary):
    """A Vocabulary whose files are read when first needed: into the store, as load() reads them, when anything
    asks for the store (or the prefixes, the invalid IRIs, the size); or once as N-Triples (read_into()) for
    validate's columnar engine, which then needs no store (a store asked for later reads the files again)."""

    def __init__(self, files: list[Path], input_format: str | None, lenient: bool, bundled: bool,
                 places: bool, first: Child | None = None) -> None:
        for path in files:  # an unknown format is refused now, as load() refuses it
            format_for(path, input_format)
        self._format, self._lenient, self._read = input_format, lenient, False
        # The child parsing the first file (load's early_child), for read_into; ended when the store is read
        # instead, or when this vocabulary is dropped unread.
        self._first = first
        if first:
            weakref.finalize(self, first.stop)
        self._store: ox.Store | None = None
        self._lock = threading.Lock()
        self._prefixes: dict[str, str] = {}
        self._invalid: dict[str, str] = {}
        # `places` (validate): the place index is made on a thread beside the read (_index_soon); otherwise when
        # first asked for.
        self._places_wanted, self._index = places, None
        super().__init__(None, tuple(files), {}, bundled=bundled, places=self._indexed)  # type: ignore[arg-type]

    @property
    def loaded(self) -> bool:
        """True once the files were read (into the store or as N-Triples)."""
        return self._read

    @property
    def stored(self) -> bool:
        """True once the files were read into the store."""
        return self._store is not None

    @property
    def store(self) -> ox.Store:
        return self._stored()

    def _stored(self, progress: Progress = silent) -> ox.Store:
        with self._lock:  # validate's pool threads may ask at once: one reads, the others wait for the whole
            if self._store is None:
                if first := self._take_first():
                    first.stop()
                store = ox.Store()
                self._index_soon()  # beside Store.load, which lets go of the GIL
                self._prefixes, self._invalid = read_files(store, list(self.sources), self._format, self._lenient,
                                                           progress)
                self._store, self._read = store, True
        return self._store

    @store.setter
    def store(self, value: ox.Store | None) -> None:
        self._store = value

    @property
    def prefixes(self) -> dict[str, str]:
        if not self._read:
            self._stored()
        return self._prefixes

    @prefixes.setter
    def prefixes(self, value: dict[str, str]) -> None:
        self._prefixes = value

    @property
    def invalid_iris(self) -> dict[str, str]:  # type: ignore[override]
        if not self._read:
            self._stored()
        return self._invalid

    @invalid_iris.setter
    def invalid_iris(self, value: dict[str, str]) -> None:
        self._invalid = value

    def size(self) -> int:
        """The input's size in bytes, without reading it (validate's engine choice)."""
        return input_bytes(list(self.sources))

    def read(self, progress: Progress = silent) -> None:
        """The files read into the store now (if not yet), showing `progress` as load() does."""
        self._stored(progress)

    def read_into(self, sink: TripleSink, progress: Progress = silent) -> None:
        """The files' triples into `sink` as N-Triples text (load_into), read now; fills the prefixes and the
        invalid IRIs as loading does."""
        self._prefixes, self._invalid = read_files(sink, list(self.sources), self._format, self._lenient, progress,
                                                   self._take_first())
        self._read = True
        # After the parse, not beside it: there the index took CPU from the child's parse and the coding on two
        # cores; now the child's core is free, and the index is done before the findings are made.
        self._index_soon()

    def _index_soon(self) -> None:
        if self._places_wanted:
            self._indexing()

    def _indexing(self) -> Background:
        """The place index, started on a thread now if not yet."""
        if self._index is None:
            self._index = _place_index(list(self.sources))
        return self._index

    def _indexed(self):
        return self._indexing().result()

    def _take_first(self) -> Child | None:
        first, self._first = self._first, None
        return first
