"""The prefixes and @base a file declares, resolved as the parser resolves them (RFC 3986 5.2)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin

_DECLARATION = re.compile(
    rb"[ \t]*@?(?:(?:prefix|PREFIX|Prefix)\s+(?P<prefix>[A-Za-z][\w.-]*)?:|(?P<base>base|BASE|Base))\s*<(?P<iri>[^>]*)>"
)
_XMLNS = re.compile(rb"xmlns:([A-Za-z][\w.-]*)\s*=\s*[\"']([^\"']+)[\"']")

def resolve_iri(base: str, iri: str) -> str:
    """`iri` resolved against `base` (RFC 3986 5.2). urljoin alone drops an empty fragment, which would turn the
    namespace `...core#` into `...core`."""
    if ":" in iri.split("/", 1)[0]:
        return iri
    joined = urljoin(base, iri)
    return joined + "#" if iri.endswith("#") and not joined.endswith("#") else joined


def prefixes_in(raw: bytes, fmt: str, base: str, starts: Iterable[int] | None = None) -> dict[str, str]:
    """The prefixes a file declares, resolved against `base` and any @base (RFC 3986 5.2), for CURIEs and output.
    `starts`: the starts of the lines that may declare (at least those whose first character after spaces and
    tabs is "@" or a declaration's first letter), when the caller found them already (sources.places).

    Found with bytes.find, not a line-anchored regex over the whole file, which is several times slower."""
    if fmt == "rdfxml":
        head = raw[: raw.find(b">", raw.find(b"<rdf:RDF")) + 1] if b"<rdf:RDF" in raw else raw[:65536]
        return {m.group(1).decode("utf-8", "replace"): resolve_iri(base, m.group(2).decode("utf-8", "replace"))
                for m in _XMLNS.finditer(head)}
    if fmt not in ("turtle", "trig", "n3"):
        return {}
    if starts is not None:
        hits = {start: m for start in starts if (m := _DECLARATION.match(raw, start))}
        return _declared(hits, base)
    hits: dict[int, re.Match[bytes]] = {}
    for token in (b"prefix", b"PREFIX", b"Prefix", b"base", b"BASE", b"Base"):
        at = raw.find(token)
        while at != -1:
            start = raw.rfind(b"\n", 0, at) + 1
            m = _DECLARATION.match(raw, start)
            if m:
                hits[start] = m
            at = raw.find(token, at + len(token))
    return _declared(hits, base)


def _declared(hits: dict[int, re.Match[bytes]], base: str) -> dict[str, str]:
    """The declarations matched at each line start, in file order: the first of each prefix, @base applied."""
    found: dict[str, str] = {}
    for _, m in sorted(hits.items()):
        iri = resolve_iri(base, m.group("iri").decode("utf-8", "replace"))
        if m.group("base"):
            base = iri
        elif m.group("prefix"):
            found.setdefault(m.group("prefix").decode("utf-8", "replace"), iri)
    return found
