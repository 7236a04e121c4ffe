"""Dereferenceable concepts in `tropekg serve` (tropekg/serve/pages.py, negotiation.py): each media type through
/entity?uri= and through the IRI's own path, read back by its consumer (rdflib, PyLD offline, Chromium); q-values,
406, Vary, format= and extensions, 303 then 200, HEAD, schemes, 404 with the nearest labels, --base-iri, STW."""

from __future__ import annotations

import http.client
import json
import urllib.parse

import pytest
import rdflib
from rdflib.compare import isomorphic

from tropekg.negotiation import choose, languages, parse_accept

from .conftest import need, shared
from .servers import tropekg_serve

TKID = "https://w3id.org/tropekg/id/"
NETORARE = TKID + "netorare"
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
RDF_TYPES = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt"}
OFFERED = "text/html, text/turtle, application/ld+json, application/rdf+xml, application/n-triples"


@pytest.fixture(scope="module")
def server():
    with tropekg_serve() as (url, process):
        yield url.removesuffix("/query")
        assert process.poll() is None, "the server stopped during the tests"


def request(base: str, target: str, accept: str | None = None, method: str = "GET") -> tuple[int, dict, bytes]:
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request(method, target, headers={"Accept": accept} if accept else {})
    response = conn.getresponse()
    answer = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    conn.close()
    return answer


def dereference(base: str, target: str, accept: str | None) -> tuple[str, str, bytes]:
    """303 (with Vary: Accept and a relative Location), then 200: (the representation's path, its type, body)."""
    status, headers, _ = request(base, target, accept)
    assert status == 303 and headers["vary"] == "Accept", (status, headers)
    location = headers["location"]
    assert not location.startswith(("/", "http")), location  # relative: right behind any proxy
    path = urllib.parse.urljoin(target, location)
    status, headers, body = request(base, path)
    assert status == 200, (path, status)
    return path, headers["content-type"], body


def graph_of(kind: str, body: bytes) -> rdflib.Graph:
    if kind == "application/ld+json":
        from pyld import jsonld

        def refuse(url, options=None):
            raise AssertionError(f"PyLD tried to fetch {url}")

        nquads = jsonld.to_rdf(json.loads(body), {"format": "application/n-quads", "documentLoader": refuse})
        return rdflib.Graph().parse(data=nquads, format="nquads")
    return rdflib.Graph().parse(data=body, format=RDF_TYPES[kind])


@pytest.mark.parametrize("via", ["/entity?uri=" + urllib.parse.quote(NETORARE, safe=""), "/netorare"])
def test_every_rdf_type_read_back_the_same_with_the_labels_of_its_links(server, via):
    graphs = []
    for kind in [*RDF_TYPES, "application/ld+json"]:
        path, content_type, body = dereference(server, via, kind)
        assert content_type.split(";")[0] == kind
        assert path == "/netorare." + {"text/turtle": "ttl", "application/rdf+xml": "rdf",
                                       "application/n-triples": "nt", "application/ld+json": "jsonld"}[kind]
        graphs.append(graph_of(kind, body))
    assert all(isomorphic(graphs[0], g) for g in graphs[1:])
    g, netorare = graphs[0], rdflib.URIRef(NETORARE)
    assert (netorare, SKOS.prefLabel, rdflib.Literal("Netorare", lang="en")) in g
    broader = list(g.objects(netorare, SKOS.broader))
    assert broader and all(g.value(b, SKOS.prefLabel) is not None for b in broader)  # names without a 2nd request


def test_q_values_406_format_extension_and_head(server):
    assert dereference(server, "/netorare", "text/html;q=0.1, text/turtle")[0] == "/netorare.ttl"
    assert dereference(server, "/netorare", "text/html,application/xhtml+xml,*/*;q=0.8")[0] == "/netorare.html"
    assert dereference(server, "/netorare", None)[0] == "/netorare.html"
    assert dereference(server, "/netorare?format=turtle", "text/html")[0] == "/netorare.ttl"
    status, headers, body = request(server, "/netorare", "image/png")
    assert (status, headers["vary"], body) == (406, "Accept", (
        f"none of the offered media types is acceptable; offered: {OFFERED}\n").encode())
    status, _, body = request(server, "/netorare?format=png")
    assert (status, body) == (400, b"format=png: give one of html, ttl, jsonld, rdf, nt\n")
    status, headers, body = request(server, "/netorare.nt", method="HEAD")
    full = request(server, "/netorare.nt")
    assert (status, body) == (200, b"") and headers["content-length"] == str(len(full[2]))
    status, headers, body = request(server, "/netorare", "text/turtle", method="HEAD")
    assert (status, headers["location"], body) == (303, "netorare.ttl", b"")
    assert request(server, "/netorare", method="DELETE")[0] == 405


