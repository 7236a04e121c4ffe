"""Oxigraph's own SPARQL server, run read-only over a copy of a vocabulary: the engine behind `tropekg serve`."""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import shutil
import signal
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

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


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


class Engine:
    """`oxigraph serve-read-only` on a private loopback port over a store on disk; `restart()` replaces the process.

    It runs without --timeout-s: Oxigraph 0.5.13 starts a thread per query that sleeps for the whole timeout, so
    at thousands of queries a second the threads ran out of memory and the server aborted (measured). The front
    keeps the deadline itself and restarts the engine when a query it gave up on is still running past it (an
    abandoned query runs on in Oxigraph: it does not notice the client has gone)."""

    def __init__(self, location: Path, log: Path) -> None:
        self.location, self.log = location, log
        self.process: subprocess.Popen | None = None
        self.base = ""

    def start(self) -> None:
        port = free_port()
        with self.log.open("ab") as err:  # a file, not a pipe: nobody reads it while serving, and a pipe would fill
            process = subprocess.Popen(
                [oxigraph_binary(), "serve-read-only", "--location", str(self.location), "--bind",
                 f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=err, preexec_fn=_die_with_parent)
        try:
            _wait_ready(process, port, self.log, time.monotonic() + 30)
        except TropekgError:
            _stop(process)
            raise
        old, self.process, self.base = self.process, process, f"http://127.0.0.1:{port}"
        if old is not None:
            _stop(old)

    restart = start  # the new process answers before the old one is stopped

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)
            self.process = None


def _die_with_parent() -> None:
    """In the child before exec: on Linux, the kernel kills the engine when the process that started it dies
    (prctl PR_SET_PDEATHSIG), so a server killed outright leaves no Oxigraph behind. Elsewhere, nothing."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def engine(vocab: Vocabulary) -> Iterator[Engine]:
    """Yield a started Engine over a temporary on-disk copy of `vocab` (its default graph); stopped and deleted on
    exit."""
    root = Path(tempfile.mkdtemp(prefix="tropekg-serve-"))
    running = Engine(root / "store", root / "oxigraph.log")
    try:
        oxigraph_binary()
        store = ox.Store(str(running.location))
        store.bulk_load(vocab.store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store  # releases the database lock before the server opens it
        running.start()
        yield running
    finally:
        running.stop()
        shutil.rmtree(root, ignore_errors=True)
