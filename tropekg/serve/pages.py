"""Dereferenceable concepts: a concept's or scheme's IRI answered as a page for people and as RDF for machines
(W3C Best Practice Recipes for Publishing RDF Vocabularies, recipe 5: 303 See Other to the representation the
Accept header picks), at `/entity?uri=IRI` (as Skosmos names it) and at the IRI's own path below the base IRI;
the representations are the static site's files (export.website), served from memory."""

from __future__ import annotations

import asyncio
import posixpath
import urllib.parse
from dataclasses import dataclass

from ..errors import LookupFailed
from ..export import website
from ..export.options import Options
from ..labels import local_name
from ..lookup import Lookup
from ..negotiation import choose
from ..vocabulary import Vocabulary

# Paths that are the endpoint's, the health check's or reconciliation's, never a concept's.
NOT_OURS = ("/", "/query", "/sparql", "/update", "/health")
_TEXT = "text/plain; charset=utf-8"
KEPT = 4096  # answers kept, by request
Answer = tuple[str, str, bytes, dict[str, str]]


class Pages:
    """`await pages(method, path, query string, headers)`: the answer for a page path, or None for other paths.

    Redirects and refusals, which depend only on the request, are kept (KEPT of them): asked again, a dict hit. The
    nearest labels of an unknown IRI take a second of Python on a large vocabulary (difflib over every label,
    as `show` does), so they are found on a thread, one at a time; a 404 meanwhile comes without them, and the
    event loop serves on."""

    def __init__(self, vocab: Vocabulary, base_iri: str | None = None, lang: str = "en") -> None:
        self.site = website.served(vocab, Options(lang=lang))
        self.base = base_iri or self.site.namespace  # the IRI prefix the server's root stands for
        self.offers = {r.media_type: ext for ext, r in self.site.representations.items()}
        self.lookup = Lookup(vocab, lang)
        self.lookup.index  # built before the fronts fork, not on their first unknown IRI  # noqa: B018
        self.kept: dict[tuple[str, str, str, str], Answer] = {}
        self.suggesting = False

    async def __call__(self, method: str, path: str, query: str, headers: dict[str, str]) -> Answer | None:
        if path in NOT_OURS or path.startswith("/reconcile"):
            return None
        key = (method, path, query, headers.get("accept", ""))
        found = self.kept.get(key)
        if found is None:
            found = self._answer(method, path, query, headers)
            if isinstance(found, Unknown):
                return await self._unknown(found.iri)
            if not found[0].startswith("200"):  # files are kept by the site (Served) already
                if len(self.kept) >= KEPT:
                    del self.kept[next(iter(self.kept))]  # the oldest
                self.kept[key] = found
        return found

    def _answer(self, method: str, path: str, query: str, headers: dict[str, str]) -> Answer | Unknown | None:
        if path == "/favicon.ico":  # browsers ask for it; the site has none, and a 404 is a console error
            return "204 No Content", "", b"", {}
        params = urllib.parse.parse_qs(query)
        if path == "/entity":
            uri = (params.get("uri") or [""])[0]
            if not uri:
                return _text("400 Bad Request", "give the IRI: /entity?uri=IRI")
            return self._allowed(method) or self._negotiate(uri, params, headers, path)
        relative = path[1:]
        data = self.site.file(relative)
        if data is not None:
            if method not in ("GET", "HEAD"):
                return self._allowed(method)
            kind = self.site.content_type(relative)
            return "200 OK", kind, data, {"Content-Security-Policy": self.site.csp} if kind.startswith("text/html") \
                else {}
        iri = self.base + relative
        if iri not in self.site.resources and relative in self.site.by_path:
            iri = self.site.by_path[relative]  # a page path that is not the IRI's own (a hashed or outside one)
        return self._allowed(method) or self._negotiate(iri, params, headers, path)

    @staticmethod
    def _allowed(method: str) -> Answer | None:
        if method in ("GET", "HEAD"):
            return None
        return "405 Method Not Allowed", _TEXT, b"use GET or HEAD\n", {"Allow": "GET, HEAD"}

    def _negotiate(self, iri: str, params: dict[str, list[str]], headers: dict[str, str],
                   path: str) -> Answer | Unknown:
        """303 to the representation of `iri` the request asks for (format=, else Accept), relative to `path`."""
        stem = self.site.resources.get(iri)
        if stem is None:
            return Unknown(iri)
        vary = {"Vary": "Accept"}
        asked = (params.get("format") or [""])[0].lower()
        if asked:
            ext = self.site.aliases.get(asked, asked)
            if ext not in self.site.representations:
                return _text("400 Bad Request", f"format={asked}: give one of {', '.join(self.site.representations)}")
        else:
            chosen = choose(headers.get("accept"), list(self.offers))
            if chosen is None:
                return (*_text("406 Not Acceptable", "none of the offered media types is acceptable; offered: "
                               + ", ".join(self.offers))[:3], vary)
            ext = self.offers[chosen]
        if self.site.file(f"{stem}.{ext}") is None:  # RDF/XML cannot carry every character (XML 1.0, 2.2)
            return (*_text("406 Not Acceptable", f"{iri} cannot be written as {ext}; ask for another of: "
                           + ", ".join(self.offers))[:3], vary)
        location = _relative(path, f"{stem}.{ext}")
        return "303 See Other", _TEXT, f"see {location}\n".encode(), {"Location": location, **vary}

    async def _unknown(self, iri: str) -> Answer:
        """404 with the labels nearest the IRI's local name, as `tropekg show` suggests them."""
        candidates: list[tuple[str, str]] = []
        if not self.suggesting:
            self.suggesting = True
            try:
                candidates = await asyncio.get_running_loop().run_in_executor(None, self._nearest, local_name(iri))
            finally:
                self.suggesting = False
        hint = "".join(f"  {label}  <{found}>\n" for found, label in candidates)
        return _text("404 Not Found", f"no concept or scheme has the IRI <{iri}>"
                     + (f"; did you mean:\n{hint}" if hint else ""))

    def _nearest(self, term: str) -> list[tuple[str, str]]:
        try:
            match = self.lookup.resolve(term)
            return [(match.iri, match.label)]
        except LookupFailed as e:
            return e.candidates


@dataclass(frozen=True)
class Unknown:
    """No concept or scheme has this IRI: answered by Pages._unknown."""

    iri: str


def _text(status: str, message: str) -> Answer:
    return status, _TEXT, f"{message.rstrip()}\n".encode(), {}


def _relative(path: str, target: str) -> str:
    """`target` (a path below the root) as a reference relative to the request path `path` (RFC 3986, 4.2), so a
    Location stays right behind a proxy that serves the root under a sub-path."""
    found = posixpath.relpath("/" + target, posixpath.dirname(path) or "/")
    if ":" in found.split("/", 1)[0]:
        found = "./" + found  # else the first segment would read as a scheme (RFC 3986, 4.2)
    return urllib.parse.quote(found, safe="/.-_~!$&'()*+,;=@")
