"""Catalog exports: a CSV table, a nested JSON tree of the hierarchy, and a normalised SQLite database with FTS5.

Columns (CSV, and the keys of each JSON node) are documented in docs/formats.md ("CSV, XLSX and the JSON tree").
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator

from ..columns import COLUMNS, LINK_COLUMNS, join, neutralise
from ..model import FACETS, MAPPINGS
from ..tree import CLOSE, OPEN, tree, walk
from ..vocabulary import Vocabulary
from .options import Options
from .records import Record, labeller, records


def _cells(rec: Record):
    """column -> the IRIs of a link column of `rec` (one dict per row: cheaper than a lookup per cell)."""
    return {**rec.links, **rec.facets, "schemes": rec.schemes, "types": rec.types}.get


def fields(rec: Record, lang: str, label) -> list[object]:
    """The catalog fields of one concept, in COLUMNS order: strings, lists of strings, booleans."""
    cell = _cells(rec)
    return [rec.iri, label(rec.iri), rec.in_lang("altLabel", lang), " ".join(rec.in_lang("definition", lang)),
            *(cell(key, []) for key in LINK_COLUMNS),
            [f"{rel} {target}" for rel in MAPPINGS for target in rec.mappings.get(rel, ())], rec.adult,
            rec.deprecated, rec.linked("replacedBy")]


def _row(rec: Record, lang: str, label) -> list[str]:
    """One CSV row. IRIs never start with a formula character (they start with their scheme) and never contain
    "|" or "\\" (RFC 3987 IRI syntax, as N-Triples IRIREF checks), so only text cells need neutralising."""
    cell = _cells(rec)
    return [rec.iri, neutralise(label(rec.iri)), neutralise(join(rec.in_lang("altLabel", lang))),
            neutralise(" ".join(rec.in_lang("definition", lang))),
            # Sorted: a link stated from either end (skos:broader or skos:narrower, skos:inScheme or
            # skos:hasTopConcept) is the same cell, so `import csv`, which states each from the row, gives it back.
            *(("|".join(sorted(v)) if len(v) > 1 else v[0]) if (v := cell(key)) else "" for key in LINK_COLUMNS),
            "|".join(f"{rel} {target}" for rel in MAPPINGS for target in rec.mappings.get(rel, ())),
            "true" if rec.adult else "false", "true" if rec.deprecated else "false",
            "|".join(rec.linked("replacedBy"))]


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


def json_tree(vocab: Vocabulary, options: Options) -> bytes:
    """{"lang", "columns", "roots": [node]}: node = the catalog fields + "children"; a concept's other parents
    hold {"iri", "label", "ref": true} for it (tropekg.tree: where each concept sits, one walk)."""
    label = labeller(vocab, options.lang)
    recs = records(vocab, options)
    by_iri = {r.iri: r for r in recs}
    found = tree(recs, lambda iri: (label(iri).casefold(), iri))
    head = json.dumps({"lang": options.lang, "columns": list(COLUMNS)}, ensure_ascii=False)[:-1]
    out = [head, ', "roots": [']
    firsts = [True]
    for step, iri, _ in walk(found):
        if step == CLOSE:
            firsts.pop()
            out.append("]}")
            continue
        out.append("\n" if firsts[-1] else ",\n")
        firsts[-1] = False
        if step != OPEN:  # a reference, or a cycle back to an ancestor
            out.append(json.dumps({"iri": iri, "label": label(iri), "ref": True}, ensure_ascii=False))
            continue
        node = dict(zip(COLUMNS, fields(by_iri[iri], options.lang, label), strict=True))
        out.append(json.dumps(node, ensure_ascii=False)[:-1] + ', "children": [')
        firsts.append(True)
    out.append("]}\n")
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
_LABEL_KINDS = ("prefLabel", "altLabel", "hiddenLabel")
_NOTE_KINDS = ("definition", "scopeNote", "example")
# (the database's relation name, the record's kind)
_RELATIONS = (*((k, k) for k in ("broader", "narrower", "related", "schemes", "types", "media", "themes")),
              ("replaced_by", "replacedBy"))


def _labels(rec: Record) -> list[tuple[str, dict[str, list[str]]]]:
    return [*((k, rec.labels.get(k, {})) for k in _LABEL_KINDS), ("notation", {"": rec.notation})]


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
        (ids[r.iri], kind, lang, t) for r in recs for kind, by_lang in _labels(r) for lang, texts in by_lang.items()
        for t in texts])
    db.executemany("INSERT INTO notes VALUES (?, ?, ?, ?)", [
        (ids[r.iri], kind, lang, t) for r in recs for kind in _NOTE_KINDS
        for lang, texts in r.notes.get(kind, {}).items() for t in texts])
    db.executemany("INSERT INTO relations VALUES (?, ?, ?, ?)", [
        (ids[r.iri], rel, t, ids.get(t)) for r in recs for rel, kind in _RELATIONS for t in r.linked(kind)])
    db.executemany("INSERT INTO facets VALUES (?, ?, ?, ?)", [
        (ids[r.iri], f, t, ids.get(t)) for r in recs for f in FACETS for t in r.facets.get(f, [])])
    db.executemany("INSERT INTO mappings VALUES (?, ?, ?)", [
        (ids[r.iri], rel, t) for r in recs for rel in MAPPINGS for t in r.mappings.get(rel, [])])
    db.executemany("INSERT INTO search (rowid, labels, definition, concept_id) VALUES (?, ?, ?, ?)", [
        (ids[r.iri], "\n".join([*(t for k in _LABEL_KINDS for t in r.all_texts(k)), *r.notation]),
         "\n".join(r.all_texts("definition")), ids[r.iri]) for r in recs])
    db.executescript(_INDEXES)
    db.commit()
    data = db.serialize()
    db.close()
    return bytes(data)
