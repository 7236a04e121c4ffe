"""Ranked text search over labels (every language), definitions and notes (`tropekg search`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pyoxigraph as ox

from ..errors import UsageError
from ..labels import lang_tag, local_name, normalize
from ..lookup import Lookup
from ..model import LABEL_KINDS
from ..namespaces import SKOS
from ..output.text import json_text
from ..record import note_properties
from ..vocabulary import Vocabulary
from . import SEARCH_FORMATS

FORMATS = SEARCH_FORMATS
_PREF, _ALT, _HIDDEN, _NOTATION = LABEL_KINDS
_DEFINITION = SKOS + "definition"

# Scores, best first (README, "search"): where the text matched and how. A concept scores its best hit.
EXACT_PREF, EXACT_LABEL, LABEL_PREFIX, LABEL_WORD, LABEL_PART, LABEL_WORDS = 100, 90, 80, 70, 60, 50
DEFINITION_PHRASE, DEFINITION_WORDS, NOTE_PHRASE, NOTE_WORDS = 40, 30, 20, 10


@dataclass
class Result:
    """A concept that matched: its score, the field that gave the score, and the matching text."""

    iri: str
    label: str
    score: int
    field: str  # prefLabel, altLabel, hiddenLabel, notation, definition or note
    text: str
    lang: str


def _label_score(query: str, words: list[str], text: str, pref: bool) -> int:
    if text == query:
        return EXACT_PREF if pref else EXACT_LABEL
    if text.startswith(query):
        return LABEL_PREFIX
    if any(w.startswith(query) for w in text.split()):
        return LABEL_WORD
    if query in text:
        return LABEL_PART
    return LABEL_WORDS if all(w in text for w in words) else 0


def _text_score(query: str, words: list[str], text: str, phrase: int, all_words: int) -> int:
    if query in text:
        return phrase
    return all_words if len(words) > 1 and all(w in text for w in words) else 0


def _score(query: str, words: list[str], prop: str, text: str, notes: set[str]) -> tuple[int, str]:
    if prop in LABEL_KINDS:
        return _label_score(query, words, text, prop == _PREF), local_name(prop)
    if prop == _DEFINITION:
        return _text_score(query, words, text, DEFINITION_PHRASE, DEFINITION_WORDS), "definition"
    if prop in notes:
        return _text_score(query, words, text, NOTE_PHRASE, NOTE_WORDS), "note"
    return 0, ""


_CANDIDATES = r"""SELECT ?s ?p ?o WHERE {
  ?s ?p ?o FILTER(isIRI(?s) && isLiteral(?o))
  FILTER(CONTAINS(LCASE(STR(?o)), ?needle) || REGEX(STR(?o), "[^\\x00-\\x7F]"))
}"""


def search(vocab: Vocabulary, text: str, *, lang: str = "en", limit: int = 20) -> list[Result]:
    """Concepts whose labels, definitions or notes contain `text` (normalised as `show` matches labels: NFKC,
    case-folded, spaces collapsed), best score first, then by label and IRI; at most `limit` (0: all)."""
    query = normalize(text)
    if not query:
        raise UsageError("search: give some text to look for")
    if limit < 0:
        raise UsageError(f"--limit {limit}: give 0 (all) or a positive number")
    words = query.split()
    lookup = Lookup(vocab, lang)
    notes = set(note_properties(vocab)) - {_DEFINITION}
    props = [*LABEL_KINDS, _DEFINITION, *sorted(notes)]
    best: dict[str, tuple[tuple, str, str, str]] = {}
    # Every score needs every word of the query in the text, so Oxigraph drops the texts without the longest word
    # first (a few rows instead of a term object per text). LCASE matches normalize() only on ASCII
    # (no NFKC, no case folding of ß): texts with anything else all come through and are judged here.
    rows = vocab.rows(_CANDIDATES, {"p": [ox.NamedNode(p) for p in props], "needle": [ox.Literal(max(words, key=len))]})
    for s, p, o in rows:
        score, where = _score(query, words, p.value, normalize(o.value), notes)
        if not score:
            continue
        tag = lang_tag(o.language or "")
        # Among equal scores, the text in the display language, then the first by language and text: the same
        # hit whatever order the store returns rows in.
        rank = (score, tag.lower() == lang.lower(), tuple(-ord(ch) for ch in f"{tag}\0{o.value}"))
        if s.value not in best or rank > best[s.value][0]:
            best[s.value] = (rank, where, o.value, tag)
    hits = [Result(iri, lookup.label(iri), rank[0], where, found, tag)
            for iri, (rank, where, found, tag) in best.items()]
    hits.sort(key=lambda h: (-h.score, h.label.casefold(), h.iri))
    return hits[:limit] if limit else hits


def render(hits: list[Result], fmt: str) -> str:
    """json: the hits as a list of objects; text: score, label, IRI and the text that matched, one a line."""
    if fmt == "json":
        return json_text([asdict(h) for h in hits])
    lines = []
    for h in hits:
        snippet = " ".join(h.text.split())
        snippet = snippet if len(snippet) <= 70 else snippet[:67] + "..."
        lines.append(f"{h.score:>3}  {h.label}  <{h.iri}>  {h.field}: {snippet}")
    return "\n".join(lines) + "\n" if lines else ""
