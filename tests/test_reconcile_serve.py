"""Reconciliation inside a running `tropekg serve` (the route serve/front.py hands to tropekg/reconcile), called
the way OpenRefine calls it: the manifest read cross-origin from the browser, queries sent as form POSTs in
batches of 10, ids put into the preview and view templates with encodeURI."""

from __future__ import annotations

import http.client
import json
import urllib.parse

from .conftest import CASES
from .reconcile_api import check, encode_uri
from .servers import tropekg_serve

TRICKY = {"http://example.org/tag/q?a=1&b=2": "Query tag", "http://example.org/hash#only": "Hash tag",
          "http://example.org/mixed?x=1#frag&y": "Mixed tag"}


def request(base: str, method: str, target: str, body: bytes | None = None, headers: dict | None = None):
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request(method, target, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def fetched(url: str) -> str:
    """The request target a browser sends for `url`: the fragment stays behind (RFC 3986, 3.5)."""
    parts = urllib.parse.urlsplit(url.split("#")[0])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_openrefine_calling_pattern():
    with tropekg_serve(str(CASES / "reconcile" / "tags.ttl")) as (url, _):
        base = url.removesuffix("/query")
        origin = {"Origin": "http://127.0.0.1:3333"}  # OpenRefine's page; serve runs without --cors
        status, headers, data = request(base, "OPTIONS", "/reconcile", headers={
            **origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "accept"})
        assert (status, headers["access-control-allow-origin"], headers["access-control-allow-headers"]) == \
            (204, "*", "accept")
        status, headers, data = request(base, "GET", "/reconcile", headers=origin)
        assert (status, headers["access-control-allow-origin"]) == (200, "*")
        manifest = json.loads(data)
        check("0.2", "manifest", manifest)
        assert manifest["batchSize"] >= 1000

        texts = ["NTR", "Romance", "恋愛", "Affair", "ｄｒａｍａ", "Old love", "nothing", "Query tag", "Hash tag",
                 "Mixed tag"]
        batch = {f"q{i}": {"query": t, "type_strict": "should"} for i, t in enumerate(texts)}
        body = urllib.parse.urlencode({"queries": json.dumps(batch)}).encode()
        status, headers, data = request(base, "POST", "/reconcile", body,
                                        {"Content-Type": "application/x-www-form-urlencoded"})
        result = json.loads(data)
        check("0.2", "reconciliation-result-batch", result)
        assert status == 200 and list(result) == list(batch)
        tops = {batch[k]["query"]: (r["result"][0]["id"], r["result"][0]["match"]) if r["result"] else None
                for k, r in result.items()}
        assert tops["NTR"] == ("http://example.org/tag/netorare", True)
        assert tops["Affair"][1] is False and tops["nothing"] is None
        assert tops["Old love"] == ("http://example.org/tag/romance", True)

        for iri, name in TRICKY.items():
            assert tops[name] == (iri, True)
            view = manifest["view"]["url"].replace("{{id}}", encode_uri(iri))
            assert view == iri  # the concept's own IRI
            preview = manifest["preview"]["url"].replace("{{id}}", encode_uri(iri))
            status, headers, page = request(base, "GET", fetched(preview))
            assert status == 200 and f"<h1>{name}</h1>".encode() in page
            assert headers["content-security-policy"] == "default-src 'none'; style-src 'unsafe-inline'"


def test_errors_through_the_front_keep_cors_and_the_endpoint_is_unchanged():
    with tropekg_serve(str(CASES / "reconcile" / "tags.ttl")) as (url, _):
        base = url.removesuffix("/query")
        status, headers, data = request(base, "GET", "/reconcile?queries=%7B")
        assert (status, headers["access-control-allow-origin"]) == (400, "*")
        assert data.startswith(b"`queries` is not JSON")
        status, headers, data = request(base, "POST", "/reconcile", b"queries=" + b"x" * 400_000,
                                        {"Content-Type": "application/x-www-form-urlencoded"})
        assert (status, headers["access-control-allow-origin"]) == (413, "*")
        status, headers, _ = request(base, "GET", "/query?query=" + urllib.parse.quote("ASK {}"),
                                     headers={"Origin": "http://x"})
        assert status == 200 and "access-control-allow-origin" not in headers
