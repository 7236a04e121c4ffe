"""VNDB's tag dump (JSON) as SKOS: one concept per tag under VNDB's own IRIs, one concept scheme per category.

Field by field (docs/formats.md, "vndb"): name -> skos:prefLabel@en; aliases -> skos:altLabel, tagged by
script (kana or kanji -> ja, else en); description -> skos:definition@en as plain text, its links as rdfs:seeAlso;
parents -> skos:broader (the first, VNDB's main parent, also tk:primaryBroader when there are several);
cat -> skos:inScheme one of three schemes, `ero` also tk:adult true; applicable and searchable -> tk:applicable
and tk:searchable; meta -> tk:grouping true; vns -> tk:workCount. Tags without parents are top concepts.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import LoadError
from ..namespaces import DCTERMS, RDFS, SKOS, TK, TKID
from .bbcode import plain
from .graph import TRUE, TYPE, Graph, cyclic, flag, integer
from .source import read_text

TAG = "https://vndb.org/g"  # VNDB's tag pages; namespaces.TAG_SYSTEMS["vndb"] and the taxonomy's exactMatch
SCHEMES = {"cont": ("content", "Content"), "ero": ("sexual-content", "Sexual content"),
           "tech": ("technical", "Technical")}
SCHEME_BASE = TKID + "vndb/"
LICENSES = ("https://opendatacommons.org/licenses/odbl/1-0/", "https://opendatacommons.org/licenses/dbcl/1-0/")
SOURCE = "https://vndb.org/d14"  # VNDB's database dumps page
FIELDS = {"id": int, "name": str, "description": str, "aliases": list, "parents": list, "cat": str,
          "searchable": bool, "applicable": bool, "meta": bool, "vns": int}
# Kana, kanji (CJK unified ideographs and extension A), the iteration and prolonged sound marks, half-width
# katakana: an alias with any of them is Japanese (VNDB's aliases are English or Japanese).
_JAPANESE = ((0x3005, 0x3007), (0x3040, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
             (0xFF66, 0xFF9F))


def script_lang(text: str) -> str:
    """"ja" for text with kana or kanji, "en" otherwise."""
    for ch in text:
        code = ord(ch)
        if code >= 0x3005 and any(lo <= code <= hi for lo, hi in _JAPANESE):
            return "ja"
    return "en"


def _where(path: Path, index: int, record: object) -> str:
    tag_id = record.get("id") if isinstance(record, dict) else None
    named = f"tag g{tag_id}" if isinstance(tag_id, int) and not isinstance(tag_id, bool) else "a tag"
    return f"{path}: {named} (record {index + 1})"


def _checked(path: Path, index: int, record: object) -> dict:
    """The record, or LoadError naming the tag and the field that is missing or of the wrong type."""
    if not isinstance(record, dict):
        raise LoadError(f"{path}: record {index + 1} is {type(record).__name__}, not an object; "
                        "a VNDB tag dump is a JSON array of tag objects")
    for name, kind in FIELDS.items():
        value = record.get(name)
        if name == "description" and value is None:
            continue
        if name not in record or not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            got = "missing" if name not in record else f"{type(value).__name__} {json.dumps(value)[:40]}"
            raise LoadError(f"{_where(path, index, record)}: field '{name}' must be {kind.__name__}, got {got}; "
                            "fix the record or fetch the dump again")
    for name, kind in (("aliases", str), ("parents", int)):
        if not all(isinstance(v, kind) and not isinstance(v, bool) for v in record[name]):
            raise LoadError(f"{_where(path, index, record)}: field '{name}' must hold only {kind.__name__} values")
    if record["cat"] not in SCHEMES:
        raise LoadError(f"{_where(path, index, record)}: field 'cat' is {record['cat']!r}; "
                        f"VNDB's categories are {', '.join(SCHEMES)}")
    return record


def records(path: Path) -> list[dict]:
    """The tags of a dump, checked field by field; LoadError for a malformed or duplicate one."""
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        # A dump is one array: text that does not end with "]" was cut off (an interrupted download).
        hint = e.msg if text.rstrip().endswith("]") else f"{e.msg}; the file ends early (truncated?)"
        raise LoadError(f"{path}:{e.lineno}:{e.colno}: not valid JSON: {hint}; fetch the dump again") from None
    if not isinstance(data, list):
        raise LoadError(f"{path}: a VNDB tag dump is a JSON array of tag objects, this is {type(data).__name__}")
    seen: dict[int, int] = {}
    for index, record in enumerate(data):
        _checked(path, index, record)
        first = seen.setdefault(record["id"], index)
        if first != index:
            raise LoadError(f"{_where(path, index, record)}: duplicate id (also record {first + 1}); "
                            "keep one of the two")
    return data


def _schemes(graph: Graph) -> None:
    for key, (slug, title) in SCHEMES.items():
        scheme = graph.node(SCHEME_BASE + slug)
        graph.add(scheme, TYPE, graph.node(SKOS + "ConceptScheme"))
        graph.add(scheme, SKOS + "prefLabel", graph.literal(f"VNDB tags: {title.lower()}", "en"))
        graph.add(scheme, DCTERMS + "title", graph.literal(f"VNDB tags: {title.lower()} (category {key})", "en"))
        graph.add(scheme, DCTERMS + "source", graph.node(SOURCE))
        for licence in LICENSES:
            graph.add(scheme, DCTERMS + "license", graph.node(licence))


def _tag(graph: Graph, rec: dict) -> None:
    tag = graph.node(f"{TAG}{rec['id']}")
    scheme = graph.node(SCHEME_BASE + SCHEMES[rec["cat"]][0])
    graph.add(tag, TYPE, graph.node(SKOS + "Concept"))
    graph.add(tag, SKOS + "prefLabel", graph.literal(rec["name"], "en"))
    for alias in rec["aliases"]:
        graph.add(tag, SKOS + "altLabel", graph.literal(alias, script_lang(alias)))
    text, links = plain(rec["description"] or "")
    unusable = []
    for link in links:
        try:
            graph.add(tag, RDFS + "seeAlso", graph.node(link))
        except ValueError:  # not an IRI (RFC 3987): kept in the definition's text instead, never dropped
            unusable.append(link)
    if unusable:
        text += f"\n\n(links: {', '.join(unusable)})"
    if text:
        graph.add(tag, SKOS + "definition", graph.literal(text, "en"))
    graph.add(tag, SKOS + "inScheme", scheme)
    if not rec["parents"]:
        graph.add(tag, SKOS + "topConceptOf", scheme)
        graph.add(scheme, SKOS + "hasTopConcept", tag)
    for parent in rec["parents"]:
        graph.add(tag, SKOS + "broader", graph.node(f"{TAG}{parent}"))
    if len(rec["parents"]) > 1:
        graph.add(tag, TK + "primaryBroader", graph.node(f"{TAG}{rec['parents'][0]}"))
    if rec["cat"] == "ero":
        graph.add(tag, TK + "adult", TRUE)
    graph.add(tag, TK + "applicable", flag(rec["applicable"] and not rec["meta"]))
    graph.add(tag, TK + "searchable", flag(rec["searchable"]))
    if rec["meta"]:
        graph.add(tag, TK + "grouping", TRUE)
    graph.add(tag, TK + "workCount", integer(rec["vns"]))


def read(path: Path, base: str | None = None, lang: str = "en") -> tuple[Graph, list[str]]:
    """(the dump as SKOS, warnings about data SKOS carries but `tropekg validate` flags). VNDB's tags have IRIs
    and English names, so `base` and `lang` are not used."""
    tags = records(path)
    graph = Graph({"vndb": "https://vndb.org/"})
    _schemes(graph)
    known = {rec["id"] for rec in tags}
    warnings = []
    for rec in tags:
        _tag(graph, rec)
        graph.concepts += 1
        for parent in rec["parents"]:
            if parent not in known:
                warnings.append(f"{path}: tag g{rec['id']}: parent g{parent} is not in the dump (kept as broader)")
    parents = {rec["id"]: rec["parents"] for rec in tags}
    for tag_id in cyclic(parents):
        warnings.append(f"{path}: tag g{tag_id}: its parents lead round in a cycle (kept as broader)")
    return graph, warnings
