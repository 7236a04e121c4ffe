"""The catalog table (the columns `export -f csv` and `-f xlsx` write) read back as SKOS, for CSV and XLSX alike.

Each cell undoes what export.catalog wrote: formula neutralising, the "|" separator and its "\\" escapes. Texts
(label, altLabels, definition) get the language of --lang, as the export took them in that language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..columns import COLUMNS, LINK_COLUMNS, REPLACED_BY, split, unneutralise
from ..errors import LoadError, UsageError
from ..model import CONCEPT_CLASSES, LINK_PROPERTY, MAPPINGS
from ..namespaces import OWL, RDF, SKOS, TK
from .graph import TRUE, TYPE, Graph, cyclic

REQUIRED = ("iri", "label")
# column -> the property each IRI in it is the object of (columns.LINK_COLUMNS and the replacedBy column)
LINKS = {**LINK_COLUMNS, REPLACED_BY: LINK_PROPERTY[REPLACED_BY]}
# What makes a row a concept again when exported (model's rule, read from the columns that carry it): a concept
# class among its types, a semantic relation, a mapping.
_MAKES_CONCEPT = ("broader", "narrower", "related", "mappings")
Place = Callable[[int, str], str]  # (row number, column name) -> where that cell is, for messages


def slug(label: str) -> str:
    """A label as the last segment of a minted IRI: lower case, runs of anything but letters and digits as "-"."""
    return re.sub(r"[^\w]+", "-", label.casefold(), flags=re.ASCII).strip("-") or "concept"


def columns(header: list[str], place: Place, at: int) -> dict[str, int]:
    """{column: index}; LoadError naming an unknown, repeated or missing required column of the header (row `at`)."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        if name not in COLUMNS:
            raise LoadError(f"{place(at, name)}: unknown column {name!r}; the columns are {', '.join(COLUMNS)}")
        if name in found:
            raise LoadError(f"{place(at, name)}: column {name!r} appears twice; keep one")
        found[name] = index
    for name in REQUIRED:
        if name not in found:
            raise LoadError(f"{place(at, '')}: missing column {name!r}; "
                            f"the header needs {' and '.join(REQUIRED)}")
    return found


