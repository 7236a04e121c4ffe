"""Catalog exports: a CSV table, a nested JSON tree of the hierarchy, and a normalised SQLite database with FTS5.

Columns (CSV, and the keys of each JSON node) are documented in docs/formats.md ("CSV, XLSX and the JSON tree").
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections.abc import Iterator

from ..model import FACETS, MAPPINGS
from ..vocabulary import Vocabulary
from .options import Options
from .records import Record, labeller, records

COLUMNS = ("iri", "label", "altLabels", "definition", "broader", "narrower", "related", "schemes", "types",
           *FACETS, "media", "themes", "mappings", "adult", "deprecated", "replacedBy")
SEPARATOR = "|"  # joins the values of a multi-valued cell; a "|" or "\" inside a value is escaped with "\"
# Cells a spreadsheet would run as a formula (OWASP, CSV Injection): a leading "'" makes them text. Values that
# already start with quotes before such a character get one more, so the rule can be undone exactly.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_TRIGGERS = frozenset("'=+-@\t\r")
_LINK_COLUMNS = {"broader": "broader", "narrower": "narrower", "related": "related", "schemes": "schemes",
                 "types": "types", **{f: f for f in FACETS}, "media": "media", "themes": "themes"}


def fields(rec: Record, lang: str, label) -> list[object]:
    """The catalog fields of one concept, in COLUMNS order: strings, lists of strings, booleans."""
    links = rec.links
    return [rec.iri, label(rec.iri), rec.in_lang("alt", lang), " ".join(rec.in_lang("definition", lang)),
            *(links.get(key, []) for key in _LINK_COLUMNS.values()),
            [f"{rel} {target}" for rel in MAPPINGS for target in links.get(rel, ())], rec.adult, rec.deprecated,
            links.get("replaced_by", [])]


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never evaluate; unneutralise() undoes it."""
    return "'" + cell if cell and cell[0] in _TRIGGERS and _FORMULA.match(cell) else cell


def unneutralise(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell[1:]) else cell


def join(values: list[str]) -> str:
    """Values joined with SEPARATOR; "|" and "\\" inside a value escaped with "\\"."""
    if not values:
        return ""
    text = SEPARATOR.join(values)
    if "\\" not in text and (len(values) == 1 or text.count(SEPARATOR) == len(values) - 1):
        return text if len(values) > 1 or SEPARATOR not in text else text.replace(SEPARATOR, "\\" + SEPARATOR)
    return SEPARATOR.join(v.replace("\\", "\\\\").replace(SEPARATOR, "\\" + SEPARATOR) for v in values)


def _row(rec: Record, lang: str, label) -> list[str]:
    """One CSV row. IRIs never start with a formula character (they start with their scheme) and never contain
    "|" or "\\" (RFC 3987 IRI syntax, as N-Triples IRIREF checks), so only text cells need neutralising."""
    links = rec.links
    return [rec.iri, neutralise(label(rec.iri)), neutralise(join(rec.in_lang("alt", lang))),
            neutralise(" ".join(rec.in_lang("definition", lang))),
            # Sorted: a link stated from either end (skos:broader or skos:narrower, skos:inScheme or
            # skos:hasTopConcept) is the same cell, so `import csv`, which states each from the row, gives it back.
            *("|".join(sorted(links.get(key, ()))) for key in _LINK_COLUMNS.values()),
            "|".join(f"{rel} {target}" for rel in MAPPINGS for target in links.get(rel, ())),
            "true" if rec.adult else "false", "true" if rec.deprecated else "false",
            "|".join(links.get("replaced_by", ()))]


def table_rows(vocab: Vocabulary, options: Options) -> Iterator[list[str]]:
    """The cells of the table (CSV, XLSX) below its header: one row per concept in IRI order."""
    label = labeller(vocab, options.lang)
    return (_row(rec, options.lang, label) for rec in records(vocab, options))


