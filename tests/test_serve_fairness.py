"""`tropekg serve` stays fair (tropekg/serve/fairness.py): while one client address floods it with 20 heavy queries
(a three-way cartesian product with COUNT), another address's ASK, small SELECT and concept page are answered
before any of the heavy ones ends."""

from __future__ import annotations

import http.client
import threading
import urllib.parse

from .servers import tropekg_serve

HEAVY = "/query?query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
LIGHT = ["/query?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"),
         "/query?query=" + urllib.parse.quote("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"),
         "/netorare.ttl"]


def get(url: str, target: str, source: str) -> int:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60, source_address=(source, 0))
    try:
        conn.request("GET", target, headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_a_flood_from_one_address_does_not_starve_another():
    with tropekg_serve("--timeout", "8") as (url, _):
        assert get(url, LIGHT[0], "127.0.0.2") == 200
        heavy: list[int] = []
        threads = [threading.Thread(target=lambda: heavy.append(get(url, HEAVY, "127.0.0.1"))) for _ in range(20)]
        for thread in threads:
            thread.start()
        try:
            threading.Event().wait(0.5)  # the flood is in: its queries run or wait
            answered = [(target, get(url, target, "127.0.0.2"), len(heavy)) for target in LIGHT]
        finally:
            for thread in threads:
                thread.join(60)
    assert answered == [(target, 200, 0) for target in LIGHT]  # each answered before any heavy query ended
    assert heavy == [503] * 20  # each ran into the 8 s limit
