"""A file's triples as batches of N-Triples text for validate's columns: parsed here, or in a child process
(`python -m tropekg.sources.batches`) so that the parse runs beside the coding instead of sharing its GIL."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from itertools import islice

import pyoxigraph as ox

__all__ = ["in_child", "ntriples_batches"]

# Triples per batch: the coder's work on one overlaps the parse of the next, and the last one's is what the reader
# waits for after the parse (bench/validate_columns.py --read).
BATCH = 50_000
_END = (0).to_bytes(8, "little")


def ntriples_batches(raw: bytes, ox_format: ox.RdfFormat, base: str, lenient: bool) -> Iterator[bytes]:
    """The default-graph triples of `raw` (named graphs merged into it) as N-Triples lines, BATCH at a time."""
    quads = ox.parse(raw, format=ox_format, base_iri=base, lenient=lenient)
    if ox_format.supports_datasets:
        quads = (ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    # Serialising the parser's own quads costs less than making a Triple of each (DEVELOPERS.md).
    while batch := ox.serialize(islice(quads, BATCH), format=ox.RdfFormat.N_QUADS):
        yield batch


def in_child(raw: bytes, ox_format: ox.RdfFormat, base: str, lenient: bool, add: Callable[[bytes], None]) -> bool:
    """ntriples_batches() run in a child process, each batch handed to `add` as it arrives; False when the child
    did not finish (a syntax error, or no child could start): the caller parses here, which says where."""
    command = [sys.executable, "-m", __name__, ox_format.media_type, base, "1" if lenient else "0"]
    try:
        child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return False
    _widen(child.stdout)
    feeder = threading.Thread(target=_feed, args=(child.stdin, raw), daemon=True)
    feeder.start()
    finished = False
    try:
        while len(head := child.stdout.read(8)) == 8:
            if head == _END:
                finished = True
                break
            size = int.from_bytes(head, "little")
            batch = child.stdout.read(size)
            if len(batch) != size:  # the child stopped within a batch: its cut last line is not handed on
                break
            add(batch)
    finally:
        child.stdout.close()
        try:  # it has written its end, or stopped: a child that does not exit at once is ended
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        feeder.join()
    return finished and child.returncode == 0


def _widen(pipe) -> None:
    # A pipe holds 64 KiB by default: the child stalls each time this process, busy coding, has not read for a
    # moment. Linux lets a pipe grow to pipe-max-size (1 MiB by default) with F_SETPIPE_SZ.
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass


def _feed(pipe, raw: bytes) -> None:
    try:
        pipe.write(raw)
        pipe.close()
    except OSError:  # the child stopped reading (it failed): its exit status says so
        pass


def _main() -> int:
    media_type, base, lenient = sys.argv[1:4]
    raw = sys.stdin.buffer.read()
    out = sys.stdout.buffer
    try:
        for batch in ntriples_batches(raw, ox.RdfFormat.from_media_type(media_type), base, lenient == "1"):
            out.write(len(batch).to_bytes(8, "little"))
            out.write(batch)
    except (SyntaxError, ValueError, OSError):
        return 1
    out.write(_END)
    out.flush()
    return 0


if __name__ == "__main__":  # the child's own process (in_child), never a caller's: its status is its answer
    raise SystemExit(_main())
