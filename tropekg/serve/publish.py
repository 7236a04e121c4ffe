"""`tropekg publish`: add the graph to a triplestore's, or replace it, with the SPARQL 1.1 Graph Store HTTP
Protocol (POST or PUT), with HTTP basic or digest authentication."""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from ..errors import TropekgError, UsageError
from ..sources.endpoint import check_graph_iri, check_http_url
from ..vocabulary import Vocabulary

AUTH_VARIABLE = "TROPEKG_PUBLISH_AUTH"  # user:password for HTTP basic or digest authentication; never an option
_LOOPBACK = ("127.0.0.1", "::1", "localhost")


def target_url(endpoint: str | None, graph: str | None) -> str:
    """The request URL: the graph named indirectly as ?graph=IRI, or ?default for the default graph (Graph Store
    HTTP Protocol 4.2 and 4.1)."""
    if not endpoint:
        raise UsageError("--endpoint: give the store's Graph Store Protocol URL, e.g. http://localhost:7878/store")
    parts = check_http_url(endpoint, "the store's", "http://localhost:7878/store")
    if graph is not None:
        check_graph_iri(graph)
    query = urllib.parse.urlencode({"graph": graph}) if graph is not None else "default"
    joined = f"{parts.query}&{query}" if parts.query else query
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, joined, ""))


def _credentials(url: str) -> tuple[str, str] | None:
    """(user, password) from the environment, only for https or loopback URLs; None when unset."""
    secret = os.environ.get(AUTH_VARIABLE)
    if not secret:
        return None
    if ":" not in secret:
        raise UsageError(f"{AUTH_VARIABLE}: write user:password")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" and parts.hostname not in _LOOPBACK:
        # Basic credentials are readable on the wire without TLS (RFC 7617, 4); a digest can be replayed.
        raise UsageError(f"--endpoint {url}: use https:// to send the credentials in {AUTH_VARIABLE}")
    user, password = secret.split(":", 1)
    return user, password


def _authorization(url: str, credentials: tuple[str, str] | None, method: str, timeout: float) -> dict[str, str]:
    """The Authorization header the store asks for, found by an empty POST first (it adds nothing where it is
    accepted): a store that refuses the graph refuses it before reading the body, and closes the connection while
    megabytes are still being sent. Digest (RFC 7616: Virtuoso's /sparql-graph-crud-auth asks for it and refuses a
    Basic header unasked) where challenged so, Basic (RFC 7617) otherwise; none where the store takes the probe."""
    probe = urllib.request.Request(url, data=b"", method="POST", headers={"Content-Type": "application/n-triples"})
    try:
        urllib.request.urlopen(probe, timeout=timeout).close()
        return {}
    except urllib.error.HTTPError as e:
        challenge = e.headers.get("WWW-Authenticate") or ""
        if e.code != 401 or credentials is None:
            raise
        e.close()
    if challenge.lower().startswith("digest "):
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, *credentials)
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge[7:]))
        request = urllib.request.Request(url, method=method)
        return {"Authorization": "Digest " + urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(
            request, fields)}
    return {"Authorization": "Basic " + base64.b64encode(":".join(credentials).encode()).decode()}


def publish(vocab: Vocabulary, endpoint: str, graph: str | None = None, replace: bool = False,
            timeout: float = 600) -> dict:
    """Add every triple of `vocab` to the graph `graph` (or the default graph) of the store at `endpoint` (POST,
    Graph Store HTTP Protocol 5.5: the store merges them in), or with `replace` put them in its place (PUT, 5.3:
    one operation). The body is built whole before anything is sent; nothing is written on our side. Returns
    the URL, graph, triples and status."""
    url = target_url(endpoint, graph)
    credentials = _credentials(url)
    body = vocab.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    method = "PUT" if replace else "POST"
    try:
        headers = {"Content-Type": "application/n-triples", **_authorization(url, credentials, method, timeout)}
        with urllib.request.urlopen(urllib.request.Request(url, data=body, method=method, headers=headers),
                                    timeout=timeout) as response:
            status = f"{response.status} {response.reason}"
    except urllib.error.HTTPError as e:
        detail = " ".join(e.read(300).decode("utf-8", errors="replace").split()) if e.fp else ""
        hint = ""
        if e.code in (401, 403):
            hint = (f"; the store refused the credentials in {AUTH_VARIABLE}" if credentials
                    else f"; set {AUTH_VARIABLE}=user:password")
        raise TropekgError(f"--endpoint {url}: the store refused the graph: {e.code} {e.reason}"
                           f"{': ' + detail if detail else ''}{hint}") from None
    except urllib.error.URLError as e:
        reason = getattr(e.reason, "strerror", None) or str(e.reason)
        raise TropekgError(f"--endpoint {url}: cannot reach the store ({reason}); is it running, "
                           "and is this its Graph Store Protocol URL?") from None
    except (TimeoutError, OSError) as e:
        raise TropekgError(f"--endpoint {url}: no answer ({e}); is the store running?") from None
    return {"url": url, "graph": graph, "triples": len(vocab), "status": status}
