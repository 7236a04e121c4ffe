"""Importing vocabularies people have as other data: VNDB's tag dump, and the catalog table as CSV or XLSX.

One registry (FORMATS) feeds `tropekg import FORMAT`'s choices; each entry's reader returns the statements and
the warnings about data SKOS carries but `tropekg validate` would flag (unknown parents, cycles), and the result
is written through the exporters, so every RDF export format is an output format and output is deterministic.
Importing this package is light (no RDF library), so the CLI can list the choices cheaply.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..export import FORMATS as EXPORT_FORMATS

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary


@dataclass(frozen=True)
class Reader:
    """One import format: module.function(path, base=, lang=) -> (ingest.graph.Graph, [warning])."""

    module: str
    function: str
    description: str


FORMATS: dict[str, Reader] = {
    "vndb": Reader("vndb", "read", "VNDB's tag dump (JSON)"),
    "csv": Reader("delimited", "read", "the table `export -f csv` writes"),
    "xlsx": Reader("workbook", "read", "the table `export -f xlsx` writes"),
}
# What an import can be written as: the RDF formats of the export registry.
OUTPUT_FORMATS = tuple(f for f, spec in EXPORT_FORMATS.items() if spec.module in ("rdf", "jsonld"))


@dataclass
class Imported:
    """What an import made: the vocabulary, how many concepts, and warnings (one line each) about what validate
    will flag or what the input lost."""

    vocab: Vocabulary
    concepts: int
    warnings: list[str] = field(default_factory=list)

    def warning_lines(self, output: str | Path | None, shown: int = 10) -> str:
        """The first `shown` warnings and their count, pointing to `tropekg validate`; "" when there are none."""
        if not self.warnings:
            return ""
        lines = [f"tropekg: warning: {w}\n" for w in self.warnings[:shown]]
        target = output if output not in (None, "-") else "the output"
        more = f" ({len(self.warnings) - shown} more not shown)" if len(self.warnings) > shown else ""
        count = f"{len(self.warnings)} warning{'s' if len(self.warnings) > 1 else ''}"
        return "".join(lines) + (f"tropekg: {count}{more}: imported as is; "
                                 f"run `tropekg validate {target}` for the findings\n")

    def summary(self, output: str | Path) -> str:
        """The line saying what was written to `output`."""
        return f"{self.concepts} concepts, {len(self.vocab)} triples written to {output}\n"


def read(fmt: str, path: str | Path, base: str | None = None, lang: str = "en") -> Imported:
    """The file at `path`, of import format `fmt`, as a Vocabulary (nothing written). Tables take `base` (for
    minting IRIs of rows without one) and `lang` (the language of their texts)."""
    from ..errors import UsageError

    spec = FORMATS.get(fmt)
    if spec is None:
        raise UsageError(f"import format {fmt}: unknown; choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{spec.module}")
    graph, warnings = getattr(module, spec.function)(Path(path), base=base, lang=lang)
    return Imported(graph.vocabulary(Path(path)), graph.concepts, warnings)


def import_to(fmt: str, path: str | Path, output: str | Path | None, out_format: str = "turtle",
              base: str | None = None, lang: str = "en") -> tuple[bytes | None, Imported]:
    """Import `path` and write it as `out_format` to `output` atomically (nothing is written on an error);
    returns the bytes instead when `output` is None or "-", and what was imported."""
    from ..errors import UsageError
    from ..export import export_to

    if out_format not in OUTPUT_FORMATS:
        raise UsageError(f"--format {out_format}: import writes RDF; choose one of {', '.join(OUTPUT_FORMATS)}")
    imported = read(fmt, path, base, lang)
    return export_to(imported.vocab, out_format, output), imported


__all__ = ["FORMATS", "OUTPUT_FORMATS", "Imported", "Reader", "import_to", "read"]