def csv_table(vocab: Vocabulary, options: Options) -> bytes:
    """CSV (RFC 4180, UTF-8, CRLF): a header row, then one row per concept in IRI order."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(table_rows(vocab, options))
    return buf.getvalue().encode("utf-8")


def _tree_parts(recs: list[Record], label) -> tuple[list[str], dict[str, list[tuple[str, bool]]]]:
    """(roots, {parent: [(child, placed here in full)]}): each concept sits in full under one parent (its
    tk:primaryBroader, else the first broader) and as a reference under the others, so polyhierarchies stay
    linear in size and cycles end."""
    known = {r.iri for r in recs}
    kids: dict[str, list[tuple[str, bool]]] = {}
    roots = []
    for rec in recs:
        parents = [p for p in rec.links.get("broader", []) if p in known and p != rec.iri]
        if not parents:
            roots.append(rec.iri)
            continue
        primary = next((p for p in rec.links.get("primary", []) if p in parents), parents[0])
        for parent in parents:
            kids.setdefault(parent, []).append((rec.iri, parent == primary))
    order = {iri: (label(iri).casefold(), iri) for iri in known}
    for children in kids.values():
        children.sort(key=lambda c: order[c[0]])
    roots.sort(key=lambda iri: order[iri])
    return roots, kids


def json_tree(vocab: Vocabulary, options: Options) -> bytes:
    """{"lang", "columns", "roots": [node]}: node = the catalog fields + "children"; a concept's other parents
    hold {"iri", "label", "ref": true} for it. Written iteratively, so any depth works."""
    label = labeller(vocab, options.lang)
    recs = records(vocab, options)
    by_iri = {r.iri: r for r in recs}
    roots, kids = _tree_parts(recs, label)
    visited: set[str] = set()

    def top() -> Iterator[tuple[str, bool]]:
        yield from ((r, True) for r in roots)
        # What no root reaches (cycles) starts a tree of its own, checked only after the roots' trees are done.
        yield from ((r.iri, True) for r in recs if r.iri not in visited)

    head = json.dumps({"lang": options.lang, "columns": list(COLUMNS)}, ensure_ascii=False)[:-1]
    out = [head, ', "roots": [']
    stack, firsts = [top()], [True]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            firsts.pop()
            out.append("]}" if stack else "]}\n")
            continue
        out.append("\n" if firsts[-1] else ",\n")
        firsts[-1] = False
        iri, full = item
        if not full or iri in visited:
            out.append(json.dumps({"iri": iri, "label": label(iri), "ref": True}, ensure_ascii=False))
            continue
        visited.add(iri)
        node = dict(zip(COLUMNS, fields(by_iri[iri], options.lang, label), strict=True))
        out.append(json.dumps(node, ensure_ascii=False)[:-1] + ', "children": [')
        stack.append(iter(kids.get(iri, [])))
        firsts.append(True)
    return "".join(out).encode("utf-8")


_SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE concepts (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, label TEXT NOT NULL, definition TEXT,
  adult INTEGER NOT NULL, deprecated INTEGER NOT NULL);
CREATE TABLE labels (concept_id INTEGER NOT NULL REFERENCES concepts(id), kind TEXT NOT NULL, lang TEXT NOT NULL,
  text TEXT NOT NULL);
CREATE TABLE notes (concept_id INTEGER NOT NULL REFERENCES concepts(id), kind TEXT NOT NULL, lang TEXT NOT NULL,
  text TEXT NOT NULL);
CREATE TABLE relations (concept_id INTEGER NOT NULL REFERENCES concepts(id), relation TEXT NOT NULL,
  target_iri TEXT NOT NULL, target_id INTEGER REFERENCES concepts(id));
CREATE TABLE facets (concept_id INTEGER NOT NULL REFERENCES concepts(id), facet TEXT NOT NULL,
  value_iri TEXT NOT NULL, value_id INTEGER REFERENCES concepts(id));
CREATE TABLE mappings (concept_id INTEGER NOT NULL REFERENCES concepts(id), relation TEXT NOT NULL,
  iri TEXT NOT NULL);
CREATE VIRTUAL TABLE search USING fts5(labels, definition, concept_id UNINDEXED, tokenize = 'unicode61');
"""
_INDEXES = """
CREATE INDEX labels_concept ON labels(concept_id); CREATE INDEX notes_concept ON notes(concept_id);
CREATE INDEX relations_concept ON relations(concept_id); CREATE INDEX relations_target ON relations(target_id);
CREATE INDEX facets_concept ON facets(concept_id); CREATE INDEX facets_value ON facets(value_id);
CREATE INDEX mappings_concept ON mappings(concept_id);
"""
_LABEL_KINDS = {"pref": "prefLabel", "alt": "altLabel", "hidden": "hiddenLabel", "notation": "notation"}
_NOTE_KINDS = {"definition": "definition", "scope": "scopeNote", "example": "example"}
_RELATIONS = ("broader", "narrower", "related", "schemes", "types", "media", "themes", "replaced_by")


def sqlite_db(vocab: Vocabulary, options: Options) -> bytes:
    """A SQLite database (built in memory, returned as the file's bytes): concepts, labels, notes, relations,
    facets and mappings with foreign keys, and the FTS5 table `search` over labels and definitions."""
    label = labeller(vocab, options.lang)
    recs = records(vocab, options)
    ids = {r.iri: n for n, r in enumerate(recs, 1)}
    db = sqlite3.connect(":memory:")
    db.executescript(_SCHEMA)
    db.executemany("INSERT INTO concepts VALUES (?, ?, ?, ?, ?, ?)", [
        (ids[r.iri], r.iri, label(r.iri), " ".join(r.in_lang("definition", options.lang)) or None,
         int(r.adult), int(r.deprecated)) for r in recs])
    db.executemany("INSERT INTO labels VALUES (?, ?, ?, ?)", [
        (ids[r.iri], name, lang, t) for r in recs for kind, name in _LABEL_KINDS.items()
        for lang, texts in r.texts.get(kind, {}).items() for t in texts])
    db.executemany("INSERT INTO notes VALUES (?, ?, ?, ?)", [
        (ids[r.iri], name, lang, t) for r in recs for kind, name in _NOTE_KINDS.items()
        for lang, texts in r.texts.get(kind, {}).items() for t in texts])
    db.executemany("INSERT INTO relations VALUES (?, ?, ?, ?)", [
        (ids[r.iri], rel, t, ids.get(t)) for r in recs for rel in _RELATIONS for t in r.links.get(rel, [])])
    db.executemany("INSERT INTO facets VALUES (?, ?, ?, ?)", [
        (ids[r.iri], f, t, ids.get(t)) for r in recs for f in FACETS for t in r.links.get(f, [])])
    db.executemany("INSERT INTO mappings VALUES (?, ?, ?)", [
        (ids[r.iri], rel, t) for r in recs for rel in MAPPINGS for t in r.links.get(rel, [])])
    db.executemany("INSERT INTO search (rowid, labels, definition, concept_id) VALUES (?, ?, ?, ?)", [
        (ids[r.iri], "\n".join(t for k in _LABEL_KINDS for t in r.all_texts(k)),
         "\n".join(r.all_texts("definition")), ids[r.iri]) for r in recs])
    db.executescript(_INDEXES)
    db.commit()
    data = db.serialize()
    db.close()
    return bytes(data)
