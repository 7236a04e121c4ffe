"""`tropekg publish`: put the graph into a triplestore with the SPARQL 1.1 Graph Store HTTP Protocol."""

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

AUTH_VARIABLE = "TROPEKG_PUBLISH_AUTH"  # user:password for HTTP basic authentication; never a command-line option
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


def _auth_header(url: str) -> dict[str, str]:
    secret = os.environ.get(AUTH_VARIABLE)
    if not secret:
        return {}
    if ":" not in secret:
        raise UsageError(f"{AUTH_VARIABLE}: write user:password")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" and parts.hostname not in _LOOPBACK:
        # Basic credentials are readable on the wire without TLS (RFC 7617, 4).
        raise UsageError(f"--endpoint {url}: use https:// to send the credentials in {AUTH_VARIABLE}")
    return {"Authorization": "Basic " + base64.b64encode(secret.encode()).decode()}


def publish(vocab: Vocabulary, endpoint: str, graph: str | None = None, timeout: float = 60) -> dict:
    """Replace the graph `graph` (or the default graph) of the store at `endpoint` with every triple of `vocab`,
    in one PUT (Graph Store HTTP Protocol 5.3: the store replaces the graph as one operation). The body is built
    whole before anything is sent; nothing is written on our side. Returns the URL, graph, triples and status."""
    url = target_url(endpoint, graph)
    body = vocab.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    request = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples", **_auth_header(url)})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = f"{response.status} {response.reason}"
    except urllib.error.HTTPError as e:
        detail = " ".join(e.read(300).decode("utf-8", errors="replace").split())
        hint = f"; set {AUTH_VARIABLE}=user:password" if e.code in (401, 403) else ""
        raise TropekgError(f"--endpoint {url}: the store refused the graph: {e.code} {e.reason}"
                           f"{': ' + detail if detail else ''}{hint}") from None
    except urllib.error.URLError as e:
        reason = getattr(e.reason, "strerror", None) or str(e.reason)
        raise TropekgError(f"--endpoint {url}: cannot reach the store ({reason}); is it running, "
                           "and is this its Graph Store Protocol URL?") from None
    except (TimeoutError, OSError) as e:
        raise TropekgError(f"--endpoint {url}: no answer ({e}); is the store running?") from None
    return {"url": url, "graph": graph, "triples": len(vocab), "status": status}
