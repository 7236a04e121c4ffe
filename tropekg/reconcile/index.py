"""What reconciliation matches against, built once per vocabulary: every label of every kind and language as a
matching key, the concepts' records, the schemes and top concepts offered as types."""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field

from ..export.options import Options
from ..export.records import Record, records
from ..hierarchy import ancestors
from ..labels import display, lang_tag, normalize
from ..namespaces import SKOS
from ..vocabulary import Vocabulary

# Label kinds as the record names them, in model.LABEL_KINDS' order: where a text is a label of several
# concepts, a prefLabel beats an altLabel, which beats a hiddenLabel (lookup.resolve decides the same way).
KINDS = ("pref", "alt", "hidden", "notation")
KIND_NAMES = {"pref": "prefLabel", "alt": "altLabel", "hidden": "hiddenLabel", "notation": "notation"}
_SCHEMES = f"""SELECT DISTINCT ?scheme ?label WHERE {{
  {{ ?scheme a <{SKOS}ConceptScheme> }} UNION {{ ?c <{SKOS}inScheme>|<{SKOS}topConceptOf> ?scheme }}
  UNION {{ ?scheme <{SKOS}hasTopConcept> ?c }}
  OPTIONAL {{ ?scheme <{SKOS}prefLabel> ?label }}
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


def compact(key: str) -> str:
    """A normalised key without spaces and punctuation (Unicode categories Z and P): "Net-orare" meets
    "netorare" and "net orare"."""
    return "".join(ch for ch in key if unicodedata.category(ch)[0] not in "ZP")


def words(key: str) -> list[str]:
    """The words of a normalised key, split at spaces and punctuation."""
    return "".join(" " if unicodedata.category(ch)[0] in "ZP" else ch for ch in key).split()


@dataclass
class Index:
    """Every concept's record by IRI, and its labels by normalised key (labels.normalize: NFKC, case folding,
    spaces collapsed) and by compact key; keys in code point order for prefix search; the types offered."""

    concepts: dict[str, Record]
    exact: dict[str, list[Label]] = field(default_factory=dict)
    loose: dict[str, list[Label]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    starts: list[tuple[str, str]] = field(default_factory=list)  # (a key from a word start on, the key)
    schemes: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # scheme IRI -> its prefLabels
    tops: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    vocab: Vocabulary | None = None
    _above: dict[str, frozenset[str]] = field(default_factory=dict)
    _names: dict[tuple[str, str], str] = field(default_factory=dict)

    def name(self, iri: str, lang: str) -> str:
        """The display label of `iri` in `lang` (labels.display: the one chooser), else its local name; each
        worked out once per language (a batch names the same concepts and schemes again and again)."""
        found = self._names.get((iri, lang))
        if found is None:
            record = self.concepts.get(iri)
            found = self._names[iri, lang] = display(
                iri, record.texts.get("pref", {}) if record else self.schemes.get(iri, {}), lang)
        return found

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
    """The index of `vocab`: deprecated concepts included (their labels find their replacements)."""
    found = records(vocab, Options(include_deprecated=True))
    index = Index({r.iri: r for r in found}, vocab=vocab)
    langs: set[str] = set()
    for record in found:
        for rank, kind in enumerate(KINDS):
            for lang, texts in record.texts.get(kind, {}).items():
                langs.add(lang)
                for text in texts:
                    _add(index, Label(rank, record.iri, lang, text))
    for table in (index.exact, index.loose):
        for key, labels in table.items():
            table[key] = _best_per_concept(labels)
    index.keys = sorted(index.exact)
    index.starts = sorted({(key[i:], key) for key in index.keys for i in _word_starts(key) if i})
    index.languages = sorted(lang for lang in langs if lang)
    for scheme, label in vocab.rows(_SCHEMES):
        by_lang = index.schemes.setdefault(scheme.value, {})
        if label is not None and hasattr(label, "language"):
            by_lang.setdefault(lang_tag(label.language or ""), []).append(label.value)
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
    return [i for i, ch in enumerate(key) if i == 0 or unicodedata.category(key[i - 1])[0] in "ZP"
            and unicodedata.category(ch)[0] not in "ZP"]
