"""Label handling shared by every command: Unicode normalisation for matching, language fallback for display."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

import pyoxigraph as ox


def normalize(text: str) -> str:
    """The form labels are matched in: NFKC (full- and half-width forms meet), case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def pick(by_lang: Mapping[str, Iterable[str] | str], lang: str = "en") -> str | None:
    """The text for display language `lang` from {lang: text(s)}: the exact tag, then the same primary language
    (ja for ja-Latn and back), then English, then untagged, then the first language in sorted order."""
    if not by_lang:
        return None

    def first(value: Iterable[str] | str) -> str:
        return value if isinstance(value, str) else sorted(value)[0]

    wanted = lang.lower()
    keys = sorted(by_lang, key=lambda k: (k.lower() != wanted, k))
    lowered = {k.lower(): k for k in keys}
    if wanted in lowered:
        return first(by_lang[lowered[wanted]])
    primary = wanted.split("-")[0]
    for key in keys:
        if key.lower().split("-")[0] == primary and by_lang[key]:
            return first(by_lang[key])
    for fallback in ("en", ""):
        if fallback in lowered and by_lang[lowered[fallback]]:
            return first(by_lang[lowered[fallback]])
    for key in sorted(by_lang):
        if by_lang[key]:
            return first(by_lang[key])
    return None


def local_name(iri: str) -> str:
    """The last segment of an IRI, a readable stand-in when a resource has no label."""
    for sep in ("#", "/", ":"):
        head, found, tail = iri.rstrip("/#").rpartition(sep)
        if found and tail:
            return tail
    return iri


def lang_tag(tag: str) -> str:
    """A language tag in BCP 47's conventional case (ja-Latn, en-GB): Oxigraph stores tags lower-cased, and tags
    compare case-insensitively (RFC 5646, 2.1.1), so this changes only how they read."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out) if tag else ""


def term_text(term) -> str:
    """A term as plain text: an IRI as itself, a literal as "text"@lang, a blank node as _:id."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        # Labels keep quotes and language ("Netorare"@en); plain strings (rule-made values) read as they are.
        if term.language:
            return f'"{term.value}"@{lang_tag(term.language)}'
        return term.value if term.value.strip() else f'"{term.value}"'
    return str(term)
