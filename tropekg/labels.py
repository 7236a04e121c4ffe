"""Label handling shared by every command: Unicode normalisation for matching, language fallback for display."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence

import pyoxigraph as ox

from .namespaces import SKOS


def normalize(text: str) -> str:
    """The form labels are matched in: NFKC (full- and half-width forms meet), case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def choose(by_lang: Mapping[str, Iterable[str] | str], lang: str = "en") -> tuple[str, str] | None:
    """The one display-label choice (record-spec item 3): (language key, text) from {language: text(s)} for
    display language `lang`, None when there is no text. The fallback order, the same for every output (show,
    catalogs, wikis, site, compare, diff, views, reconcile, validate messages):

    1. the exact tag (tags compare case-insensitively, RFC 5646 2.1.1);
    2. the same primary language (ja for ja-Latn and back), tags in sorted order;
    3. English ("en");
    4. untagged ("");
    5. the first language in sorted order.
    Within the chosen language, the first text in code point order. With no text at all, callers show the IRI's
    local name (display())."""
    if not by_lang:
        return None
    found = by_lang.get(lang)
    if found:  # the exact tag as written: the common case, answered without sorting (exports ask per row)
        return lang, found if isinstance(found, str) else min(found)
    wanted = lang.lower()
    keys = sorted(by_lang)
    lowered: dict[str, str] = {}
    for key in keys:
        if by_lang[key]:
            lowered.setdefault(key.lower(), key)
    primary = wanted.split("-")[0]
    same = next((k for k in keys if k.lower().split("-")[0] == primary and by_lang[k]), None)
    for found in (lowered.get(wanted), same, lowered.get("en"), lowered.get(""),
                  next((k for k in keys if by_lang[k]), None)):
        if found is not None:
            value = by_lang[found]
            return found, value if isinstance(value, str) else min(value)
    return None


def texts_in(by_lang: Mapping[str, list[str]], lang: str = "en") -> tuple[str, list[str]]:
    """(language key, all its texts) of the language choose() takes for `lang`; ("", []) when there is none:
    notes and definitions shown in the display language."""
    chosen = choose(by_lang, lang)
    return (chosen[0], by_lang[chosen[0]]) if chosen else ("", [])


def pick(by_lang: Mapping[str, Iterable[str] | str], lang: str = "en") -> str | None:
    """The text choose() takes for display language `lang` from {lang: text(s)}, None when there is none."""
    chosen = choose(by_lang, lang)
    return chosen[1] if chosen else None


def display(iri: str, by_lang: Mapping[str, Iterable[str] | str], lang: str = "en") -> str:
    """The display label of `iri`: its prefLabels {lang: texts} chosen for `lang`, else its local name."""
    chosen = choose(by_lang, lang)
    return (chosen[1] if chosen else "") or local_name(iri)  # an empty label is no name (as before the record)


class StoreLabels:
    """IRI -> display label (display()) read from the prefLabels in one or more stores, the first store with any
    winning (diff: the new version, then the old one). Looked up per IRI and kept: a card, a comparison or a
    report names a few dozen concepts, and reading every prefLabel first made `show` on a large vocabulary pay
    for all of them."""

    def __init__(self, stores: Sequence[ox.Store], lang: str = "en") -> None:
        self.stores, self.lang = stores, lang
        self.known: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        found = self.known.get(iri)
        if found is None:
            found = self.known[iri] = display(iri, self.pref_labels(iri), self.lang)
        return found

    def pref_labels(self, iri: str) -> dict[str, list[str]]:
        """{language tag as stored: [prefLabel]} of `iri` in the first store that has any."""
        try:
            node = ox.NamedNode(iri)
        except ValueError:  # not an IRI (a blank node's id): it has no label to find
            return {}
        for store in self.stores:
            by_lang: dict[str, list[str]] = {}
            for q in store.quads_for_pattern(node, _PREF_LABEL, None):
                if isinstance(q.object, ox.Literal):
                    by_lang.setdefault(q.object.language or "", []).append(q.object.value)
            if by_lang:
                return by_lang
        return {}


_PREF_LABEL = ox.NamedNode(SKOS + "prefLabel")


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
