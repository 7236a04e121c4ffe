"""Oxigraph's own SPARQL server, run read-only over a copy of a vocabulary: the engine behind `tropekg serve`."""

from __future__ import annotations

import contextlib
import http.client
import math
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from ..errors import TropekgError
from ..vocabulary import Vocabulary


def oxigraph_binary() -> str:
    """The `oxigraph` server binary of the PyPI package `oxigraph`: beside this Python, or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise TropekgError("serve: the `oxigraph` server binary is not installed; pip install 'oxigraph>=0.5.13,<0.6'")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now (the OS picks it), for a server we start next."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _wait_ready(process: subprocess.Popen, port: int, log: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = " ".join(log.read_text(encoding="utf-8", errors="replace").split())
            raise TropekgError(f"serve: the oxigraph server stopped at start ({detail[-200:]})")
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/query?query=ASK%7B%7D")
            if conn.getresponse().status == 200:
                return
        time.sleep(0.05)
    raise TropekgError("serve: the oxigraph server did not answer within 30 s; is the machine overloaded?")


@contextlib.contextmanager
def engine(vocab: Vocabulary, timeout: float) -> Iterator[str]:
    """Yield the base URL of `oxigraph serve-read-only` on a private loopback port, over a temporary on-disk copy
    of `vocab` (its default graph); stopped and deleted on exit.

    Oxigraph cancels a query after --timeout-s, but then ends the response it was streaming as if complete, with
    status 200 (measured with 0.5.13): so the engine's limit is one second beyond `timeout`, and the caller must
    give up at `timeout` itself; then no response it accepts can have been cut short."""
    binary = oxigraph_binary()
    root = Path(tempfile.mkdtemp(prefix="tropekg-serve-"))
    location, log = root / "store", root / "oxigraph.log"
    process = None
    try:
        store = ox.Store(str(location))
        store.bulk_load(vocab.store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store  # releases the database lock before the server opens it
        port = free_port()
        with log.open("wb") as err:  # a file, not a pipe: nobody reads it while serving, and a pipe would fill
            process = subprocess.Popen(
                [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                 "--timeout-s", str(math.ceil(timeout) + 1)],
                stdout=subprocess.DEVNULL, stderr=err)
        _wait_ready(process, port, log, time.monotonic() + 30)
        yield f"http://127.0.0.1:{port}"
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(root, ignore_errors=True)
