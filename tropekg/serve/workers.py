"""`tropekg serve` as processes: one parent that owns Oxigraph and the listening socket, and front processes
forked from it that share both (the front is single-threaded Python: each core gets its own event loop)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import socket
import time
from collections.abc import Callable
from multiprocessing.sharedctypes import RawValue

from .. import reconcile
from ..errors import ServerFailed, TropekgError, UsageError
from ..vocabulary import Vocabulary
from . import healing
from .endpoint import Endpoint, Limits
from .front import Front, _Client
from .oxigraph import Engine, engine
from .pages import Pages
from .upstream import Pool

log = logging.getLogger("tropekg.serve")
MAX_WORKERS = 4
DRAIN_EXTRA_S = 3.0  # past the query deadline, how long fronts may take to finish their requests on SIGTERM
_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGUSR1, signal.SIGCHLD}


def serve(vocab: Vocabulary, host: str = "127.0.0.1", port: int = 7878, *, limits: Limits | None = None,
          cors: bool = False, workers: int | None = None, on_ready: Callable[[str], None] | None = None,
          base_iri: str | None = None, lang: str = "en") -> None:
    """Serve `vocab` until interrupted (Ctrl-C, SIGTERM): Oxigraph on a private port, the endpoint and each
    concept's IRI (pages.py; `base_iri` is the namespace the server's root stands for, by default the
    vocabulary's) on host:port (0 picks a free port) in `workers` front processes (by default one per two cores,
    at most MAX_WORKERS); `on_ready` gets the endpoint's URL; `cors` lets pages of any origin read the answers.
    Everything started here is stopped and deleted on return."""
    limits = limits or Limits()
    if limits.timeout <= 0 or limits.max_result_bytes <= 0:
        raise UsageError("--timeout and --max-result-bytes must be positive")
    try:
        listener = socket.create_server((host, port), backlog=1024)
    except OSError as e:
        raise UsageError(f"--host {host} --port {port}: cannot listen there ({e.strerror}); "
                         "choose another port") from None
    pages = Pages(vocab, base_iri, lang)  # before the fronts fork: they share it
    # Reconciliation (tropekg/reconcile) on the same port: its index built once here, shared by the forked fronts.
    routes = {"/reconcile": reconcile.service(vocab).handle}
    with listener, engine(vocab) as running:
        _supervise(running, listener, Endpoint(limits, routes), pages, cors, workers or _default_workers(),
                   lambda: on_ready and on_ready(f"http://{host}:{listener.getsockname()[1]}/query"))


def _supervise(running: Engine, listener: socket.socket, endpoint: Endpoint, pages: Pages, cors: bool, count: int,
               ready: Callable[[], object]) -> None:
    """Fork the front processes, then act on signals: SIGUSR1 (a front asks for a new engine: a query it gave up
    on runs on), SIGINT or SIGTERM (stop: the fronts drain, then the engine stops), SIGCHLD (a front ended: stop,
    and say so; the engine ended: restart it, healing.py). Handlers only note the signal (no blocked mask, which
    Oxigraph would inherit when restarted); the loop below acts on it."""
    engine_port = RawValue("i", _port(running))
    received: list[int] = []
    previous = {sig: signal.signal(sig, lambda sig, frame: received.append(sig)) for sig in _SIGNALS}
    children: list[int] = []
    budget = healing.Budget()

    def stopping() -> bool:
        return bool({signal.SIGINT, signal.SIGTERM} & set(received))
    try:
        children = [_fork(endpoint, pages, listener, engine_port, cors) for _ in range(count)]
        ready()
        while not stopping():
            if signal.SIGCHLD in received:  # also Oxigraph's, when an old engine stops
                received.remove(signal.SIGCHLD)
                if any(os.waitpid(pid, os.WNOHANG)[0] for pid in children):
                    raise TropekgError("serve: a front process ended unexpectedly; see the log above")
            if running.process is not None and running.process.poll() is not None:
                _heal(running, engine_port, budget, stopping)
            if signal.SIGUSR1 in received:
                received.remove(signal.SIGUSR1)
                running.restart()
                engine_port.value = _port(running)
                log.info("tropekg: the query engine was restarted (a query ran past its deadline)")
            time.sleep(0.1)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        listener.close()  # no new connections while the fronts drain (they hold the socket too, until they end)
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        _reap(children, time.monotonic() + endpoint.limits.timeout + DRAIN_EXTRA_S)


def _heal(running: Engine, engine_port: RawValue, budget: healing.Budget, stopping: Callable[[], bool]) -> None:
    """The engine died: fronts answer 503 meanwhile (port 0); start a new one after the budget's pause, as often
    as the budget allows; ServerFailed past it. One log line per death and one when it is back."""
    engine_port.value = 0
    why = healing.ended(running.process.returncode)
    while not stopping():
        delay = budget.death()
        if delay is None:
            raise ServerFailed(f"serve: the query engine stopped {len(budget.deaths)} times within "
                               f"{budget.window:g} s (last: {why}); giving up")
        log.warning(f"tropekg: the query engine stopped ({why}); restarting it in {delay:g} s")
        end = time.monotonic() + delay
        while time.monotonic() < end and not stopping():
            time.sleep(0.05)
        if stopping():
            return
        try:
            running.start()
        except TropekgError as e:
            why = str(e)
            continue
        engine_port.value = _port(running)
        log.warning("tropekg: the query engine is back")
        return


def _reap(children: list[int], deadline: float) -> None:
    """Wait for the fronts to end (they drain their requests first); past the deadline, kill them."""
    left = set(children)
    while left:
        for pid in list(left):
            with contextlib.suppress(ChildProcessError):
                if not os.waitpid(pid, os.WNOHANG)[0]:
                    continue
            left.discard(pid)
        if left and time.monotonic() > deadline:
            for pid in left:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            deadline = float("inf")
        time.sleep(0.02)


def _default_workers() -> int:
    """One front per two cores: Oxigraph needs the others (on 2 cores, 2 fronts were no faster than 1)."""
    return max(1, min(MAX_WORKERS, (os.cpu_count() or 1) // 2))


def _port(running: Engine) -> int:
    return int(running.base.rsplit(":", 1)[1])


def _fork(endpoint: Endpoint, pages: Pages, listener: socket.socket, engine_port: RawValue, cors: bool) -> int:
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        for sig in _SIGNALS:
            signal.signal(sig, signal.SIG_DFL)
        # Everything inherited (the loaded vocabulary, rdflib) is left out of the cycle collector's scans, which
        # otherwise walk it all in each full collection, in the middle of serving.
        gc.freeze()
        _front(endpoint, pages, listener, engine_port, cors, parent)
        code = 0
    finally:
        logging.shutdown()
        os._exit(code)  # never back into the parent's stack (its engine and its cleanup)


def _front(endpoint: Endpoint, pages: Pages, listener: socket.socket, engine_port: RawValue, cors: bool,
           parent: int) -> None:
    try:
        import uvloop
        factory = uvloop.new_event_loop
    except ImportError:  # uvloop has no Windows build; asyncio's own loop is slower but the same
        factory = None
    with asyncio.Runner(loop_factory=factory) as runner:
        runner.run(_serve(endpoint, pages, listener, engine_port, cors, parent))


async def _serve(endpoint: Endpoint, pages: Pages, listener: socket.socket, engine_port: RawValue, cors: bool,
                 parent: int) -> None:
    loop = asyncio.get_running_loop()
    pool = Pool(lambda: ("127.0.0.1", engine_port.value), lambda: os.kill(parent, signal.SIGUSR1), loop)
    front = Front(endpoint, pool, cors, pages)
    server = await loop.create_server(lambda: _Client(front), sock=listener)
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)

    def orphaned() -> None:  # the parent was killed outright: do not serve on without it
        if os.getppid() != parent:
            stop.set()
        else:
            loop.call_later(1, orphaned)
    orphaned()
    await stop.wait()
    server.close()
    await front.drain(endpoint.limits.timeout + DRAIN_EXTRA_S - 1)  # the parent waits a second longer
    front.flush()
