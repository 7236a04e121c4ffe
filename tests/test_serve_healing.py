"""`tropekg serve` heals (tropekg/serve/healing.py, workers.py): its Oxigraph child killed under load means 503 with
Retry-After, then 200 again; killed past the restart budget, the server exits 1 with one line; SIGTERM under load
finishes the requests in flight and leaves no process and no temporary folder."""

from __future__ import annotations

import os
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from tropekg.serve import healing

from .servers import children, tropekg_serve

ASK = "?query=" + urllib.parse.quote("ASK { ?s ?p ?o }")
# A second or so of work on the bundled taxonomy (755 triples, squared, twice), more on a loaded machine.
MEDIUM = "?query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . VALUES ?x { 1 2 } }")
GIVE_UP = (f"tropekg: error: serve: the query engine stopped {healing.MAX_RESTARTS + 1} times within "
           f"{healing.WINDOW_S:g} s (last: killed by SIGKILL); giving up\n")


def fetch(url: str, timeout: float = 10) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def engine_of(process) -> int:
    """The pid of the serve process's Oxigraph child, waiting (bounded) for one that answers."""
    end = time.monotonic() + 30
    while time.monotonic() < end:
        found = children(process.pid, "oxigraph")
        if len(found) == 1:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"no single oxigraph child: {children(process.pid)}")


def until_healthy(url: str) -> None:
    end = time.monotonic() + 30
    while fetch(url.replace("/query", "/health"))[0] != 200:
        assert time.monotonic() < end, "not healthy again within 30 s"
        time.sleep(0.05)


def test_budget_pauses_grow_and_run_out():
    now = [0.0]
    budget = healing.Budget(restarts=3, window=10, clock=lambda: now[0])
    assert [budget.death(), budget.death(), budget.death(), budget.death()] == [0.1, 0.2, 0.4, None]
    now[0] = 100.0  # the old deaths are out of the window
    assert budget.death() == 0.1
    assert healing.ended(-9) == "killed by SIGKILL" and healing.ended(3) == "exited with status 3"


def test_killed_engine_under_load_is_503_then_200_again():
    with tropekg_serve() as (url, process):
        health = url.replace("/query", "/health")
        assert fetch(health)[:3:2] == (200, b"ok\n")
        seen: list[tuple[int, str | None]] = []
        stop = threading.Event()

        def client() -> None:  # a bounded loop: every request answered within its 10 s timeout, or it fails
            while not stop.is_set() and len(seen) < 20000:
                status, headers, _ = fetch(url + ASK)
                seen.append((status, headers.get("Retry-After")))

        thread = threading.Thread(target=client)
        thread.start()
        try:
            time.sleep(0.3)
            os.kill(engine_of(process), signal.SIGKILL)
            end = time.monotonic() + 30
            while not any(s == 503 for s, _ in seen) or seen[-1][0] != 200:
                assert time.monotonic() < end and thread.is_alive(), seen[-5:]
                time.sleep(0.05)
        finally:
            stop.set()
            thread.join(30)
        assert {s for s, _ in seen} == {200, 503}
        assert {r for s, r in seen if s == 503} == {str(healing.RETRY_AFTER_S)}
        assert fetch(health)[0] == 200
        process.send_signal(signal.SIGTERM)
        events = [line for line in process.stderr.read().splitlines(keepends=True)
                  if line.startswith("tropekg: the query engine")]
        assert events == ["tropekg: the query engine stopped (killed by SIGKILL); restarting it in 0.1 s\n",
                          "tropekg: the query engine is back\n"]


def test_killed_past_the_budget_exits_1_with_one_line():
    with tropekg_serve() as (url, process):
        for _ in range(healing.MAX_RESTARTS + 1):
            until_healthy(url)
            os.kill(engine_of(process), signal.SIGKILL)
            while children(process.pid, "oxigraph") and process.poll() is None:
                time.sleep(0.02)  # the dead one is reaped before the next is looked for
        assert process.wait(timeout=60) == 1
        errors = [line for line in process.stderr.read().splitlines(keepends=True) if "error" in line]
        assert errors == [GIVE_UP]


def test_sigterm_under_load_finishes_in_flight_and_leaves_nothing(tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    with tropekg_serve("--timeout", "60", env=env) as (url, process):  # no 503 for a slow machine
        assert [p.name for p in tmp_path.iterdir()] != []  # the engine's store is there while it serves
        started = children(process.pid)
        answers: list = []
        threads = [threading.Thread(target=lambda: answers.append(fetch(url + MEDIUM, timeout=90)))
                   for _ in range(3)]
        for thread in threads:
            thread.start()
        time.sleep(0.3)  # the queries are in flight (each about a second)
        process.send_signal(signal.SIGTERM)
        for thread in threads:
            thread.join(90)
        assert process.wait(timeout=90) == 0
        assert [(status, body.startswith(b"{")) for status, _, body in answers] == [(200, True)] * 3
    assert list(tmp_path.iterdir()) == []
    left = [pid for pid in started if os.path.exists(f"/proc/{pid}") and not _zombie(pid)]
    assert left == [], left


def _zombie(pid: int) -> bool:
    try:
        stat = open(f"/proc/{pid}/stat").read()
    except OSError:
        return True
    return stat[stat.rindex(")") + 2] == "Z"
