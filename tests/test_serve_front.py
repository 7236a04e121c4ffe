"""`tropekg serve`'s front (tropekg/serve/front.py, workers.py): keep-alive, CORS only when asked, the size cap as
500, a query past its deadline as 503 and a restarted engine, unreadable HTTP as 400, 50 clients without errors."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import urllib.parse

from .conftest import ROOT, need
from .servers import tropekg_serve

ASK = "/query?query=" + urllib.parse.quote("ASK { ?s ?p ?o }")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ALL = "/query?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }")


def connect(url: str) -> http.client.HTTPConnection:
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def get(conn: http.client.HTTPConnection, path: str, method: str = "GET",
        headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn.request(method, path, headers=headers or {})
    response = conn.getresponse()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def test_keep_alive_and_no_cors_unless_asked():
    with tropekg_serve() as (url, _):
        conn = connect(url)
        first = get(conn, ASK)
        sock = conn.sock
        second = get(conn, ASK, headers={"Origin": "https://yasgui.example"})
        assert first[0] == second[0] == 200 and conn.sock is sock  # one connection for both
        assert "access-control-allow-origin" not in second[1]
        assert get(conn, "/query", "OPTIONS")[0] == 405


def test_cors_when_asked():
    with tropekg_serve("--cors") as (url, _):
        conn = connect(url)
        status, headers, _ = get(conn, ASK, headers={"Origin": "https://yasgui.example"})
        assert status == 200 and headers["access-control-allow-origin"] == "*"
        status, headers, body = get(conn, "/query", "OPTIONS", {"Origin": "https://yasgui.example",
                                                                "Access-Control-Request-Method": "POST"})
        assert (status, body) == (204, b"")
        assert headers["access-control-allow-methods"] == "GET, POST"
        assert headers["access-control-allow-headers"] == "Accept, Content-Type"


def test_size_cap_is_500_never_a_short_200():
    with tropekg_serve("--max-result-bytes", "1000") as (url, _):
        conn = connect(url)
        status, _, body = get(conn, ALL, headers={"Accept": "application/sparql-results+json"})
        assert status == 500
        assert body == b"the result is over 1000 bytes; add LIMIT or select fewer variables\n"
        assert get(connect(url), ASK)[0] == 200


def test_past_the_deadline_503_then_a_new_engine_serves():
    with tropekg_serve("--timeout", "1") as (url, process):
        status, _, body = get(connect(url), "/query?query=" + urllib.parse.quote(SLOW))
        assert (status, body) == (503, b"the query ran over the 1 s limit\n")
        lines = [process.stderr.readline() for _ in range(2)]  # the request's log line, then the restart
        assert any('"GET /query" 503 33 ' in line for line in lines), lines
        assert any(line.startswith("tropekg: the query engine was restarted") for line in lines), lines
        status, _, body = get(connect(url), ASK)
        assert (status, body) == (200, b'{"head":{},"boolean":true}')


def test_unreadable_http_is_400():
    with tropekg_serve() as (url, _):
        parts = urllib.parse.urlsplit(url)
        with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
            sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            assert sock.recv(100).startswith(b"HTTP/1.1 400 Bad Request\r\n")


def test_fifty_clients_get_no_errors():
    need("wrk")
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "serve_wrk.py"), "--duration", "1", "--rounds", "1",
                             "--file", str(ROOT / "taxonomy" / "tropes-ntr.ttl"), "--json", "-"],
                            capture_output=True, text=True, timeout=180)
    report = json.loads(result.stdout)
    assert report["tropekg"]["errors"] == report["tropekg"]["non_2xx"] == 0
    assert report["tropekg"]["requests"] > 0 and report["connections"] == 50
    assert {"requests_per_s_ratio", "p99_ratio"} <= set(report)


def test_a_target_that_is_no_path_is_400_and_the_connection_serves_on():
    with tropekg_serve() as (url, _):
        conn = connect(url)
        assert get(conn, "http://tropekg")[0] == 400
        assert get(conn, ASK)[0] == 200


def test_expect_100_continue_and_connection_close():
    body = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    with tropekg_serve() as (url, _):
        parts = urllib.parse.urlsplit(url)
        with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
            sock.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                         b"Expect: 100-continue\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body))
            assert sock.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
            sock.sendall(body)
            answer = b""
            while chunk := sock.recv(4096):  # the server closes after it, as asked
                answer += chunk
    head, _, text = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\nConnection: close\r\n") and text == b'{"head":{},"boolean":true}'


def test_slots_first_come_first_served_time_out_and_survive_cancelled_waiters():
    import asyncio

    from tropekg.serve.fairness import Slots

    async def scenario() -> list:
        loop = asyncio.get_running_loop()
        slots = Slots(loop, 4, 4, 100, 100)
        for _ in range(4):
            await slots.acquire("a", loop.time() + 1)
        order: list = []

        async def wait(name: str, seconds: float) -> None:
            try:
                await slots.acquire("a", loop.time() + seconds)
                order.append(name)
            except TimeoutError:
                order.append(f"{name}: timeout")

        late = asyncio.ensure_future(wait("late", 0.05))
        gone = asyncio.ensure_future(wait("gone", 5))
        first = asyncio.ensure_future(wait("first", 5))
        second = asyncio.ensure_future(wait("second", 5))
        await asyncio.sleep(0.1)  # "late" times out; "gone" leaves while waiting
        gone.cancel()
        await asyncio.sleep(0)
        slots.release("a")
        slots.release("a")
        await asyncio.gather(late, first, second)
        return [*order, slots.free, slots.running, dict(slots.waiting)]

    assert asyncio.run(scenario()) == ["late: timeout", "first", "second", 0, {"a": 4}, {}]


def test_slots_cap_each_client_take_turns_and_bound_the_queues():
    import asyncio

    from tropekg.serve.fairness import Busy, Slots

    async def scenario() -> list:
        loop = asyncio.get_running_loop()
        slots = Slots(loop, 3, 2, 4, 3)
        deadline = loop.time() + 5
        await slots.acquire("heavy", deadline)
        await slots.acquire("heavy", deadline)
        order: list = []

        async def wait(client: str) -> None:
            await slots.acquire(client, deadline)
            order.append(client)

        waiters = [asyncio.ensure_future(wait("heavy")) for _ in range(3)]  # over its cap of 2: they wait
        await asyncio.sleep(0)
        await slots.acquire("light", deadline)  # a slot is free and "light" is under its cap: no wait at all
        waiters.append(asyncio.ensure_future(wait("light")))  # "light" waits too now: the slots are full
        await asyncio.sleep(0)
        refused = []
        for client in ("heavy", "other"):
            try:
                await slots.acquire(client, deadline)
            except Busy as e:
                refused.append((e.status, str(e)))
        for client in ("light", "heavy", "heavy"):  # freed slots go to the clients in turn
            slots.release(client)
            await asyncio.sleep(0)
        for waiter in waiters:
            waiter.cancel()
        return [order, refused]

    async def turns() -> list:
        loop = asyncio.get_running_loop()
        slots, order = Slots(loop, 1, 1, 10, 10), []
        await slots.acquire("a", loop.time() + 5)

        async def wait(client: str) -> None:
            await slots.acquire(client, loop.time() + 5)
            order.append(client)
            slots.release(client)

        waiters = [asyncio.ensure_future(wait(client)) for client in ("a", "a", "b")]
        await asyncio.sleep(0)
        slots.release("a")
        await asyncio.gather(*waiters)
        return order

    order, refused = asyncio.run(scenario())
    assert order == ["light", "heavy", "heavy"]  # "heavy" waits while it holds its 2, though it came first
    assert asyncio.run(turns()) == ["a", "b", "a"]  # a client whose turn it was goes to the back of the line
    assert refused == [("429 Too Many Requests", "this address has 5 queries running or waiting; wait for their "
                        "answers"), ("503 Service Unavailable", "the server is busy (4 queries wait); retry later")]
