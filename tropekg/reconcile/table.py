"""A table's tag column reconciled (`tropekg reconcile`): every input row kept, the concept, its score, the label
met and the runner-up added; each distinct value matched once; a summary of what matched."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..ingest import delimited, workbook
from ..lookup import resolve
from ..output.progress import Progress, silent
from ..vocabulary import Vocabulary
from .engine import MATCH_AT, Candidate, Query, Reconciler
from .index import KIND_NAMES, build
from .properties import chain

# Table readers by file extension: (line or row number, cells) for every record, the header first.
READERS = {".csv": lambda p: delimited.rows(p), ".tsv": lambda p: delimited.rows(p, "\t"),
           ".tab": lambda p: delimited.rows(p, "\t"), ".xlsx": workbook.rows}
ADDED = ("concept_iri", "concept_label", "score", "match", "matched_label", "matched_kind", "matched_lang",
         "runner_up_iri", "runner_up_label", "runner_up_score")
EXPANDED = ("broader_iris", "broader_labels")
TOP_UNMATCHED = 5


@dataclass
class Outcome:
    """What one distinct value found: its best candidate and the runner-up (None when nothing came near)."""

    best: Candidate | None
    runner: Candidate | None
    broader: list[tuple[str, str]] = field(default_factory=list)  # (iri, label) nearest first

    @property
    def state(self) -> str:
        if self.best is not None and self.best.match:
            return "matched"
        return "ambiguous" if self.best is not None and self.best.score >= MATCH_AT else "unmatched"


@dataclass
class Reconciled:
    """The table with the columns added, and each distinct value's outcome (for the summary)."""

    header: list[str]
    rows: list[list[str]]
    outcomes: dict[str, Outcome]
    counts: Counter  # value -> rows it is in
    separator: str | None = None
    expand: bool = False
    column: int = 0  # where the reconciled column is

    def states(self) -> Counter:
        return Counter(o.state for o in self.outcomes.values())

    def failed(self) -> bool:
        """Whether some value found no match (ambiguous or unmatched): `--fail-on unmatched` exits 1."""
        return any(o.state != "matched" for o in self.outcomes.values())

    def summary(self) -> str:
        """One line: matched, ambiguous, unmatched, and the most frequent unmatched values."""
        states = self.states()
        missing = sorted((v for v, o in self.outcomes.items() if o.state != "matched"),
                         key=lambda v: (-self.counts[v], v))[:TOP_UNMATCHED]
        most = "; most frequent without a match: " + ", ".join(f"{v!r} ({self.counts[v]})" for v in missing) \
            if missing else ""
        return (f"{len(self.rows)} rows, {len(self.outcomes)} distinct values: {states['matched']} matched, "
                f"{states['ambiguous']} ambiguous, {states['unmatched']} unmatched{most}")

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return out.getvalue()

    def json(self) -> str:
        """Each row as an object of the input's columns, with `reconciled`: one entry per value of the cell."""
        width = len(self.header) - len(ADDED) - (len(EXPANDED) if self.expand else 0)
        out = []
        for row in self.rows:
            item: dict = dict(zip(self.header[:width], row[:width], strict=True))
            item["reconciled"] = [self._entry(v) for v in _values(row[self.column], self.separator)]
            out.append(item)
        return json.dumps(out, ensure_ascii=False, indent=1) + "\n"

    def _entry(self, value: str) -> dict:
        o = self.outcomes[value]
        entry: dict = {"value": value, "state": o.state}
        if o.best is not None:
            entry.update(_cells(o.best, prefix="concept"))
            entry["match"] = o.best.match
        if o.runner is not None:
            entry["runner_up"] = {"iri": o.runner.iri, "label": o.runner.name, "score": o.runner.score}
        if self.expand:
            entry["broader"] = [{"iri": i, "label": label} for i, label in o.broader]
        return entry