def test_unknown_iri_is_404_with_the_nearest_labels(server):
    status, _, body = request(server, "/entity?uri=" + urllib.parse.quote(TKID + "netorar", safe=""))
    assert status == 404
    assert body.decode().splitlines()[:2] == [
        f"no concept or scheme has the IRI <{TKID}netorar>; did you mean:", f"  Netorare  <{NETORARE}>"]
    assert request(server, "/entity")[2] == b"give the IRI: /entity?uri=IRI\n"


def test_a_scheme_gives_its_top_concepts_with_their_labels(server):
    path, _, body = dereference(server, "/tropes", "text/turtle")
    assert path == "/tree/tropes.ttl"
    g, scheme = rdflib.Graph().parse(data=body, format="turtle"), rdflib.URIRef(TKID + "tropes")
    tops = set(g.subjects(SKOS.topConceptOf, scheme)) | set(g.objects(scheme, SKOS.hasTopConcept))
    assert tops and all(g.value(t, SKOS.prefLabel) is not None for t in tops)
    assert dereference(server, "/tropes", "text/html")[0] == "/tree/tropes.html"


def test_the_page_in_chromium_has_no_error_and_its_links_work(server):
    exe = need("chromium")
    from playwright.sync_api import sync_playwright

    from .test_view_html import ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(f"{server}/entity?uri={urllib.parse.quote(NETORARE, safe='')}")
        assert page.url == f"{server}/netorare.html"
        title = page.text_content("h1")
        links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
        page.click("text=Turtle")
        page.wait_for_load_state()
        turtle_url = page.url
        browser.close()
    assert errors == [] and title == "Netorare"
    ours = sorted({link.split("#")[0] for link in links if link.startswith(server)})
    assert len(ours) > 10 and turtle_url == f"{server}/netorare.ttl"
    assert [(link, request(server, link.removeprefix(server))[0]) for link in ours] == [(link, 200) for link in ours]


def test_base_iri_maps_a_namespace_to_the_root_and_locations_stay_relative():
    with tropekg_serve("--base-iri", "https://w3id.org/tropekg/") as (url, _):
        base = url.removesuffix("/query")
        status, headers, _ = request(base, "/id/netorare", "text/turtle")
        assert (status, headers["location"]) == (303, "../netorare.ttl")
        assert dereference(base, "/id/netorare", "text/turtle")[0] == "/netorare.ttl"


def test_stw_descriptor_by_path_and_entity():
    stw = shared("vocabs", "stw-9.16.ttl")
    with tropekg_serve(str(stw), "--timeout", "30") as (url, _):
        base, iri = url.removesuffix("/query"), "http://zbw.eu/stw/descriptor/10000-1"
        path, _, body = dereference(base, "/descriptor/10000-1", "application/n-triples")
        assert path == "/descriptor/10000-1.nt"
        g = rdflib.Graph().parse(data=body, format="nt")
        assert g.value(rdflib.URIRef(iri), SKOS.prefLabel) is not None
        by_entity = dereference(base, "/entity?uri=" + urllib.parse.quote(iri, safe=""), "application/ld+json")
        assert by_entity[0] == "/descriptor/10000-1.jsonld"
        assert isomorphic(graph_of("application/ld+json", by_entity[2]), g)


def test_accept_parser():
    offers = ["text/html", "text/turtle"]
    assert choose("text/html;q=0.1, text/turtle", offers) == "text/turtle"
    assert choose("*/*;q=0.5, text/html;q=0", offers) == "text/turtle"
    assert choose("text/*;q=0.3, text/turtle;q=0.2", offers) == "text/html"  # the most specific range decides
    assert choose("image/png", offers) is None and choose("", offers) == "text/html"
    assert choose('text/turtle;profile="a,b";q=1, text/html;q=0.9', offers) == "text/turtle"
    assert [(r.type, r.subtype, r.q) for r in parse_accept("text/html;q=2, text/turtle;q=0.5, nonsense")] == [
        ("text", "turtle", 0.5)]


def test_accept_language_by_weight():
    assert languages("ja-JP,ja;q=0.9,en;q=0.8") == ["ja-JP", "ja", "en"]
    assert languages("en;q=0.5, *, ja, de;q=0") == ["ja", "en"]  # * and q=0 name no language
    assert languages("fr;q=0.5, ja;q=0.5") == ["fr", "ja"]  # equal weights keep the header's order
    assert languages("en;q=2, x y, ;q=1") == [] and languages(None) == []


def test_nearest_labels_are_found_one_at_a_time_off_the_event_loop(bundled):
    import asyncio

    from tropekg.serve.pages import Pages

    pages = Pages(bundled)
    target = ("GET", "/entity", "uri=" + urllib.parse.quote(TKID + "netorar", safe=""), {})
    assert b"did you mean" in asyncio.run(pages(*target))[2]
    pages.suggesting = True  # another request's suggestions are being found: this 404 does not wait for them
    assert asyncio.run(pages(*target)) == ("404 Not Found", "text/plain; charset=utf-8",
                                           f"no concept or scheme has the IRI <{TKID}netorar>\n".encode(), {})
