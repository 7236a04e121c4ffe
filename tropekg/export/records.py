"""Concept records for catalogs and wikis: the fields of the `show` card, for every concept, in one pass.

Lookup.describe answers for one concept (two index scans and label lookups each); for every concept of a large
vocabulary that, or the model.CONCEPTS query, is too slow, so one pass over the canonical lines fills every record.
A resource is a concept by the rule of model.CONCEPTS (typed, or by SKOS domains and ranges, as qSKOS counts), read
from the same lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..labels import lang_tag, local_name, pick
from ..model import ADULT_AUDIENCE, FACETS, MAPPINGS, ConceptScan
from ..namespaces import DCTERMS, OWL, RDF, SKOS, TK
from ..vocabulary import Vocabulary
from .options import Options
from .triples import canonical_lines, literal, scheme_term, text

# predicate term -> (record field, "text" | "iri" | "flag"); inverse links are filled from the other side.
_SLOTS = {
    f"<{SKOS}prefLabel>": ("pref", "text"), f"<{SKOS}altLabel>": ("alt", "text"),
    f"<{SKOS}hiddenLabel>": ("hidden", "text"), f"<{SKOS}definition>": ("definition", "text"),
    f"<{SKOS}scopeNote>": ("scope", "text"), f"<{SKOS}example>": ("example", "text"),
    f"<{SKOS}notation>": ("notation", "text"),
    f"<{RDF}type>": ("types", "iri"), f"<{SKOS}inScheme>": ("schemes", "iri"),
    f"<{SKOS}topConceptOf>": ("schemes", "iri"), f"<{SKOS}hasTopConcept>": ("top_concepts", "iri"),
    f"<{SKOS}broader>": ("broader", "iri"),
    f"<{SKOS}narrower>": ("narrower", "iri"), f"<{SKOS}related>": ("related", "iri"),
    f"<{TK}commonIn>": ("media", "iri"), f"<{TK}exploresTheme>": ("themes", "iri"),
    f"<{DCTERMS}isReplacedBy>": ("replaced_by", "iri"), f"<{TK}primaryBroader>": ("primary", "iri"),
    f"<{TK}adult>": ("adult", "flag"), f"<{OWL}deprecated>": ("deprecated", "flag"),
    **{f"<{prop}>": (name, "iri") for name, prop in FACETS.items()},
    **{f"<{SKOS}{rel}>": (rel, "iri") for rel in MAPPINGS},
}
_INVERSE = {f"<{SKOS}broader>": "narrower", f"<{SKOS}narrower>": "broader", f"<{SKOS}related>": "related",
            f"<{SKOS}hasTopConcept>": "schemes"}
_TEXTS = ("pref", "alt", "hidden", "definition", "scope", "example", "notation")
_LINKS = ("types", "schemes", "broader", "narrower", "related", "media", "themes", "replaced_by", "primary",
          *FACETS, *MAPPINGS)


@dataclass
class Record:
    """One concept: texts as {language: [text]} (language "" when untagged), links as IRIs in code point order
    (inverse links after direct ones)."""

    iri: str
    texts: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    adult: bool = False
    deprecated: bool = False

    def all_texts(self, kind: str) -> list[str]:
        return [t for lang in sorted(self.texts.get(kind, {})) for t in self.texts[kind][lang]]

    def in_lang(self, kind: str, lang: str) -> list[str]:
        """The texts of `kind` in the language labels.pick chooses for `lang` (same fallback as prefLabels)."""
        by_lang = self.texts.get(kind, {})
        if lang in by_lang:
            return by_lang[lang]
        chosen = pick({k: k for k in by_lang}, lang) if by_lang else None
        return by_lang[chosen] if chosen is not None else []


def _scan(lines: list[str]) -> tuple[dict[str, dict], set[str]]:
    """One pass: {subject term: {field: {lang: [text]} | {iri: None} | bool}} and the concept terms.

    The loop is the export's hot path (every line of the graph), so it is written flat."""
    raw: dict[str, dict] = {}
    rule = ConceptScan()
    makes, see = rule.predicates, rule.see
    described: set[str] = set()
    last = ""
    tags: dict[str, str] = {}
    slots = _SLOTS
    for line in lines:
        s, p, o = line.split(" ", 2)
        if p in makes:
            see(s, p, o[:-2])
        if s != last:  # lines are sorted: each subject starts one run
            described.add(s)
            last = s
        if s[0] != "<":  # blank nodes are neither exported concepts nor records (census counts IRIs)
            continue
        slot = slots.get(p)
        if slot is None:
            continue
        rec = raw.get(s)
        if rec is None:
            rec = raw[s] = {}
        name, kind = slot
        if o[0] == "<":
            if kind != "iri":
                continue
            target = o[1:-3]
            found = rec.get(name)
            if found is None:
                rec[name] = {target: None}
            else:
                found[target] = None
            inverse = _INVERSE.get(p)
            if inverse:
                raw.setdefault(o[:-2], {}).setdefault(inverse, {})[s[1:-1]] = None
        elif o[0] == '"' and kind != "iri":
            end = o.rfind('"')
            value = o[1:end] if "\\" not in o else text(literal(o[:-2])[0])
            if kind == "flag":
                rec[name] = rec.get(name, False) or value in ("true", "1")
                continue
            lang = o[end + 2 : -2] if o[end + 1] == "@" else ""
            tag = tags.get(lang)
            if tag is None:
                tag = tags[lang] = lang_tag(lang)
            by_lang = rec.get(name)
            if by_lang is None:
                rec[name] = {tag: [value]}
            elif tag in by_lang:
                by_lang[tag].append(value)
            else:
                by_lang[tag] = [value]
    return raw, rule.concepts(described)


def records(vocab: Vocabulary, options: Options) -> list[Record]:
    """The concepts to export, sorted by IRI: deprecated ones only with options.include_deprecated, one scheme's
    only with options.scheme."""
    raw, concepts = vocab.memo("export.records", lambda: _scan(canonical_lines(vocab)))
    # A concept belongs to every scheme it is in (skos:inScheme, skos:topConceptOf, skos:hasTopConcept).
    wanted = scheme_term(vocab, options.scheme)[1:-1] if options.scheme else None
    out = []
    for term in sorted(concepts):
        data = raw.get(term, {})
        if data.get("deprecated") and not options.include_deprecated:
            continue
        if wanted and wanted not in data.get("schemes", ()):
            continue
        links = {k: list(data[k]) for k in _LINKS if k in data}
        if "related" in data and ("broader" in data or "narrower" in data):
            hier = set(links.get("broader", ())) | set(links.get("narrower", ()))
            links["related"] = [r for r in links["related"] if r not in hier]
        out.append(Record(term[1:-1], {k: data[k] for k in _TEXTS if k in data}, links,
                          adult=bool(data.get("adult")) or ADULT_AUDIENCE in data.get("audience", ()),
                          deprecated=bool(data.get("deprecated"))))
    return out


def labeller(vocab: Vocabulary, lang: str):
    """A function IRI -> display label in `lang` (prefLabel with labels.pick's fallback, else the local name);
    each label is worked out once per vocabulary and language."""
    raw, _ = vocab.memo("export.records", lambda: _scan(canonical_lines(vocab)))
    cache: dict[str, str] = vocab.memo(f"export.labels.{lang}", dict)

    def label(iri: str) -> str:
        found = cache.get(iri)
        if found is None:
            by_lang = raw.get(f"<{iri}>", {}).get("pref", {})
            exact = by_lang.get(lang)
            found = cache[iri] = (min(exact) if exact else pick(by_lang, lang)) or local_name(iri)
        return found

    return label
