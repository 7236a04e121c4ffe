"""The changes of one concept between two versions, as records {"kind", ..., "old", "new", "breaking"}."""

from __future__ import annotations

from collections.abc import Callable
from difflib import SequenceMatcher

from ..labels import normalize
from ..model import FACETS
from .facts import REPLACED_BY, SKOS, Facts

# Every kind, in the order a concept's changes are listed, and its mirror image (what diff NEW OLD says instead).
KINDS = {
    "added": "removed", "removed": "added", "deprecated": "undeprecated", "undeprecated": "deprecated",
    "renamed": "renamed", "label-removed": "label-added", "label-added": "label-removed",
    "reparented": "reparented", "primary-parent": "primary-parent", "schemes": "schemes",
    "note-changed": "note-changed", "link-removed": "link-added", "link-added": "link-removed",
    "value-removed": "value-added", "value-added": "value-removed",
}
ORDER = {kind: n for n, kind in enumerate(KINDS)}  # a kind's place in reports
_FACET_NAMES = {iri: name for name, iri in FACETS.items()}
_EXCERPT_CONTEXT = 5  # words of unchanged text kept on each side of a change
_EXCERPT_RUN = 8  # words kept at each end of a long removed or added run

Ref = Callable[[str], dict]  # IRI -> {"iri", "label"}


def change(kind: str, old: object = None, new: object = None, **extra: object) -> dict:
    """One change record, keys in a fixed order (the JSON schema in docs/commands.md)."""
    return {"kind": kind, **extra, "old": old, "new": new, "breaking": False}


def concept_changes(old: Facts, new: Facts, ref: Ref, curie: Callable[[str], str]) -> list[dict]:
    """What changed in a concept present in both versions, sorted by kind, then property, language and values."""
    out: list[dict] = []
    if old.deprecated != new.deprecated:
        replaced = [ref(i) for i in sorted((new if new.deprecated else old).links.get(REPLACED_BY, ()))]
        kind = "deprecated" if new.deprecated else "undeprecated"
        out.append(change(kind, **{"replacedBy": replaced}))
    out += _labels(old, new, curie)
    for kind, before, after in (("reparented", old.parents, new.parents), ("primary-parent", old.primary,
                                new.primary), ("schemes", old.schemes, new.schemes)):
        if before != after:
            out.append(change(kind, [ref(i) for i in sorted(before)], [ref(i) for i in sorted(after)]))
    out += _notes(old, new, curie)
    for prop in sorted(old.links.keys() | new.links.keys()):
        before, after = old.links.get(prop, set()), new.links.get(prop, set())
        extra = {"property": curie(prop)}
        if prop in _FACET_NAMES:
            extra["facet"] = _FACET_NAMES[prop]
        out += [change("link-removed", ref(i), None, **extra) for i in sorted(before - after)]
        out += [change("link-added", None, ref(i), **extra) for i in sorted(after - before)]
    for prop in sorted(old.values.keys() | new.values.keys()):
        before, after = old.values.get(prop, set()), new.values.get(prop, set())
        out += [change("value-removed", v, None, property=curie(prop)) for v in sorted(before - after)]
        out += [change("value-added", None, v, property=curie(prop)) for v in sorted(after - before)]
    _mark_breaking(out, new)
    return sorted(out, key=order_key)


def order_key(c: dict) -> tuple:
    """Where a change is listed among a concept's changes."""
    return ORDER[c["kind"]], c.get("property", ""), c.get("lang", ""), str(c["old"]), str(c["new"])


def _labels(old: Facts, new: Facts, curie: Callable[[str], str]) -> list[dict]:
    out = []
    for prop, lang in sorted(old.labels.keys() | new.labels.keys()):
        before, after = old.labels.get((prop, lang), set()), new.labels.get((prop, lang), set())
        gone, came = sorted(before - after), sorted(after - before)
        if prop == SKOS + "prefLabel":
            # A prefLabel replaced in a language is a rename; pairing sorted texts keeps NEW OLD the mirror image.
            out += [change("renamed", a, b, lang=lang) for a, b in zip(gone, came, strict=False)]
            gone, came = gone[len(came):], came[len(gone):]
        out += [change("label-removed", text, None, property=curie(prop), lang=lang) for text in gone]
        out += [change("label-added", None, text, property=curie(prop), lang=lang) for text in came]
    return out


def _notes(old: Facts, new: Facts, curie: Callable[[str], str]) -> list[dict]:
    out = []
    for prop, lang in sorted(old.notes.keys() | new.notes.keys()):
        gone = sorted(old.notes.get((prop, lang), set()) - new.notes.get((prop, lang), set()))
        came = sorted(new.notes.get((prop, lang), set()) - old.notes.get((prop, lang), set()))
        pairs = list(zip(gone, came, strict=False)) + [(a, None) for a in gone[len(came):]] + \
            [(None, b) for b in came[len(gone):]]
        for a, b in pairs:
            extra = {"excerpt": excerpt(a, b)} if a is not None and b is not None else {}
            out.append(change("note-changed", a, b, property=curie(prop), lang=lang, **extra))
    return out


def _mark_breaking(changes: list[dict], new: Facts) -> None:
    """A label a filter may match on, gone from a concept that is not deprecated (issue 17: breaking)."""
    if new.deprecated:
        return
    kept = {normalize(text) for text in new.all_labels()}
    for c in changes:
        if c["kind"] in ("renamed", "label-removed") and normalize(c["old"]) not in kept:
            c["breaking"] = True


def excerpt(old: str, new: str) -> str:
    """A word-level difference in wdiff's notation: [-removed words-] {+added words+}, unchanged runs cut to a
    few words of context around each change."""
    a, b = old.split(), new.split()
    parts: list[str] = []
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            head = words[:_EXCERPT_CONTEXT] if n else []
            tail = words[-_EXCERPT_CONTEXT:] if n < len(opcodes) - 1 else []
            if len(head) + len(tail) < len(words):
                parts += [*head, "…", *tail]
            else:
                parts += words
            continue
        if i2 > i1:
            parts.append("[-" + _cut(a[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + _cut(b[j1:j2]) + "+}")
    return " ".join(parts)


def _cut(words: list[str]) -> str:
    if len(words) <= 2 * _EXCERPT_RUN + 1:
        return " ".join(words)
    return " ".join([*words[:_EXCERPT_RUN], "…", *words[-_EXCERPT_RUN:]])


def is_replacement(c: dict) -> bool:
    """A dcterms:isReplacedBy link stated or withdrawn (the CURIE is fixed: our prefixes win, sources.reader.load)."""
    return c["kind"] in ("link-added", "link-removed") and c.get("property") == "dcterms:isReplacedBy"

