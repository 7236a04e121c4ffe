"""Display labels with their language, for every concept of the site, chosen once."""

from __future__ import annotations

import json

from ...labels import choose, local_name
from ..records import Record
from .html import esc


class Labels:
    """IRI -> (label, language tag) in the display language; IRIs without a record show their local name.

    `data(iri)` is the attribute that site.js's language switcher reads: the label in each other language."""

    def __init__(self, recs: list[Record], lang: str) -> None:
        self.lang = lang
        self.found: dict[str, tuple[str, str]] = {}
        self.others: dict[str, str] = {}
        self.langs: set[str] = set()
        self.keys: dict[str, tuple[str, str]] = {}  # sort_key's answers: a concept is sorted on many pages
        for rec in recs:
            self.add(rec.iri, rec.labels.get("prefLabel", {}))

    def add(self, iri: str, by_lang: dict[str, list[str]]) -> None:
        chosen = choose(by_lang, self.lang)
        if chosen:
            tag = chosen[0]
            self.found[iri] = (chosen[1], tag)
            others = {t: min(v) for t, v in sorted(by_lang.items()) if t and t != tag and v}
            self.langs.update(by_lang)
            if others:
                text = json.dumps(others, ensure_ascii=False, separators=(",", ":"))
                self.others[iri] = f' data-l="{esc(text)}"'

    def data(self, iri: str) -> str:
        return self.others.get(iri, "")

    def __call__(self, iri: str) -> tuple[str, str]:
        found = self.found.get(iri)
        if found is None:
            found = self.found[iri] = (local_name(iri), "")
        return found

    def sort_key(self, iri: str) -> tuple[str, str]:
        found = self.keys.get(iri)
        if found is None:
            found = self.keys[iri] = (self(iri)[0].casefold(), iri)
        return found
