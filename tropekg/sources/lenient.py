"""Input with invalid IRIs, for validate: read it anyway (pyoxigraph's lenient parsers skip IRI validation) and
name every invalid IRI with its place, so a curator sees each problem in one run instead of the first one alone.

Only validate reads leniently (its `invalid-iri` rule reports them), and only after a strict parse has failed on
an IRI (valid input costs nothing); every other command keeps refusing the file (exit 2), as an invalid IRI
breaks what they write."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

__all__ = ["invalid_iris", "is_iri_error"]


def is_iri_error(err: SyntaxError) -> bool:
    """True when the parser stopped at an invalid IRI (Oxigraph's words for it), not at broken syntax."""
    text = str(err.msg if err.msg else err)
    return "IRI" in text and ("Invalid IRI" in text or "parsing IRI" in text)


def _valid(iri: str) -> bool:
    try:
        ox.NamedNode(iri)  # the constructor validates (RFC 3987), as the strict parser does
    except ValueError:
        return False
    return True


def invalid_iris(quads: Iterable[ox.Quad], raw: bytes, path: Path, base: str) -> dict[str, str]:
    """Each invalid IRI among the terms of `quads` -> "file:line" of its first occurrence in `raw` (the text as
    written: the IRI itself, or relative to `base`), or the file alone when the text cannot be found."""
    seen: set[str] = set()
    found: dict[str, str] = {}
    for q in quads:
        for term in (q.subject, q.predicate, q.object):
            if type(term) is ox.NamedNode and term.value not in seen:
                seen.add(term.value)
                if not _valid(term.value):
                    found[term.value] = _place(raw, path, term.value, base)
    return found


def _place(raw: bytes, path: Path, iri: str, base: str) -> str:
    written = iri[len(base.rsplit("/", 1)[0]) + 1:] if iri.startswith(base.rsplit("/", 1)[0] + "/") else iri
    for text in (iri, written):
        needle = text.encode("utf-8")
        at = raw.find(needle) if text else -1
        while at >= 0:
            start = raw.rfind(b"\n", 0, at) + 1
            if not raw[start:at].lstrip().startswith(b"#"):  # a Turtle comment that quotes it is no place
                line = raw.count(b"\n", 0, at) + 1
                return f"{path}:{line}"
            at = raw.find(needle, at + len(needle))
    return str(path)
