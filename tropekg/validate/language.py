"""Language tags read as BCP 47 means them: well formed is not enough, the primary language subtag (and any
region or script) must be in the IANA Language Subtag Registry, as qSKOS's oilt checks against ISO 639.

The registry comes as data from a maintained package (langcodes, which reads language_data's copy of the IANA
registry), not as a table of ours. Used by validate's `oilt` rule (analysis `language_tags`)."""

from __future__ import annotations

from functools import lru_cache

from ..labels import term_text
from ..vocabulary import Vocabulary
from .rules import Hit

__all__ = ["is_registered", "language_tags"]

# The properties whose literals are natural-language text (SKOS reference 5 and 7: labels and notes).
TEXT_PROPERTIES = ("prefLabel", "altLabel", "hiddenLabel", "definition", "note", "scopeNote", "example",
                   "historyNote", "editorialNote", "changeNote")
_VALUES = " ".join(f"skos:{p}" for p in TEXT_PROPERTIES)
# Tags first (few), each checked once; then only the literals with no tag or an unregistered one.
# LANG of an IRI is an error, so its group key is unbound (a row of None, skipped): no isLiteral test per value.
_TAGS = f"SELECT ?tag WHERE {{ VALUES ?p {{ {_VALUES} }} ?s ?p ?o }} GROUP BY (LANG(?o) AS ?tag)"
_LITERALS = f"""SELECT ?focus ?value WHERE {{
  VALUES ?p {{ {_VALUES} }}
  ?focus ?p ?value .
  FILTER(isLiteral(?value) && LANG(?value) IN (%s) && REGEX(STR(?value), "\\\\S"))
  # Copies of the SKOS ontology in the data (STW ships one) are not the vocabulary's own text.
  FILTER(!STRSTARTS(STR(?focus), STR(skos:)))
}}"""


@lru_cache(maxsize=512)
def is_registered(tag: str) -> bool:
    """True when every subtag of `tag` is registered (private use `x-...` and grandfathered tags included)."""
    import langcodes  # only when some literal has a tag: its registry is read on first use

    return langcodes.tag_is_valid(tag)


def language_tags(vocab: Vocabulary, rows: list) -> list[Hit]:
    """qSKOS oilt: per resource, its labels and notes with no language tag or an unregistered one; read with what
    validate entailed (the union), so a sub-property of skos:prefLabel declared in the data counts."""
    tags = {row[0] for row in vocab.rows(_TAGS, union=True) if row[0] is not None}
    # No tag ("") or an unregistered one; when every tag is registered, the literals need no second reading.
    bad = sorted(f'"{t.value}"' for t in tags if not t.value or not is_registered(t.value))
    if not bad:
        return []
    grouped: dict[str, set[str]] = {}
    for focus, value in vocab.rows(_LITERALS % ", ".join(bad), union=True):
        grouped.setdefault(term_text(focus), set()).add(term_text(value))
    return [Hit(focus, (), tuple(sorted(values)), n=len(values)) for focus, values in grouped.items()]
