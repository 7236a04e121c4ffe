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
import operator
import os
import re
import shutil
import subprocess
import tempfile
import weakref
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from .errors import ExportError

# Typed literals Oxigraph may store as values: any XSD datatype but xsd:string. The canonical integers and
# booleans, which are most of them, are dumped as they are written, so only the others visit a store.
_TYPED = re.compile(rb'"([^"\n]*)"\^\^<http://www\.w3\.org/2001/XMLSchema#([A-Za-z]+)> \.\n')
_AS_WRITTEN = {b"string": None, b"integer": re.compile(rb"0|-?[1-9][0-9]{0,17}"),
               b"boolean": re.compile(rb"true|false")}
RUN_LINES = 1_000_000  # lines sorted in memory per run: about 150 MB of bytes objects at gen_vocab's line length
_NO_NEWLINE = operator.itemgetter(slice(None, -1))
SORT_BUFFER = "512M"  # GNU sort's main memory; beyond it, it merges temporary files of its own in the folder


class SortedLines:
    """Canonical lines of N-Triples text fed in chunks (`add`), sorted in `folder` (by GNU sort where there is
    one, else by sorted runs of `run_lines` merged here); iterate (as many times as needed) for the lines, sorted,
    without duplicates, each without its newline. discard() stops a sort that will not be read."""

    def __init__(self, folder: str | Path, run_lines: int = RUN_LINES, external: bool | None = None) -> None:
        self.folder = Path(folder)
        self.run_lines = run_lines
        self.runs: list[Path] = []
        self.pending: list[bytes] = []
        self.blank: list[bytes] = []  # lines that mention a blank node: canonicalised together at the end
        self.closed = False
        use_sort = gnu_sort() if external is None else external
        self.sorter = _Sorter(self.folder) if use_sort else None

    def add(self, text: bytes) -> None:
        """Some complete N-Triples lines (Oxigraph's writer: one triple per line, each ending " .\n")."""
        if _TYPED.search(text):
            text = _stored_values(text)
        if b"_:" in text:
            lines = text.split(b"\n")
            lines.pop()  # the text ends with a newline
            self.blank += (line for line in lines if _has_blank(line))
            text = b"".join(line + b"\n" for line in lines if not _has_blank(line))
        if self.sorter is not None:
            self.sorter.write(text)
            return
        lines = text.split(b"\n")
        lines.pop()
        self.pending += lines
        if len(self.pending) >= self.run_lines:
            self._spill()

    def append(self, line: str) -> None:
        """One line to sort as it is (str, no newline; a key of the caller's, or a line another SortedLines gave)."""
        if self.sorter is not None:
            self.sorter.write(f"{line}\n".encode())
            return
        self.pending.append(line.encode())
        if len(self.pending) >= self.run_lines:
            self._spill()

    def _spill(self) -> None:
        if not self.pending:
            return
        self.pending = sorted(set(self.pending))  # a store is a set: a triple stated twice is one line
        try:
            fd, name = tempfile.mkstemp(prefix="run-", suffix=".nt", dir=self.folder)  # folders are shared
            with open(fd, "wb") as fh:
                fh.write(b"\n".join(self.pending) + b"\n")
        except OSError as e:  # a full disk or a folder gone: one line, as GNU sort's failure is (_Sorter.finish)
            raise ExportError(f"{self.folder}: writing sorted lines failed ({e.strerror or e}); free space there and "
                              "retry") from None
        self.runs.append(Path(name))
        self.pending = []

    def close(self) -> SortedLines:
        """Done adding: the blank node lines relabelled and every line on disk, sorted or in sorted runs."""
        if not self.closed:
            if self.blank:
                canonical, self.blank = _canonical_blank(self.blank), []
                if self.sorter is not None:
                    self.sorter.write(b"".join(line + b"\n" for line in canonical))
                else:
                    self.pending += canonical
            if self.sorter is not None:
                self.runs = [self.sorter.finish()]
            self._spill()
            self.closed = True
        return self

    def discard(self) -> None:
        if self.sorter is not None:
            self.sorter.stop()

    def __iter__(self) -> Iterator[str]:
        self.close()
        files = [open(path, encoding="utf-8", newline="\n") for path in self.runs]  # noqa: SIM115 (closed below)
        try:
            if self.sorter is not None or len(files) == 1:  # one file, without duplicates: sliced at C speed
                yield from map(_NO_NEWLINE, files[0])
                return
            last = None
            for line in heapq.merge(*files):
                if line != last:
                    last = line
                    yield line[:-1]
        finally:
            for fh in files:
                fh.close()


@cache
def gnu_sort() -> bool:
    """Whether GNU sort is here: it sorts in C, beside the parse on the other core, within its -S buffer."""
    found = shutil.which("sort")
    if found is None:
        return False
    try:
        done = subprocess.run([found, "--version"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return b"GNU coreutils" in done.stdout


class _Sorter:
    """One `sort -u` (byte order: LC_ALL=C) fed through a pipe, writing a file in `folder`; time-limited."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.fed = folder, 0
        self.out = folder / f"sorted-{os.getpid()}-{id(self)}.nt"
        self.errors = tempfile.TemporaryFile(dir=folder)  # a file, not a pipe: sort never blocks on it
        self.proc = subprocess.Popen(
            [shutil.which("sort") or "sort", "-u", "-S", SORT_BUFFER, "--parallel=2", "-T", str(folder),
             "-o", str(self.out)], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self.errors,
            env={**os.environ, "LC_ALL": "C"})
        weakref.finalize(self, _kill, self.proc)

    def write(self, data: bytes) -> None:
        self.fed += len(data)
        try:
            self.proc.stdin.write(data)  # type: ignore[union-attr]
        except BrokenPipeError:
            self.finish()

    def finish(self) -> Path:
        try:
            self.proc.stdin.close()  # type: ignore[union-attr]
        except BrokenPipeError:
            pass
        try:
            # A minute, and a second more per 10 MB: GNU sort takes a few seconds per 100 MB here.
            code = self.proc.wait(timeout=60 + self.fed / 10e6)
        except subprocess.TimeoutExpired:
            self.stop()
            raise ExportError(f"{self.folder}: sorting the lines took too long; check the disk there") from None
        if code != 0:
            self.errors.seek(0)
            why = " ".join(self.errors.read().decode("utf-8", "replace").split())[-300:]
            raise ExportError(f"{self.folder}: sort failed ({why or f'exit {code}'}); free space there and retry")
        return self.out

    def stop(self) -> None:
        _kill(self.proc)


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def sorted_lines(feed: Callable[[Callable[[bytes], None]], None], folder: str | Path) -> SortedLines:
    """The lines that `feed` hands to its argument (N-Triples bytes: sources.stream.Streamed.into), sorted out of
    core in `folder`, which the caller owns and removes (no folder of its own here, which nobody would remove)."""
    found = SortedLines(folder)
    try:
        feed(found.add)
        return found.close()
    except BaseException:
        found.discard()
        raise


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
