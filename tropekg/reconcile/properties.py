"""What data extension and preview tell about a concept: the properties a catalog asks for (broader, narrower,
labels per language, definition, facets, media, mappings, flags), their values, and the preview card."""

from __future__ import annotations

from ..labels import lang_tag, texts_in
from ..model import FACETS, MAPPINGS
from ..output.sinks import markup
from ..record import Record
from ..tree import home
from .index import Index

# Property id -> (name, where the record keeps it, what its values are). "link": concepts as {id, name};
# "iri": other vocabularies' IRIs as {str}; "label"/"note": texts in the display language (or `id@lang`);
# "flag": "true"/"false" as {str} (the 0.2 schema has no boolean value).
PROPERTIES: dict[str, tuple[str, str, str]] = {
    "broader": ("Broader concepts (primary first)", "broader", "link"),
    "narrower": ("Narrower concepts", "narrower", "link"),
    "related": ("Related concepts", "related", "link"),
    **{n: (f"{n} (in the display language)", n, "label") for n in ("prefLabel", "altLabel", "hiddenLabel")},
    "notation": ("Notation", "notation", "label"),
    "definition": ("Definition (in the display language)", "definition", "label"),
    **{facet: (f"Facet: {facet}", facet, "link") for facet in FACETS},
    "media": ("Common in media", "media", "link"),
    **{m: (f"Mapping: skos:{m}", m, "iri") for m in MAPPINGS},
    "adult": ("Adult content", "adult", "flag"),
    "deprecated": ("Deprecated", "deprecated", "flag"),
    "replacedBy": ("Replaced by", "replacedBy", "link"),
    "scheme": ("Concept schemes", "schemes", "link"),
}
_BY_LANGUAGE = ("prefLabel", "altLabel", "hiddenLabel", "definition")  # also as `prefLabel@ja`, `definition@en`


def propose(index: Index, lang: str) -> list[dict[str, str]]:
    """Every property, then the per-language ones of the languages the labels are in."""
    out = [{"id": pid, "name": name} for pid, (name, _, _) in PROPERTIES.items()]
    for tag in index.languages:
        for pid in _BY_LANGUAGE:
            out.append({"id": f"{pid}@{tag}", "name": f"{pid} ({tag})"})
    return out


def meta(pid: str) -> dict[str, str]:
    """The meta entry of a property id (an unknown one is named by itself, with no values)."""
    if pid in PROPERTIES:
        return {"id": pid, "name": PROPERTIES[pid][0]}
    base, _, tag = pid.partition("@")
    return {"id": pid, "name": f"{base} ({tag})" if base in _BY_LANGUAGE and tag else pid}


def values(index: Index, iri: str, pid: str, lang: str, limit: int = 0, tagged: bool = False) -> list[dict]:
    """The values of property `pid` for concept `iri` ([] for an unknown concept or property); `limit` > 0 keeps
    the first so many; `tagged`: texts carry their language (1.0-draft values have `lang`)."""
    record = index.concepts.get(iri)
    if record is None:
        return []
    base, at, tag = pid.partition("@")
    if at and base in _BY_LANGUAGE:
        texts = {lang_tag(k).lower(): v for k, v in record.texts(base).items()}
        out = [_text(t, tag, tagged) for t in sorted(texts.get(tag.lower(), []))]
    elif pid not in PROPERTIES:
        out = []
    else:
        _, where, kind = PROPERTIES[pid]
        out = _values(index, record, where, kind, lang, tagged)
    return out[:limit] if limit > 0 else out


def _values(index: Index, record: Record, where: str, kind: str, lang: str, tagged: bool) -> list[dict]:
    if kind == "flag":
        return [{"str": "true" if getattr(record, where) else "false"}]
    if kind == "label":
        chosen, texts = texts_in({"": record.notation} if where == "notation" else record.texts(where), lang)
        return [_text(t, chosen, tagged) for t in sorted(texts)]
    iris = primary_first(record) if where == "broader" else list(record.linked(where))
    if kind == "iri":
        return [{"str": i} for i in iris]
    return [{"id": i, "name": index.name(i, lang)} for i in iris]


def _text(text: str, tag: str, tagged: bool) -> dict[str, str]:
    return {"str": text, "lang": tag} if tagged and tag else {"str": text}


def primary_first(record: Record) -> list[str]:
    """The broader concepts, the one it sits under in full first (tree.home: tk:primaryBroader, else the first in
    IRI code point order), then the others in statement order."""
    parents = [p for p in record.links.get("broader", ()) if p != record.iri]
    if not parents:
        return []
    first = home(record, parents)
    return [first] + [p for p in parents if p != first]


def chain(index: Index, iri: str) -> list[str]:
    """The broader chain of `iri`, nearest first, following the primary parent each time; stops at a cycle."""
    out: list[str] = []
    record = index.concepts.get(iri)
    while record is not None:
        parents = primary_first(record)
        if not parents or parents[0] in out or parents[0] == iri:
            break
        out.append(parents[0])
        record = index.concepts.get(parents[0])
    return out


def card(index: Index, iri: str, lang: str) -> str:
    """The preview card (Reconciliation API 0.2 §7): label, definition, broader path, facets; no script, every
    text made showable (output.sinks) and escaped."""
    e = markup
    record = index.concepts[iri]
    rows = []
    path = list(reversed(chain(index, iri)))
    if path:
        rows.append(("Broader", " › ".join(e(index.name(i, lang)) for i in path)))
    for facet in FACETS:
        if record.facets.get(facet):
            rows.append((facet.title(), ", ".join(e(index.name(i, lang)) for i in record.facets[facet])))
    if record.deprecated:
        rows.append(("Deprecated", "replaced by " + (", ".join(e(index.name(i, lang)) for i in
                                                              record.links.get("replacedBy", ())) or "nothing")))
    definition = " ".join(record.in_lang("definition", lang))
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>' + e(index.name(iri, lang)) +
            '</title><style>body{font:14px sans-serif;margin:6px}h1{font-size:16px;margin:0 0 4px}'
            'p{margin:0 0 4px}dl{margin:0}dt{font-weight:bold;float:left;margin-right:6px}dd{margin:0 0 2px}'
            '</style></head><body><h1>' + e(index.name(iri, lang)) + '</h1><p>' + _link(iri) + '</p>' +
            (f"<p>{e(definition)}</p>" if definition else "") +
            "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl></body></html>\n")


def _link(iri: str) -> str:
    """The IRI, as a link only when it is a web address (a `javascript:` IRI stays text)."""
    text = markup(iri)
    if iri.startswith(("http://", "https://")):
        return f'<a href="{text}" target="_blank" rel="noopener">{text}</a>'
    return text
