"""The Reconciliation Service API over HTTP, as one function of the request (method, path, query string, headers,
body) to the response (status, headers, body): `/reconcile` speaks 0.2 (what OpenRefine speaks), `/reconcile/v1`
the 1.0-draft. Every response, errors and preflight included, allows any origin (CORS): OpenRefine reads the
manifest from the browser."""

from __future__ import annotations

import json
import re
import urllib.parse

from ..negotiation import languages
from .engine import Candidate, Reconciler
from .index import Index
from .properties import card, meta, propose, values
from .requests import BATCH_SIZE, BadRequest, batch_02, batch_10, extension, parse_json

Response = tuple[str, list[tuple[str, str]], bytes]
ROOT, V1 = "/reconcile", "/reconcile/v1"
SKOS_SPACE = "http://www.w3.org/2004/02/skos/core#"
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,99}$")  # JSONP: a JavaScript name, nothing that could be script
_CORS = [("Access-Control-Allow-Origin", "*")]
_CSP = ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
PREVIEW = {"width": 400, "height": 200}
KEPT = 2048  # GET answers kept (suggest as one types, previews, manifests): the same request, the same bytes


class Service:
    """Reconciliation over one vocabulary's Index; `handle` answers one request."""

    def __init__(self, index: Index) -> None:
        self.index, self.engine = index, Reconciler(index)
        self.space = _common_space(list(index.concepts))
        self.kept: dict[tuple, Response] = {}

    def handle(self, method: str, path: str, query: bytes | str, headers: dict[str, str],
               body: bytes | None) -> Response:
        """The response to one request under /reconcile; never raises for anything a client sends."""
        raw = query.decode("latin-1") if isinstance(query, bytes) else query
        key = (path, raw, headers.get("accept-language", ""), headers.get("host", "")) if method == "GET" else None
        found = self.kept.get(key) if key else None
        if found is None:
            found = self._handle(method, path, raw, headers, body)
            # A GET's answer depends on nothing but the request (the index never changes while serving).
            if key and found[0] == "200 OK" and len(raw) <= 1000:
                if len(self.kept) >= KEPT:
                    del self.kept[next(iter(self.kept))]  # the oldest
                self.kept[key] = found
        return found

    def _handle(self, method: str, path: str, raw: str, headers: dict[str, str], body: bytes | None) -> Response:
        try:
            if method == "OPTIONS":  # a CORS preflight (Fetch standard, 3.2.2)
                asked = headers.get("access-control-request-headers", "Accept, Content-Type")
                return "204 No Content", [*_CORS, ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                                          ("Access-Control-Allow-Headers", asked[:500]),
                                          ("Access-Control-Max-Age", "86400")], b""
            if body is None:
                raise BadRequest("the request body is too large; send at most "
                                 f"{BATCH_SIZE} queries a batch", "413 Content Too Large")
            if method not in ("GET", "POST"):
                raise BadRequest("use GET or POST", "405 Method Not Allowed")
            params = _params(method, raw, headers, body)
            lang = _lang(params, headers)
            base = f"http://{headers.get('host', '127.0.0.1')}"
            if path == V1 or path.startswith(V1 + "/"):
                return self._v1(path[len(V1):].rstrip("/"), method, params, raw, headers, body, lang, base)
            return self._v02(path[len(ROOT):].rstrip("/"), method, params, raw, headers, body, lang, base)
        except BadRequest as e:
            return e.status, [*_CORS, ("Content-Type", "text/plain; charset=utf-8")], f"{e}\n".encode()

    # --- 0.2 ---
    def _v02(self, route: str, method: str, params: dict, raw: str, headers: dict, body: bytes, lang: str,
             base: str) -> Response:
        callback = _one(params, "callback")
        if callback is not None and not _CALLBACK.match(callback):
            raise BadRequest("callback must be a JavaScript name (letters, digits, _, $ and dots)")
        if route == "":
            if "queries" in params:
                batch = batch_02(parse_json(_one(params, "queries"), "`queries`"), lang)
                answer = {key: {"result": [self._candidate(c, q.lang, False) for c in self.engine.match(q)]}
                          for key, q in batch}
            elif "query" in params:  # one query (0.1 §3: a plain string or one query object), as JSONP clients send
                text = _one(params, "query") or ""
                one = parse_json(text, "`query`") if text.lstrip().startswith("{") else {"query": text}
                q = batch_02({"q": one}, lang)[0][1]
                answer = {"result": [self._candidate(c, q.lang, False) for c in self.engine.match(q)]}
            elif "extend" in params:
                answer = self._extend(parse_json(_one(params, "extend"), "`extend`"), lang, False)
            elif method == "POST" and _is_json(headers):
                batch = batch_02(parse_json(body, "the request body"), lang)
                answer = {key: {"result": [self._candidate(c, q.lang, False) for c in self.engine.match(q)]}
                          for key, q in batch}
            else:
                answer = self._manifest_02(base, params, lang)
        elif route.startswith("/suggest/"):
            answer = self._suggest(route[len("/suggest/"):], params, lang, False)
        elif route == "/preview":
            return self._preview(raw, params, lang)
        elif route == "/extend/propose":
            answer = self._propose(params, lang)
        else:
            raise BadRequest(f"no such route {ROOT}{route}; the manifest is GET {ROOT}", "404 Not Found")
        return _json(answer, callback)

    def _manifest_02(self, base: str, params: dict, lang: str) -> dict:
        service = base + ROOT
        keep = f"?lang={urllib.parse.quote(lang)}" if "lang" in params else ""

        def at(path: str) -> dict[str, str]:
            return {"service_url": service, "service_path": path + keep}

        return {
            "versions": ["0.1", "0.2"], "name": self._name(lang), "identifierSpace": self.space,
            "schemaSpace": SKOS_SPACE, "batchSize": BATCH_SIZE,
            "view": {"url": "{{id}}"},
            # The id last and read to the end of the URL: OpenRefine puts it in with encodeURI, which leaves
            # & and ? as they are (see _preview).
            "preview": {"url": f"{service}/preview?{keep[1:] + '&' if keep else ''}id={{{{id}}}}", **PREVIEW},
            "defaultTypes": self._types(lang),
            "suggest": {"entity": at("/suggest/entity"), "type": at("/suggest/type"),
                        "property": at("/suggest/property")},
            "extend": {"propose_properties": at("/extend/propose"),
                       "property_settings": [{"type": "number", "default": 0, "label": "Limit", "name": "limit",
                                              "help_text": "At most this many values (0: all)"}]},
        }

    # --- 1.0-draft ---
    def _v1(self, route: str, method: str, params: dict, raw: str, headers: dict, body: bytes, lang: str,
            base: str) -> Response:
        if route == "":
            return _json({"versions": ["1.0-draft"], "name": self._name(lang), "lang": lang,
                          "view": {"url": "{+id}"}, "defaultTypes": self._types(lang),
                          "suggest": {"entity": True, "property": True, "type": True},
                          "preview": PREVIEW, "extend": {"proposeProperties": True,
                          "propertySettings": [{"type": "number", "default": 0, "id": "limit", "name": "Limit",
                                                "helpText": "At most this many values (0: all)"}]}})
        if route in ("/match", "/extend") and method != "POST":
            raise BadRequest(f"{V1}{route} takes POST with a JSON body", "405 Method Not Allowed")
        if route == "/match":
            queries = batch_10(parse_json(body, "the request body"), lang)
            return _json({"results": [{"candidates": [self._candidate(c, q.lang, True) for c in self.engine.match(q)]}
                                      for q in queries]})
        if route == "/extend":
            return _json(self._extend(parse_json(body, "the request body"), lang, True))
        if route.startswith("/suggest/"):
            return _json(self._suggest(route[len("/suggest/"):], params, lang, True))
        if route == "/preview":
            return self._preview(raw, params, lang)
        if route == "/extend/propose":
            return _json(self._propose(params, lang))
        raise BadRequest(f"no such route {V1}{route}; the manifest is GET {V1}", "404 Not Found")

    # --- shared ---
    def _candidate(self, c: Candidate, lang: str, v1: bool) -> dict:
        out = {"id": c.iri, "name": c.name, "score": c.score, "match": c.match,
               "features": [{"id": i, "name": n, "value": v} if v1 else {"id": i, "value": v}
                            for i, n, v in c.features(lang)],
               "type": [{"id": t, "name": self.index.name(t, lang)} for t in c.types]}
        if c.description:
            out["description"] = c.description
        return out

    def _types(self, lang: str) -> list[dict[str, str]]:
        return [{"id": t, "name": self.index.name(t, lang)} for t in self.engine.types()]

    def _name(self, lang: str) -> str:
        schemes = sorted(self.index.name(s, lang) for s in self.index.schemes)
        return "tropekg: " + (", ".join(schemes[:3]) + (", ..." if len(schemes) > 3 else "") or "concepts")

    def _suggest(self, kind: str, params: dict, lang: str, v1: bool) -> dict:
        prefix = _one(params, "prefix")
        if prefix is None:
            raise BadRequest("suggest needs `prefix`, the text typed so far")
        cursor = _number(params, "cursor", 0)
        limit = _number(params, "limit", 10)
        if kind == "entity":
            types = tuple(t for t in [_one(params, "type")] if t)
            found = self.engine.suggest(prefix, types, cursor + limit)[cursor:]
            return {"result": [{"id": i, "name": self.index.name(i, lang),
                                "notable": [{"id": t, "name": self.index.name(t, lang)}
                                            for t in self.index.concepts[i].schemes]}
                               for i in found]}
        if kind == "type":
            pool = self._types(lang)
        elif kind == "property":
            pool = propose(self.index, lang)
        else:
            raise BadRequest(f"no suggest service {kind!r}: entity, type or property", "404 Not Found")
        wanted = prefix.casefold()
        hits = [p for p in pool if p["id"].casefold().startswith(wanted)
                or any(w.startswith(wanted) for w in p["name"].casefold().split())]  # a word of the name
        return {"result": hits[cursor:cursor + limit]}

    def _preview(self, raw: str, params: dict, lang: str) -> Response:
        iri = self._preview_id(raw, params)
        if iri is None:
            raise BadRequest("no concept has this id; give a concept's full IRI as `id`", "404 Not Found")
        return "200 OK", [*_CORS, ("Content-Type", "text/html; charset=utf-8"), _CSP], \
            card(self.index, iri, lang).encode()

    def _preview_id(self, raw: str, params: dict) -> str | None:
        """The concept a preview URL names. OpenRefine substitutes the id with encodeURI, which keeps `&`, `?`
        and `#`: the id is read to the end of the query string; a `#...` the browser kept back is found again
        when one concept alone has the IRI received followed by `#`."""
        concepts = self.index.concepts
        candidates = [_one(params, "id")]
        at = 3 if raw.startswith("id=") else (raw.find("&id=") + 4 if "&id=" in raw else -1)
        if at >= 0:
            candidates.append(urllib.parse.unquote(raw[at:]))
        for iri in candidates:
            if iri in concepts:
                return iri
        for iri in candidates:
            if iri:
                kept = [c for c in concepts if c.startswith(iri + "#")]
                if len(kept) == 1:
                    return kept[0]
        return None

    def _extend(self, query: object, lang: str, v1: bool) -> dict:
        ids, props = extension(query)
        metas = [meta(pid) for pid, _ in props]
        if v1:
            rows: object = [{"id": i, "properties": [{"id": pid, "values": values(self.index, i, pid, lang, n, True)}
                                                     for pid, n in props]} for i in ids]
        else:
            rows = {i: {pid: values(self.index, i, pid, lang, n) for pid, n in props} for i in ids}
        return {"meta": metas, "rows": rows}

    def _propose(self, params: dict, lang: str) -> dict:
        found = propose(self.index, lang)
        limit = _number(params, "limit", 0)
        answer: dict = {"properties": found[:limit] if limit else found}
        if _one(params, "type"):
            answer["type"] = _one(params, "type")
        if limit:
            answer["limit"] = limit
        return answer


