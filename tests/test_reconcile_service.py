"""The Reconciliation Service API as tropekg answers it (tropekg/reconcile/service.py), called as a function:
every response against the specs' JSON Schemas (0.2 at /reconcile, 1.0-draft at /reconcile/v1), every example
request of the specs answered or refused, CORS on everything, 400 and 413 naming what is wrong, never 500."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tropekg
from tropekg.reconcile import service

from .conftest import CASES
from .reconcile_api import VERSIONS, check, encode_uri, examples

EX = "http://example.org/tag/"
HOST = {"host": "127.0.0.1:7878"}
FORM = {**HOST, "content-type": "application/x-www-form-urlencoded"}
JSON = {**HOST, "content-type": "application/json"}
TRICKY = ["http://example.org/tag/q?a=1&b=2", "http://example.org/hash#only", "http://example.org/mixed?x=1#frag&y"]


@pytest.fixture(scope="module")
def api():
    return service(tropekg.load([str(CASES / "reconcile" / "tags.ttl")]))


def call(api, method: str, path: str, query: str = "", headers: dict | None = None, body: bytes = b""):
    status, fields, data = api.handle(method, path, query.encode(), headers or HOST, body)
    fields = dict(fields)
    assert fields["Access-Control-Allow-Origin"] == "*"  # CORS on every response, errors included
    assert not status.startswith("5")
    return status, fields, data


def answer(api, method: str, path: str, query: str = "", headers: dict | None = None, body: bytes = b""):
    status, fields, data = call(api, method, path, query, headers, body)
    assert status == "200 OK", data
    return json.loads(data)


def form(**fields: object) -> bytes:
    return urllib.parse.urlencode({k: json.dumps(v) for k, v in fields.items()}).encode()


@pytest.mark.parametrize("version", VERSIONS)
def test_the_manifest_validates(api, version):
    manifest = answer(api, "GET", VERSIONS[version])
    check(version, "manifest", manifest)
    assert manifest["name"] == "tropekg: Other tags, Tags"
    if version == "0.2":
        assert manifest["batchSize"] >= 1000 and manifest["identifierSpace"] == "http://example.org/"
        assert manifest["view"] == {"url": "{{id}}"}
        assert manifest["preview"]["url"] == "http://127.0.0.1:7878/reconcile/preview?id={{id}}"
    assert [t["id"] for t in manifest["defaultTypes"]] == [EX + "other", EX + "scheme", EX + "drama", EX + "romance"]


@pytest.mark.parametrize("example", examples("0.2", "reconciliation-query-batch", "valid"), ids=lambda p: p.name)
def test_every_valid_02_batch_is_answered_in_order_by_get_form_and_json(api, example):
    batch = json.loads(example.read_text(encoding="utf-8"))
    for method, query, headers, body in [("GET", "queries=" + urllib.parse.quote(json.dumps(batch)), HOST, b""),
                                         ("POST", "", FORM, form(queries=batch)),
                                         ("POST", "", JSON, json.dumps(batch).encode())]:
        result = answer(api, method, "/reconcile", query, headers, body)
        check("0.2", "reconciliation-result-batch", result)
        assert list(result) == list(batch)


@pytest.mark.parametrize("example", examples("1.0-draft", "reconciliation-query-batch", "valid"), ids=lambda p: p.name)
def test_every_valid_10_batch_is_answered_in_order(api, example):
    batch = json.loads(example.read_text(encoding="utf-8"))
    result = answer(api, "POST", "/reconcile/v1/match", "", JSON, json.dumps(batch).encode())
    check("1.0-draft", "reconciliation-result-batch", result)
    assert len(result["results"]) == len(batch["queries"])


@pytest.mark.parametrize("version, example", [
    (v, p) for v in VERSIONS for p in examples(v, "reconciliation-query-batch", "invalid")], ids=lambda x: str(x))
def test_every_invalid_batch_gets_400(api, version, example):
    text = example.read_text(encoding="utf-8")
    if version == "0.2":
        status, _, _ = call(api, "POST", "/reconcile", "", FORM, b"queries=" + urllib.parse.quote(text).encode())
    else:
        status, _, _ = call(api, "POST", "/reconcile/v1/match", "", JSON, text.encode())
    assert status == "400 Bad Request"


@pytest.mark.parametrize("version", VERSIONS)
def test_every_valid_extension_query_is_answered(api, version):
    for example in examples(version, "data-extension-query", "valid"):
        query = json.loads(example.read_text(encoding="utf-8"))
        if version == "0.2":
            result = answer(api, "POST", "/reconcile", "", FORM, form(extend=query))
            assert list(result["rows"]) == query["ids"]
        else:
            result = answer(api, "POST", "/reconcile/v1/extend", "", JSON, json.dumps(query).encode())
            assert [r["id"] for r in result["rows"]] == query["ids"]
        check(version, "data-extension-response", result)


def test_matching_answers_with_candidates_and_features(api):
    result = answer(api, "GET", "/reconcile", "queries=" + urllib.parse.quote(json.dumps(
        {"a": {"query": "NTR"}, "b": {"query": "Affair", "limit": 1}, "c": {"query": "nothing like it"}})))
    first = result["a"]["result"][0]
    assert (first["id"], first["name"], first["score"], first["match"]) == (EX + "netorare", "Netorare", 96, True)
    assert first["type"] == [{"id": EX + "scheme", "name": "Tags"}]
    assert first["description"] == "A partner is taken by someone else."
    assert [(c["id"], c["match"]) for c in result["b"]["result"]] == [(EX + "affair", False)]
    assert result["c"] == {"result": []}


def test_the_name_follows_lang_on_the_url_or_accept_language(api):
    batch = "queries=" + urllib.parse.quote(json.dumps({"a": {"query": "NTR"}}))
    assert answer(api, "GET", "/reconcile", "lang=ja&" + batch)["a"]["result"][0]["name"] == "寝取られ"
    headers = {**HOST, "accept-language": "ja-JP,ja;q=0.9,en;q=0.8"}
    assert answer(api, "GET", "/reconcile", batch, headers)["a"]["result"][0]["name"] == "寝取られ"
    # The weights decide, not the order (RFC 9110, 12.5.4).
    headers = {**HOST, "accept-language": "ja;q=0.1, en"}
    assert answer(api, "GET", "/reconcile", batch, headers)["a"]["result"][0]["name"] == "Netorare"
    headers = {**HOST, "accept-language": "en;q=0.5, *, ja"}
    assert answer(api, "GET", "/reconcile", batch, headers)["a"]["result"][0]["name"] == "寝取られ"
    v1 = {"queries": [{"conditions": [{"matchType": "name", "propertyValue": "NTR"}], "lang": "ja"}]}
    result = answer(api, "POST", "/reconcile/v1/match", "", JSON, json.dumps(v1).encode())
    assert result["results"][0]["candidates"][0]["name"] == "寝取られ"
    manifest = answer(api, "GET", "/reconcile", "lang=ja")
    assert manifest["suggest"]["entity"]["service_path"] == "/suggest/entity?lang=ja"
    assert manifest["preview"]["url"].endswith("/reconcile/preview?lang=ja&id={{id}}")


@pytest.mark.parametrize("version", VERSIONS)
def test_suggest_and_propose_validate(api, version):
    root = VERSIONS[version]
    entity = answer(api, "GET", root + "/suggest/entity", "prefix=net")
    check(version, "suggest-entities-response", entity)
    assert [e["id"] for e in entity["result"]] == [EX + "netorare"]
    types = answer(api, "GET", root + "/suggest/type", "prefix=ta")
    check(version, "suggest-types-response", types)
    assert types["result"] == [{"id": EX + "other", "name": "Other tags"}, {"id": EX + "scheme", "name": "Tags"}]
    assert answer(api, "GET", root + "/suggest/type", "prefix=DRA")["result"] == [{"id": EX + "drama", "name": "Drama"}]
    props = answer(api, "GET", root + "/suggest/property", "prefix=broad")
    check(version, "suggest-properties-response", props)
    assert [p["id"] for p in props["result"]] == ["broader", "broadMatch"]
    proposed = answer(api, "GET", root + "/extend/propose", f"type={EX}scheme&limit=3")
    check(version, "data-extension-property-proposal", proposed)
    assert proposed == {"type": EX + "scheme", "limit": 3, "properties": [
        {"id": "broader", "name": "Broader concepts (primary first)"}, {"id": "narrower", "name": "Narrower concepts"},
        {"id": "related", "name": "Related concepts"}]}


@pytest.mark.parametrize("version", VERSIONS)
def test_extension_gives_what_catalogs_ask_for(api, version):
    every = [p["id"] for p in answer(api, "GET", VERSIONS[version] + "/extend/propose")["properties"]]
    query = {"ids": [EX + "netorare", EX + "old-love", "http://unknown/x"], "properties": [{"id": p} for p in every]}
    if version == "0.2":
        result = answer(api, "POST", "/reconcile", "", FORM, form(extend=query))
        rows = result["rows"]
    else:
        result = answer(api, "POST", "/reconcile/v1/extend", "", JSON, json.dumps(query).encode())
        rows = {r["id"]: {p["id"]: p["values"] for p in r["properties"]} for r in result["rows"]}
    check(version, "data-extension-response", result)
    ntr = rows[EX + "netorare"]
    assert ntr["broader"] == [{"id": EX + "drama", "name": "Drama"}]
    assert ntr["exactMatch"] == [{"str": "https://vndb.org/g513"}]
    assert ntr["consent"] == [{"id": "https://w3id.org/tropekg/id/consent-none", "name": "consent-none"}]
    assert [v["str"] for v in ntr["altLabel@en"]] == ["Cuckoldry", "NTR"]
    assert [v["str"] for v in ntr["prefLabel@ja"]] == ["寝取られ"]
    assert ntr["notation"] == [{"str": "T-513"}] and ntr["adult"] == [{"str": "false"}]
    assert rows[EX + "old-love"]["replacedBy"] == [{"id": EX + "romance", "name": "Romance"}]
    assert rows[EX + "old-love"]["deprecated"] == [{"str": "true"}]
    assert all(v == [] for v in rows["http://unknown/x"].values())


@pytest.mark.parametrize("iri", TRICKY)
@pytest.mark.parametrize("version", VERSIONS)
def test_preview_finds_ids_substituted_with_encodeuri(api, iri, version):
    """OpenRefine puts encodeURI(id) into preview.url; the browser keeps `#...` back, `&` and `?` arrive."""
    url = f"{VERSIONS[version]}/preview?id={encode_uri(iri)}".split("#")[0]
    path, _, query = url.partition("?")
    status, fields, data = call(api, "GET", path, query)
    page = data.decode()
    assert status == "200 OK" and fields["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in fields["Content-Security-Policy"] and "<script" not in page
    assert f"<h1>{TRICKY_NAMES[iri]}</h1>" in page


TRICKY_NAMES = dict(zip(TRICKY, ["Query tag", "Hash tag", "Mixed tag"], strict=True))


def test_preview_card_shows_definition_path_and_facets_escaped(api):
    page = call(api, "GET", "/reconcile/preview", "id=" + urllib.parse.quote(EX + "netorare"))[2].decode()
    assert "<p>A partner is taken by someone else.</p>" in page
    assert "<dt>Broader</dt><dd>Drama</dd><dt>Consent</dt><dd>consent-none</dd>" in page
    assert call(api, "GET", "/reconcile/preview", "id=http://nowhere/x")[0] == "404 Not Found"


@pytest.mark.parametrize("method, path, query, headers, body, status, message", [
    ("GET", "/reconcile", "queries={", HOST, b"", "400 Bad Request",
     "`queries` is not JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"),
    ("GET", "/reconcile", "queries=[]", HOST, b"", "400 Bad Request",
     "`queries` must be a JSON object of queries by key (Reconciliation API 0.2 §4.1)"),
    ("GET", "/reconcile", 'queries={"q":{"query":5}}', HOST, b"", "400 Bad Request", "queries.q.query must be a string"),
    ("GET", "/reconcile", 'queries={"q":{"query":"a","limit":"x"}}', HOST, b"", "400 Bad Request",
     "queries.q.limit must be a number"),
    ("GET", "/reconcile", 'queries={"q":{"query":"a","limit":Infinity}}', HOST, b"", "400 Bad Request",
     "queries.q.limit must be a number"),
    ("POST", "/reconcile/v1/extend", "", JSON, b'{"ids":[],"properties":[{"id":"a","settings":{"limit":-Infinity}}]}',
     "400 Bad Request", "properties[0].settings.limit must be a number"),
    ("GET", "/reconcile", "callback=alert(1)", HOST, b"", "400 Bad Request",
     "callback must be a JavaScript name (letters, digits, _, $ and dots)"),
    ("GET", "/reconcile/suggest/entity", "", HOST, b"", "400 Bad Request", "suggest needs `prefix`, the text typed so far"),
    ("GET", "/reconcile/suggest/entity", "prefix=a&cursor=x", HOST, b"", "400 Bad Request",
     "cursor must be a whole number, not 'x'"),
    ("POST", "/reconcile", "", FORM, b"extend=%7B%7D", "400 Bad Request", "`ids` must be a list of entity ids (strings)"),
    ("POST", "/reconcile", "", FORM, b"queries=%FF", "400 Bad Request", "`queries` is not JSON (Expecting value: line 1 column 1 (char 0))"),
    ("POST", "/reconcile/v1/match", "", JSON, b"[" * 100_000, "400 Bad Request", "the request body nests too deeply"),
    ("GET", "/reconcile/v1/match", "", HOST, b"", "405 Method Not Allowed",
     "/reconcile/v1/match takes POST with a JSON body"),
    ("POST", "/reconcile/v1/match", "", JSON, b"{}", "400 Bad Request",
     "the body must be a JSON object with `queries`, a list (Reconciliation API 1.0-draft §4.1)"),
    ("GET", "/reconcile/nowhere", "", HOST, b"", "404 Not Found", "no such route /reconcile/nowhere; the manifest is GET /reconcile"),
    ("DELETE", "/reconcile", "", HOST, b"", "405 Method Not Allowed", "use GET or POST"),
    ("POST", "/reconcile", "", FORM, None, "413 Content Too Large",
     "the request body is too large; send at most 1000 queries a batch"),
])
def test_malformed_requests_get_4xx_naming_what_is_wrong(api, method, path, query, headers, body, status, message):
    got = api.handle(method, path, query.encode(), headers, body)
    assert (got[0], got[2].decode()) == (status, message + "\n")
    assert ("Access-Control-Allow-Origin", "*") in got[1]


def test_a_batch_over_the_batch_size_gets_413(api):
    batch = {f"q{i}": {"query": "NTR"} for i in range(1001)}
    status, _, data = call(api, "POST", "/reconcile", "", FORM, form(queries=batch))
    assert (status, data) == ("413 Content Too Large",
                              b"the batch has 1001 queries; at most 1000 (the manifest's batchSize)\n")
    full = answer(api, "POST", "/reconcile", "", FORM, form(queries=dict(list(batch.items())[:1000])))
    assert len(full) == 1000 and all(r["result"][0]["match"] for r in full.values())


def test_one_query_as_01_clients_send_it(api):
    for query in ("query=NTR", "query=" + urllib.parse.quote('{"query": "NTR", "limit": 1}')):
        result = answer(api, "GET", "/reconcile", query)
        assert [(c["id"], c["match"]) for c in result["result"]] == [(EX + "netorare", True)]
    status, _, data = call(api, "GET", "/reconcile", "callback=cb&query=NTR")
    assert data.startswith(b'cb({"result":[{"id":"http://example.org/tag/netorare"')


def test_preflight_and_jsonp(api):
    status, fields, data = call(api, "OPTIONS", "/reconcile/v1/match", "",
                                {**HOST, "access-control-request-headers": "content-type"})
    assert (status, data, fields["Access-Control-Allow-Methods"]) == ("204 No Content", b"", "GET, POST, OPTIONS")
    assert fields["Access-Control-Allow-Headers"] == "content-type"
    status, fields, data = call(api, "GET", "/reconcile", "callback=jQuery_12.cb")
    assert fields["Content-Type"] == "application/javascript; charset=utf-8"
    assert data.startswith(b"jQuery_12.cb({") and data.endswith(b"});")
    check("0.2", "manifest", json.loads(data[len("jQuery_12.cb("):-2]))


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                               st.sampled_from(["query", "type", "limit", "properties", "pid", "v", "queries",
                                                "conditions", "matchType", "propertyValue", "ids", "id", "q0"]),
                               inner, max_size=4), max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JSON_VALUES, route=st.sampled_from(["queries", "extend", "/reconcile/v1/match", "/reconcile/v1/extend"]))
def test_any_json_is_answered_never_an_error_of_ours(api, value, route):
    data = json.dumps(value).encode()
    if route.startswith("/"):
        status = call(api, "POST", route, "", JSON, data)[0]
    else:
        status = call(api, "POST", "/reconcile", "", FORM, urllib.parse.urlencode({route: data}).encode())[0]
    assert status[0] in "24"
