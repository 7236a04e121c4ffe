"""What reconciliation matches against, built once per vocabulary: every label of every kind and language as a
matching key, the concepts' records, the schemes and top concepts offered as types."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from ..hierarchy import ancestors
from ..labels import normalize
from ..namespaces import SKOS
from ..record import Record, labeller, record_table
from ..vocabulary import Vocabulary

# Label kinds as the record names them, in model.LABEL_KINDS' order: where a text is a label of several
# concepts, a prefLabel beats an altLabel, which beats a hiddenLabel (lookup.resolve decides the same way).
KINDS = ("pref", "alt", "hidden", "notation")
KIND_NAMES = {"pref": "prefLabel", "alt": "altLabel", "hidden": "hiddenLabel", "notation": "notation"}
_SCHEMES = f"""SELECT DISTINCT ?scheme WHERE {{
  {{ ?scheme a <{SKOS}ConceptScheme> }} UNION {{ ?c <{SKOS}inScheme>|<{SKOS}topConceptOf> ?scheme }}
  UNION {{ ?scheme <{SKOS}hasTopConcept> ?c }}
  FILTER(isIRI(?scheme))
}}"""
_TOPS = f"SELECT DISTINCT ?top WHERE {{ {{ ?top <{SKOS}topConceptOf> ?s }} UNION {{ ?s <{SKOS}hasTopConcept> ?top }} }}"


@dataclass(frozen=True, order=True)
class Label:
    """One label of one concept as a key points to it: its kind (rank in KINDS), language and text."""

    rank: int
    iri: str
    lang: str
    text: str

    @property
    def kind(self) -> str:
        return KINDS[self.rank]


def _separator(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "ZP"


# The same test for ASCII as one character class: most labels are ASCII, and a regular expression is many times
# faster than a category lookup per character (building STW's index spent most of its time there).
_ASCII = "".join(re.escape(chr(c)) for c in range(128) if _separator(chr(c)))
_ASCII_SEPARATORS, _ASCII_WORDS = re.compile(f"[{_ASCII}]+"), re.compile(f"[^{_ASCII}]+")


def compact(key: str) -> str:
    """A normalised key without spaces and punctuation (Unicode categories Z and P): "Net-orare" meets
    "netorare" and "net orare"."""
    if key.isascii():
        return _ASCII_SEPARATORS.sub("", key)
    return "".join(ch for ch in key if not _separator(ch))


def words(key: str) -> list[str]:
    """The words of a normalised key, split at spaces and punctuation."""
    if key.isascii():
        return _ASCII_WORDS.findall(key)
    return "".join(" " if _separator(ch) else ch for ch in key).split()


@dataclass
class Index:
    """Every concept's record by IRI, and its labels by normalised key (labels.normalize: NFKC, case folding,
    spaces collapsed) and by compact key; keys in code point order for prefix search; the types offered."""

    concepts: dict[str, Record]
    exact: dict[str, list[Label]] = field(default_factory=dict)
    loose: dict[str, list[Label]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    starts: list[tuple[str, str]] = field(default_factory=list)  # (a key from a word start on, the key)
    schemes: list[str] = field(default_factory=list)
    tops: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    vocab: Vocabulary | None = None
    _above: dict[str, frozenset[str]] = field(default_factory=dict)
    _labellers: dict[str, object] = field(default_factory=dict)

    def name(self, iri: str, lang: str) -> str:
        """The display label of any IRI (concept, scheme, facet value) in `lang`: record.labeller, the one
        chooser over the records' prefLabels, else the local name; each worked out once per language."""
        found = self._labellers.get(lang)
        if found is None:
            found = self._labellers[lang] = labeller(self.vocab, lang)
        return found(iri)

    def above(self, iri: str) -> frozenset[str]:
        """Every concept above `iri` (hierarchy.ancestors: transitive broader, cycle-safe), kept once found."""
        found = self._above.get(iri)
        if found is None:
            found = self._above[iri] = frozenset(ancestors(self.vocab, [iri])) if self.vocab else frozenset()
        return found

    def prefixed(self, prefix: str, limit: int) -> list[str]:
        """Up to `limit` keys starting with the normalised `prefix`, then keys with a later word starting with it."""
        out: dict[str, None] = {}
        at = bisect.bisect_left(self.keys, prefix)
        while at < len(self.keys) and len(out) < limit and self.keys[at].startswith(prefix):
            out.setdefault(self.keys[at], None)
            at += 1
        at = bisect.bisect_left(self.starts, (prefix,))
        while at < len(self.starts) and len(out) < limit and self.starts[at][0].startswith(prefix):
            out.setdefault(self.starts[at][1], None)
            at += 1
        return list(out)


def build(vocab: Vocabulary) -> Index:
    """The index of `vocab` over its concept records (tropekg.record): deprecated concepts included (their labels
    find their replacements)."""
    found = list(record_table(vocab))
    index = Index({r.iri: r for r in found}, vocab=vocab)
    langs: set[str] = set()
    for record in found:
        for rank, kind in enumerate(KINDS):
            by_lang = {"": record.notation} if kind == "notation" else record.labels.get(KIND_NAMES[kind], {})
            for lang, texts in by_lang.items():
                langs.add(lang)
                for text in texts:
                    _add(index, Label(rank, record.iri, lang, text))
    for table in (index.exact, index.loose):
        for key, labels in table.items():
            table[key] = _best_per_concept(labels)
    index.keys = sorted(index.exact)
    index.starts = sorted({(key[i:], key) for key in index.keys for i in _word_starts(key) if i})
    index.languages = sorted(lang for lang in langs if lang)
    index.schemes = sorted(row[0].value for row in vocab.rows(_SCHEMES))
    stated = {row[0].value for row in vocab.rows(_TOPS)}
    # Types offered: the schemes, and the top concepts (stated, else the roots that have something under them).
    index.tops = sorted(i for i, r in index.concepts.items()
                        if i in stated or (not stated and not r.links.get("broader") and r.links.get("narrower")))
    return index


def _add(index: Index, label: Label) -> None:
    key = normalize(label.text)
    if not key:
        return
    index.exact.setdefault(key, []).append(label)
    loose = compact(key)
    if loose:
        index.loose.setdefault(loose, []).append(label)


def _best_per_concept(labels: list[Label]) -> list[Label]:
    """One label per concept (its best kind, then language and text in code point order), best first."""
    best: dict[str, Label] = {}
    for label in sorted(labels):
        best.setdefault(label.iri, label)
    return sorted(best.values())


def _word_starts(key: str) -> list[int]:
    if key.isascii():
        return [m.start() for m in _ASCII_WORDS.finditer(key)]
    return [i for i, ch in enumerate(key) if not _separator(ch) and (i == 0 or _separator(key[i - 1]))]