def _params(method: str, raw: str, headers: dict[str, str], body: bytes) -> dict[str, list[str]]:
    params = urllib.parse.parse_qs(raw, keep_blank_values=True)
    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    if method == "POST" and kind == "application/x-www-form-urlencoded":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as e:
            raise BadRequest(f"the form is not UTF-8 ({e})") from None
        for key, found in urllib.parse.parse_qs(text, keep_blank_values=True).items():
            params.setdefault(key, []).extend(found)
    return params


def _is_json(headers: dict[str, str]) -> bool:
    return headers.get("content-type", "").split(";")[0].strip().lower() in ("application/json", "text/json")


def _one(params: dict[str, list[str]], name: str) -> str | None:
    found = params.get(name)
    return found[0] if found else None


def _number(params: dict[str, list[str]], name: str, default: int) -> int:
    text = _one(params, name)
    if text in (None, ""):
        return default
    try:
        return max(0, int(text))
    except ValueError:
        raise BadRequest(f"{name} must be a whole number, not {text[:40]!r}") from None


def _lang(params: dict[str, list[str]], headers: dict[str, str]) -> str:
    """The display language: `?lang=` on the service URL, else the language Accept-Language weighs most, else en."""
    given = _one(params, "lang")
    if given:
        return given.strip()
    wanted = languages(headers.get("accept-language"))
    return wanted[0] if wanted else "en"


def _json(answer: object, callback: str | None = None) -> Response:
    data = json.dumps(answer, ensure_ascii=False, separators=(",", ":"))
    if callback:  # JSONP for 0.1-era clients that cannot read cross-origin JSON
        return "200 OK", [*_CORS, ("Content-Type", "application/javascript; charset=utf-8")], \
            f"{callback}({data});".encode()
    return "200 OK", [*_CORS, ("Content-Type", "application/json; charset=utf-8")], data.encode()


def _common_space(iris: list[str]) -> str:
    """What the ids are: full IRIs, under the namespace the concepts share (up to its last / or #)."""
    if not iris:
        return SKOS_SPACE + "Concept"
    low, high = min(iris), max(iris)
    i = 0
    while i < min(len(low), len(high)) and low[i] == high[i]:
        i += 1
    cut = max(low.rfind("/", 0, i), low.rfind("#", 0, i))
    return low[: cut + 1] if cut > low.find("://") + 2 else SKOS_SPACE + "Concept"