class Reader:
    """Rows into statements: IRIs checked and minted, booleans checked, warnings gathered."""

    def __init__(self, graph: Graph, place: Place, base: str | None, lang: str) -> None:
        self.graph, self.place, self.base, self.lang = graph, place, base, lang
        self.rows: dict[str, int] = {}  # IRI -> row number
        self.parents: dict[str, list[str]] = {}
        self.warnings: list[str] = []
        self._minted: set[str] = set()
        self.linked: set[str] = set()  # link targets other than parents and mappings, for lost()
        self.header_at = 1  # the header's row number, where warnings about the whole table point

    def node(self, row: int, column: str, iri: str):
        try:
            return self.graph.node(iri)
        except ValueError as e:
            raise LoadError(f"{self.place(row, column)}: {iri!r} is not an IRI ({e}); "
                            "write a full IRI such as https://example.org/id/x") from None

    def subject(self, row: int, cells: dict[str, str]) -> str:
        iri = cells.get("iri", "")
        if not iri:
            if self.base is None:
                raise LoadError(f"{self.place(row, 'iri')}: empty; give --base IRI to mint one from the label, "
                                "or fill the cell")
            stem = self.base + slug(unneutralise(cells.get("label", "")))
            iri, n = stem, 1
            while iri in self.rows or iri in self._minted:
                n += 1
                iri = f"{stem}-{n}"
            self._minted.add(iri)
        first = self.rows.setdefault(iri, row)
        if first != row:
            raise LoadError(f"{self.place(row, 'iri')}: {iri} is also the IRI of {self.place(first, 'iri')}; "
                            "keep one row per concept")
        return iri

    def flag(self, row: int, column: str, cell: str) -> bool:
        # Any case: Excel saves the CSV's true and false as TRUE and FALSE.
        value = cell.lower()
        if value not in ("true", "false", ""):
            raise LoadError(f"{self.place(row, column)}: {cell!r} is neither true nor false")
        return value == "true"

    def row(self, row: int, cells: dict[str, str]) -> None:
        """The statements of one row (cells by column name, as the file has them)."""
        graph, lang = self.graph, self.lang
        iri = self.subject(row, cells)
        s = self.node(row, "iri", iri)
        label = unneutralise(cells.get("label", ""))
        if label:
            graph.add(s, SKOS + "prefLabel", graph.literal(label, lang))
        for alt in split(unneutralise(cells.get("altLabels", ""))):
            graph.add(s, SKOS + "altLabel", graph.literal(alt, lang))
        definition = unneutralise(cells.get("definition", ""))
        if definition:
            graph.add(s, SKOS + "definition", graph.literal(definition, lang))
        for column, prop in LINKS.items():
            targets = split(cells.get(column, ""))
            for target in targets:
                graph.add(s, prop, self.node(row, column, target))
            if column != "broader":
                self.linked.update(targets)
        for mapping in split(cells.get("mappings", "")):
            rel, _, target = mapping.partition(" ")
            if rel not in MAPPINGS or not target:
                raise LoadError(f"{self.place(row, 'mappings')}: {mapping!r} is not RELATION IRI with RELATION "
                                f"one of {', '.join(MAPPINGS)}")
            graph.add(s, SKOS + rel, self.node(row, "mappings", target))
        if self.flag(row, "adult", cells.get("adult", "")):
            graph.add(s, TK + "adult", TRUE)
        if self.flag(row, "deprecated", cells.get("deprecated", "")):
            graph.add(s, OWL + "deprecated", TRUE)
        if not any(cells.get(c) for c in _MAKES_CONCEPT) and \
                not any(t in CONCEPT_CLASSES for t in split(cells.get("types", ""))):
            # Nothing in the row makes it a concept (it was one by a class the table does not declare as a
            # subclass of skos:Concept): it is typed skos:Concept so that it stays one.
            graph.add(s, TYPE, graph.node(SKOS + "Concept"))
            what = "no concept class" if cells.get("types") else "empty"
            self.warnings.append(f"{self.place(row, 'types')}: {what}, and no relation makes {iri} a concept; "
                                 "typed skos:Concept")
        self.parents[iri] = split(cells.get("broader", ""))
        graph.concepts += 1

    def finish(self) -> list[str]:
        """Warnings about parents not in the table and cycles among parents (imported as is), and about what the
        table lost: resources it links to without a row of their own."""
        self.warnings.extend(self.lost())
        for iri, parents in self.parents.items():
            for parent in parents:
                if parent not in self.parents:
                    self.warnings.append(f"{self.place(self.rows[iri], 'broader')}: {parent} is not a row of the "
                                         "table (kept as broader)")
        for iri in cyclic(self.parents):
            self.warnings.append(f"{self.place(self.rows[iri], 'broader')}: the parents of {iri} lead round in a "
                                 "cycle (kept as broader)")
        return self.warnings

    def lost(self) -> list[str]:
        """One warning when rows link to resources (schemes, facet values, replacements, ...) that have no row:
        what the source said about them (labels, scheme titles) is not in the table. Classes and properties of
        SKOS, OWL and ours are defined elsewhere; broader links have warnings of their own."""
        known = (SKOS, OWL, TK, RDF)
        linked = {t for t in self.linked if t not in self.rows and not t.startswith(known)}
        if not linked:
            return []
        first = sorted(linked)[0]
        return [f"{self.place(self.header_at, '')}: the rows link to {len(linked)} resources without a "
                f"row of their own (such as {first}): what the source said about them is not in this table; "
                "merge the output with the source vocabulary to keep it"]


def read_rows(rows: Iterable[tuple[int, list[str]]], place: Place, base: str | None,
              lang: str) -> tuple[Graph, list[str]]:
    """(the table as SKOS, warnings): `rows` are (row number, cells), the header first, numbered as `place` names
    them (place(row, "") is the whole row)."""
    if base is not None:
        try:
            Graph().node(base + "x")
        except ValueError as e:
            raise UsageError(f"--base {base}: not an absolute IRI ({e}); give one such as https://example.org/id/")\
                from None
    try:
        Graph().literal("", lang)
    except ValueError as e:
        raise UsageError(f"--lang {lang}: not a language tag ({e}); give one such as en or ja") from None
    rows = iter(rows)
    at, header = next(rows, (1, []))
    if not header:
        raise LoadError(f"{place(at, '')}: no header row; the first row names the columns ({', '.join(COLUMNS)})")
    index = columns(header, place, at)
    width = len(header)
    reader = Reader(Graph(), place, base, lang)
    reader.header_at = at
    for number, cells in rows:
        if len(cells) != width:
            if not any(cells):
                continue  # a blank line, as spreadsheets leave at the end
            raise LoadError(f"{place(number, '')}: {len(cells)} fields, the header has {width}; "
                            "one field per column (in CSV, quote a cell that holds a comma)")
        reader.row(number, {name: cells[i] for name, i in index.items()})
    return reader.graph, reader.finish()
