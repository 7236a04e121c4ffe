"""Where each page of the site goes: concept pages at paths made from their IRIs below the vocabulary's namespace.

A host serving the site folder at the namespace then answers each concept IRI with its page (GitHub Pages,
Netlify and `python -m http.server` map /x to x.html when x is not a file; the .ttl and .jsonld files sit beside
it). A segment that is not already a safe file name gets files.safe_stem's name instead, as the Markdown export
does, and names clashing on a case-insensitive file system or with the site's own files get a hash.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from urllib.parse import quote

from ..files import safe_stem

OWN = "_site"  # the site's own files (assets, trees, search shards); no concept page is written under it
_RESERVED = {"index", OWN, "search", "tree"}


def namespace(iris: list[str]) -> str:
    """The IRI prefix most concept IRIs share, ending at their last '/' or '#' (the vocabulary's namespace)."""
    heads = Counter(iri[: max(iri.rfind("/"), iri.rfind("#")) + 1] for iri in iris)
    if not heads:
        return ""
    best = max(heads.items(), key=lambda item: (item[1], -len(item[0]), item[0]))[0]
    # Slash IRIs nest (STW's descriptor/ and thsys/): the common prefix of the IRIs below the same host.
    common = best
    for iri in iris:
        while common and not iri.startswith(common):
            common = common[: max(common[:-1].rfind("/"), common[:-1].rfind("#")) + 1]
    return common if common.count("/") >= 3 else best


def _segments(iri: str, base: str) -> list[str]:
    if base and iri.startswith(base) and len(iri) > len(base):
        parts = iri[len(base) :].split("/")
        if all(part and safe_stem(part) == part for part in parts):
            return parts
    tail = iri.rstrip("/#")
    return ["_", safe_stem(tail[max(tail.rfind("/"), tail.rfind("#"), tail.rfind(":")) + 1 :])]


def page_paths(iris: list[str]) -> dict[str, str]:
    """{concept IRI: page path without suffix, '/'-separated, relative to the site root}."""
    base = namespace(iris)
    wanted = {iri: _segments(iri, base) for iri in iris}
    folded = Counter("/".join(parts).casefold() for parts in wanted.values())
    out = {}
    for iri, parts in wanted.items():
        path = "/".join(parts)
        if folded[path.casefold()] > 1 or parts[0].casefold() in _RESERVED or parts[0] == "_" and len(parts) > 2:
            digest = hashlib.sha1(iri.encode("utf-8")).hexdigest()[:8]
            parts = [*parts[:-1], f"{parts[-1][:90]}-{digest}"]
            if parts[0].casefold() in _RESERVED:
                parts[0] = f"{parts[0]}-"
            path = "/".join(parts)
        out[iri] = path
    return out


def href(path: str) -> str:
    """A page path as it appears in a link (RFC 3986 path characters percent-encoded)."""
    return quote(path)
