"""The nginx and Apache configurations `export -f site` writes (tropekg/export/website/hosting.py), loaded into
Debian's nginx and apache2 on a loopback port over the exported site: each concept's IRI answered 303 to the
representation Accept picks, Vary: Accept, 406 listing the offers, schemes to their tree's files."""

from __future__ import annotations

import contextlib
import http.client
import json
import shutil
import tempfile
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

import tropekg
from tropekg.export import export_to

from .servers import static_server

OFFERED = ("none of the offered media types is acceptable; offered: text/html, text/turtle, application/ld+json, "
           "application/rdf+xml, application/n-triples")
KINDS = {"text/turtle": ("ttl", "turtle"), "application/rdf+xml": ("rdf", "xml"),
         "application/n-triples": ("nt", "nt"), "application/ld+json": ("jsonld", "json-ld"),
         "text/html": ("html", None)}


@pytest.fixture(scope="module")
def site() -> Iterator[Path]:
    # Under /tmp and readable by all: Apache's children run as www-data when it is started as root.
    folder = Path(tempfile.mkdtemp(prefix="tropekg-hosting-"))
    try:
        export_to(tropekg.load(), "site", str(folder / "site"))
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield folder / "site"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module", params=["nginx", "apache2"])
def host(request, site: Path) -> Iterator[str]:
    with static_server(request.param, site) as base:
        yield base


def get(base: str, target: str, accept: str | None = None) -> tuple[int, dict, bytes]:
    parts = urllib.parse.urlsplit(base)
    with contextlib.closing(http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)) as conn:
        conn.request("GET", target, headers={"Accept": accept} if accept is not None else {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def negotiated(base: str, target: str, accept: str | None) -> tuple[str, str, bytes]:
    status, headers, _ = get(base, target, accept)
    assert status == 303 and "Accept" in headers.get("vary", ""), (status, headers)
    path = urllib.parse.urlsplit(urllib.parse.urljoin(base + target, headers["location"])).path
    status, headers, body = get(base, path)
    assert status == 200, (path, status)
    return path, headers["content-type"], body


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_type_303_then_200_read_back(host, kind):
    ext, parser = KINDS[kind]
    path, content_type, body = negotiated(host, "/netorare", kind)
    assert path == f"/netorare.{ext}" and content_type.split(";")[0] == kind
    if parser:
        graph = rdflib.Graph().parse(data=body, format=parser)
        assert graph.value(rdflib.URIRef("https://w3id.org/tropekg/id/netorare"),
                           rdflib.SKOS.prefLabel) is not None
    else:
        assert b"<h1" in body and b"Netorare" in body


def test_weights_406_browsers_and_schemes(host):
    assert negotiated(host, "/netorare", "text/html;q=0.1, text/turtle")[0] == "/netorare.ttl"
    assert negotiated(host, "/netorare", "text/html,application/xhtml+xml,*/*;q=0.8")[0] == "/netorare.html"
    assert negotiated(host, "/netorare", None)[0] == "/netorare.html"
    status, headers, body = get(host, "/netorare", "image/png")
    assert status == 406 and "Accept" in headers.get("vary", "") and body.decode().strip() == OFFERED
    assert negotiated(host, "/tropes", "application/ld+json")[0] == "/tree/tropes.jsonld"
    json.loads(get(host, "/tree/tropes.jsonld")[2])
    assert get(host, "/no-such-concept", "text/turtle")[0] == 404
