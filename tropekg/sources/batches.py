"""A file's triples as batches of N-Triples text for validate's columns: parsed here, or in a child process
(this file run as a script) so that the parse runs beside the coding instead of sharing its GIL."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

__all__ = ["Child", "in_child", "ntriples_batches"]

# Triples per batch: the coder's work on one overlaps the parse of the next, and the last one's is what the reader
# waits for after the parse (bench/validate_columns.py --read).
BATCH = 50_000
# Batches read from a child and held here while this process is busy elsewhere (a child started before validate
# imports polars and scipy): about 5 MB each, so the child runs ahead by up to this many without holding the whole
# file (the coder keeps pace once it runs; bench/validate_columns.py --read).
BACKLOG = 32
# The pipe from the child, widened from Linux's 64 KiB (_widen) to pipe-max-size's default, what an unprivileged
# process may ask for.
PIPE = 1 << 20
_END = (0).to_bytes(8, "little")
# The child runs this file as a script, not `-m tropekg.sources.batches`, which would import the tropekg package
# first (its start-up is on the path to the first batch). -P (Python 3.11+) keeps this folder off its sys.path;
# on 3.10 it is there, and no module in it is named as one the child imports.
_SCRIPT = [sys.executable, *(["-P"] if sys.version_info >= (3, 11) else []), __file__]


def ntriples_batches(raw: bytes, ox_format: ox.RdfFormat, base: str, lenient: bool,
                     size: int = BATCH) -> Iterator[bytes]:
    """The default-graph triples of `raw` (named graphs merged into it) as N-Triples lines, `size` at a time."""
    # From bytes, not ox.parse(path=...): parsing the text in memory costs less CPU than reading the file as it
    # is parsed, its read included (DEVELOPERS.md, issue 27).
    quads = ox.parse(raw, format=ox_format, base_iri=base, lenient=lenient)
    if ox_format.supports_datasets:
        quads = (ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    # Serialising the parser's own quads costs less than making a Triple of each (DEVELOPERS.md).
    while batch := ox.serialize(islice(quads, size), format=ox.RdfFormat.N_QUADS):
        yield batch


class Child:
    """ntriples_batches() in a child process, started now: `source` a plain local file, which the child reads
    itself, or the text, piped to it. Its batches are read on a thread as they come and held (BACKLOG at most)
    until batches() hands them on, so the child parses while this process does something else."""

    def __init__(self, source: bytes | Path, ox_format: ox.RdfFormat, base: str, lenient: bool) -> None:
        self._batches: queue.Queue[bytes | bool] = queue.Queue(maxsize=BACKLOG)
        self._threads: list[threading.Thread] = []
        self.finished = False
        piped = not isinstance(source, Path)
        command = [*_SCRIPT, ox_format.media_type, base, "1" if lenient else "0", "-" if piped else str(source),
                   str(BATCH)]
        try:
            self._process: subprocess.Popen | None = subprocess.Popen(
                command, stdin=subprocess.PIPE if piped else subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL)
        except OSError:
            self._process = None
            self._batches.put(False)
            return
        _widen(self._process.stdout)
        if piped:
            self._start(_feed, self._process.stdin, source)
        self._start(self._read, self._process.stdout)

    def _start(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _read(self, pipe) -> None:
        finished = False
        try:
            while len(head := pipe.read(8)) == 8:
                if head == _END:
                    finished = True
                    break
                size = int.from_bytes(head, "little")
                batch = pipe.read(size)
                if len(batch) != size:  # the child stopped within a batch: its cut last line is not handed on
                    break
                self._batches.put(batch)
        except (OSError, ValueError):  # the pipe broke: the child failed, its exit status says so
            pass
        finally:
            self._batches.put(finished)

    def batches(self) -> Iterator[bytes]:
        """The child's batches as they come; then `finished` says whether it sent its end."""
        while isinstance(item := self._batches.get(), bytes):
            yield item
        self.finished = item

    def finish(self) -> bool:
        """Whether the child parsed the whole file: it sent its end and exited 0 (waited for, 30 s at most, as
        it has nothing left to do; then ended)."""
        if self._process is None:
            return False
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._join()
        return self.finished and self._process.returncode == 0

    def stop(self) -> None:
        """The child ended, its batches not wanted (the file is read another way, or not at all)."""
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        while any(t.is_alive() for t in self._threads):  # the reader may wait for room in the backlog
            try:
                self._batches.get(timeout=0.05)
            except queue.Empty:
                pass
        self._join()

    def _join(self) -> None:
        for thread in self._threads:
            thread.join()
        self._process.stdout.close()


def in_child(source: bytes | Path, ox_format: ox.RdfFormat, base: str, lenient: bool, add: Callable[[bytes], None],
             child: Child | None = None) -> bool:
    """ntriples_batches() run in a child process (`child`, started already, or one started now), each batch
    handed to `add` as it arrives; False when the child did not finish (a syntax error, or no child could
    start): the caller parses here, which says where."""
    child = child or Child(source, ox_format, base, lenient)
    try:
        for batch in child.batches():
            add(batch)
    except BaseException:
        child.stop()
        raise
    return child.finish()


def _widen(pipe) -> None:
    # A pipe holds 64 KiB by default: the child stalls each time this process, busy coding, has not read for a
    # moment. Linux lets a pipe grow to pipe-max-size (1 MiB by default) with F_SETPIPE_SZ.
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE)
    except (ImportError, OSError):
        pass


def _feed(pipe, raw: bytes) -> None:
    try:
        pipe.write(raw)
        pipe.close()
    except OSError:  # the child stopped reading (it failed): its exit status says so
        pass


def _main() -> int:
    media_type, base, lenient, path, size = sys.argv[1:6]
    source = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    out = sys.stdout.buffer
    try:
        for batch in ntriples_batches(source, ox.RdfFormat.from_media_type(media_type), base, lenient == "1",
                                      int(size)):
            out.write(len(batch).to_bytes(8, "little"))
            out.write(batch)
        out.write(_END)
        out.flush()
    except (SyntaxError, ValueError, OSError):  # OSError: also a parent that stopped reading
        return 1
    return 0


if __name__ == "__main__":  # the child's own process (Child), never a caller's: its status is its answer
    raise SystemExit(_main())