def reconcile_table(vocab: Vocabulary, table: str | Path, column: str, *, separator: str | None = None,
                    types: tuple[str, ...] = (), lang: str = "en", expand: bool = False,
                    progress: Progress = silent) -> Reconciled:
    """Reconcile column `column` of `table` (CSV, TSV or XLSX, by extension) against `vocab`; UsageError names
    the columns when there is no such column."""
    path = Path(table)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UsageError(f"{path}: a table must be .csv, .tsv or .xlsx, not {path.suffix or 'without extension'!r}")
    records = list(reader(path))
    if not records:
        raise UsageError(f"{path}: the table is empty; its first row names the columns")
    header = records[0][1]
    if column not in header:
        raise UsageError(f"--column {column!r}: {path} has no such column; its columns: "
                         + ", ".join(repr(h) for h in header))
    at = header.index(column)
    progress("indexing labels")
    engine = Reconciler(build(vocab))
    wanted = tuple(resolve(vocab, t).iri if t not in engine.index.concepts else t for t in types)
    counts: Counter = Counter(v for _, cells in records[1:] for v in _values(_cell(cells, at), separator))
    outcomes: dict[str, Outcome] = {}
    for done, value in enumerate(counts):
        if done % 500 == 0:
            progress("matching", done, len(counts))
        outcomes[value] = _outcome(engine, value, wanted, lang, expand)
    width = len(header)
    rows = []
    for _, cells in records[1:]:
        cells = (cells + [""] * width)[:width]
        found = [outcomes[v] for v in _values(cells[at], separator)]
        rows.append(cells + _joined(found, separator, expand))
    return Reconciled(header + list(ADDED) + (list(EXPANDED) if expand else []), rows, outcomes, counts,
                      separator, expand, at)


def _outcome(engine: Reconciler, value: str, types: tuple[str, ...], lang: str, expand: bool) -> Outcome:
    found = engine.match(Query(value, types, 2, lang))
    best = found[0] if found else None
    outcome = Outcome(best, found[1] if len(found) > 1 else None)
    if expand and best is not None:
        outcome.broader = [(i, engine.index.name(i, lang)) for i in chain(engine.index, best.iri)]
    return outcome


def _cell(cells: list[str], at: int) -> str:
    return cells[at] if at < len(cells) else ""


def _values(cell: str, separator: str | None) -> list[str]:
    """The tags of a cell: the whole cell, or its parts between separators; blanks dropped."""
    parts = cell.split(separator) if separator else [cell]
    return [p.strip() for p in parts if p.strip()]


def _cells(c: Candidate, prefix: str) -> dict:
    label = c.label
    return {f"{prefix}_iri": c.iri, f"{prefix}_label": c.name, "score": c.score,
            "matched_label": label.text if label else c.iri,
            "matched_kind": KIND_NAMES[label.kind] if label else "iri", "matched_lang": label.lang if label else ""}


def _joined(found: list[Outcome], separator: str | None, expand: bool) -> list[str]:
    """The added cells of one row: each value's, joined by the separator when a cell holds several."""
    columns: list[list[str]] = []
    for o in found:
        cells = ["", "", "", "false", "", "", "", "", "", ""]
        if o.best is not None:
            c = _cells(o.best, "concept")
            cells[:8] = [c["concept_iri"], c["concept_label"], f"{o.best.score:g}", str(o.best.match).lower(),
                         c["matched_label"], c["matched_kind"], c["matched_lang"], ""]
        if o.runner is not None:
            cells[7:10] = [o.runner.iri, o.runner.name, f"{o.runner.score:g}"]
        if expand:
            cells += [" ".join(i for i, _ in o.broader), " > ".join(label for _, label in o.broader)]
        columns.append(cells)
    size = len(ADDED) + (len(EXPANDED) if expand else 0)
    joiner = separator or ""
    return [joiner.join(col[i] for col in columns) for i in range(size)] if columns else [""] * size
