"""Canonical N-Triples lines too many to hold: sorted runs on disk, merged on reading; the same lines, in the same
order, as ntriples.canonical_lines gives for a store loaded with the same files (issue 27).

Why this equals the store's dump: Oxigraph's N-Triples writer is the same for a parsed triple and a stored one,
except where the store keeps a value instead of its text (xsd:integer "01" is dumped "1", xsd:boolean "1" is
dumped "true"): those few literals go through a small store here. Duplicates (a store is a set) are dropped when
runs merge, and blank nodes are relabelled as canonical_lines does (RDFC-1.0 on the lines that mention them,
kept in memory: vocabularies hold few). UTF-8 byte order is code point order (RFC 3629, section 1), so runs
sorted as bytes merge into the str order canonical_lines sorts by.
"""

from __future__ import annotations

import heapq
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

# Typed literals Oxigraph may store as values: any XSD datatype but xsd:string. The canonical integers and
# booleans, which are most of them, are dumped as they are written, so only the others visit a store.
_TYPED = re.compile(rb'"([^"\n]*)"\^\^<http://www\.w3\.org/2001/XMLSchema#([A-Za-z]+)> \.\n')
_AS_WRITTEN = {b"string": None, b"integer": re.compile(rb"0|-?[1-9][0-9]{0,17}"),
               b"boolean": re.compile(rb"true|false")}
RUN_LINES = 1_000_000  # lines sorted in memory per run: about 150 MB of bytes objects at gen_vocab's line length


class SortedLines:
    """Canonical lines of N-Triples text fed in chunks (`add`), kept as sorted runs in `folder`; iterate (as many
    times as needed) for the lines, sorted, without duplicates, each without its newline."""

    def __init__(self, folder: str | Path, run_lines: int = RUN_LINES) -> None:
        self.folder = Path(folder)
        self.run_lines = run_lines
        self.runs: list[Path] = []
        self.pending: list[bytes] = []
        self.blank: list[bytes] = []  # lines that mention a blank node: canonicalised together at the end
        self.closed = False

    def add(self, text: bytes) -> None:
        """Some complete N-Triples lines (Oxigraph's writer: one triple per line, each ending " .\\n")."""
        if _TYPED.search(text):
            text = _stored_values(text)
        lines = text.split(b"\n")
        lines.pop()  # the text ends with a newline
        if b"_:" in text:
            self.blank += (line for line in lines if _has_blank(line))
            lines = [line for line in lines if not _has_blank(line)]
        self.pending += lines
        if len(self.pending) >= self.run_lines:
            self._spill()

    def append(self, line: str) -> None:
        """One line to sort as it is (str, no newline; a key of the caller's, or a line another SortedLines gave)."""
        self.pending.append(line.encode("utf-8"))
        if len(self.pending) >= self.run_lines:
            self._spill()

    def _spill(self) -> None:
        if not self.pending:
            return
        self.pending.sort()
        fd, name = tempfile.mkstemp(prefix="run-", suffix=".nt", dir=self.folder)  # folders are shared
        path = Path(name)
        with open(fd, "wb") as fh:
            fh.writelines(line + b"\n" for line in self.pending)
        self.runs.append(path)
        self.pending = []

    def close(self) -> SortedLines:
        """Done adding: the blank node lines relabelled and every line on disk."""
        if not self.closed:
            if self.blank:
                self.pending += _canonical_blank(self.blank)
                self.blank = []
            self._spill()
            self.closed = True
        return self

    def __iter__(self) -> Iterator[str]:
        self.close()
        files = [open(path, encoding="utf-8", newline="\n") for path in self.runs]  # noqa: SIM115 (closed below)
        try:
            last = None
            for line in heapq.merge(*files) if len(files) != 1 else files[0]:
                if line != last:
                    last = line
                    yield line[:-1]
        finally:
            for fh in files:
                fh.close()


def sorted_lines(chunks: Iterable[bytes], folder: str | Path | None = None) -> SortedLines:
    """The lines of N-Triples `chunks` sorted out of core, in `folder` (a new temporary folder when None, left
    for the caller's folder's clean-up)."""
    found = SortedLines(folder if folder is not None else tempfile.mkdtemp(prefix="tropekg-runs-"))
    for chunk in chunks:
        found.add(chunk)
    return found.close()


def _has_blank(line: bytes) -> bool:
    return line.startswith(b"_:") or line.rsplit(b" ", 2)[-2].startswith(b"_:")


def _canonical_blank(lines: list[bytes]) -> list[bytes]:
    """ntriples._relabel_blank_nodes on bytes lines: RDFC-1.0 as Oxigraph implements it."""
    dataset = ox.Dataset(ox.parse(b"".join(line + b"\n" for line in lines), format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    out = ox.serialize(dataset, format=ox.RdfFormat.N_QUADS).split(b"\n")
    out.pop()
    return out


def _stored_values(text: bytes) -> bytes:
    """`text` with each typed literal a store would dump differently replaced by the store's own dump of it."""
    odd: dict[bytes, bytes] = {}  # literal term -> its dump
    for m in _TYPED.finditer(text):
        kind = _AS_WRITTEN.get(m.group(2), False)
        if kind is None or (kind and kind.fullmatch(m.group(1))):
            continue
        odd.setdefault(m.group()[:-3], b"")
    if not odd:
        return text
    terms = list(odd)
    store = ox.Store()
    store.load(b"".join(b"<urn:x:%d> <urn:x:v> %s .\n" % (i, t) for i, t in enumerate(terms)),
               format=ox.RdfFormat.N_TRIPLES)
    for line in store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).splitlines():
        number, _, term = line.partition(b" <urn:x:v> ")
        odd[terms[int(number[7:-1])]] = term[:-2]
    lines = text.split(b"\n")
    for i, line in enumerate(lines):
        if line.endswith(b"> .") and b"XMLSchema#" in line:
            s, p, o = line.split(b" ", 2)
            found = odd.get(o[:-2])
            if found is not None:
                lines[i] = b"%s %s %s ." % (s, p, found)
    return b"\n".join(lines)
