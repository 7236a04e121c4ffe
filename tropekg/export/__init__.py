"""Every export format in one registry: its family module, whether it is one file or a folder, its file name.

Importing this package is light (no RDF library), so the CLI can offer the registry's keys as --format choices.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..collector import paused
from ..output.progress import Progress, silent
from .options import Options

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary


@dataclass(frozen=True)
class Format:
    """One export format: module.function makes it; `folder` formats write a directory, others one file."""

    module: str
    function: str
    filename: str  # the name `build` gives it in a release folder
    media_type: str
    folder: bool = False


FORMATS: dict[str, Format] = {
    "turtle": Format("rdf", "turtle", "tropekg.ttl", "text/turtle"),
    "ntriples": Format("rdf", "ntriples", "tropekg.nt", "application/n-triples"),
    "nquads": Format("rdf", "nquads", "tropekg.nq", "application/n-quads"),
    "trig": Format("rdf", "trig", "tropekg.trig", "application/trig"),
    "rdfxml": Format("rdf", "rdfxml", "tropekg.rdf", "application/rdf+xml"),
    "jsonld": Format("jsonld", "compacted", "tropekg.jsonld", "application/ld+json"),
    "jsonld-expanded": Format("jsonld", "expanded", "tropekg.expanded.jsonld", "application/ld+json"),
    "csv": Format("catalog", "csv_table", "tropekg.csv", "text/csv"),
    "json": Format("catalog", "json_tree", "tropekg.tree.json", "application/json"),
    "sqlite": Format("catalog", "sqlite_db", "tropekg.sqlite", "application/vnd.sqlite3"),
    "xlsx": Format("workbook", "xlsx_workbook", "tropekg.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "markdown": Format("wiki", "markdown", "markdown", "text/markdown", folder=True),
    "site": Format("website", "site", "site", "text/html", folder=True),
    "mediawiki": Format("mediawiki", "mediawiki", "tropekg.mediawiki.xml", "application/xml"),
}


def render(vocab: Vocabulary, fmt: str, options: Options | None = None) -> bytes | dict[str, bytes]:
    """The export of `vocab` as `fmt`: bytes for a one-file format, {relative path: bytes} for a folder format."""
    spec = _checked(fmt, options)
    module = importlib.import_module(f"{__name__}.{spec.module}")
    with paused():  # exports build millions of small acyclic lists and dicts
        return getattr(module, spec.function)(vocab, options or Options())


def _checked(fmt: str, options: Options | None) -> Format:
    from ..errors import UsageError

    spec = FORMATS.get(fmt)
    if spec is None:
        raise UsageError(f"--format {fmt}: unknown; choose one of {', '.join(FORMATS)}")
    if options is not None and options.context is not None and fmt != "jsonld":
        raise UsageError(f"--context: only -f jsonld references a context, not -f {fmt}; leave --context out")
    return spec


def export_files(paths: list[str | Path] | None, input_format: str | None, fmt: str, output: str | Path | None,
                 options: Options | None = None, progress: Progress = silent) -> bytes | None:
    """export_to(load(paths, input_format), fmt, output, options): the files of `paths` (the bundled taxonomy when
    none) exported as `fmt`. The formats of export.streamed.STREAMED, written to a file for the whole vocabulary
    (no --scheme) from large files (sources.reader.LARGE_INPUT_BYTES), are written from the files without a store,
    in bounded memory (issue 27); the same bytes."""
    from ..sources.reader import LARGE_INPUT_BYTES, input_bytes, load

    options = options or Options()
    _checked(fmt, options)
    large = options.scheme is None and output not in (None, "-") and input_bytes(paths) >= LARGE_INPUT_BYTES
    # By name, as render does: streamed imports the format modules, which import this package's options. Only
    # for a large input: the import is a cost every smaller export would pay for nothing.
    streamed = importlib.import_module(f"{__name__}.streamed") if large else None
    with paused():  # as render; and the records are dropped with the vocabulary before the collector is back
        if streamed is not None and fmt in streamed.STREAMED:
            streamed.stream_to(paths, input_format, fmt, output, options, progress)
            return None
        return export_to(load(paths, input_format, progress), fmt, output, options, progress)


def export_to(vocab: Vocabulary, fmt: str, output: str | Path | None, options: Options | None = None,
              progress: Progress = silent) -> bytes | None:
    """Export `vocab` as `fmt` to `output`, atomically; returns the bytes instead when `output` is None or "-".

    A folder format needs a directory `output`; it is built beside it and renamed into place whole."""
    from ..errors import UsageError
    from ..output import write_output
    from .files import write_folder

    if FORMATS.get(fmt) and FORMATS[fmt].folder and output in (None, "-"):
        raise UsageError(f"--format {fmt} writes a folder of files; give it with -o DIR")
    progress(f"exporting {fmt}")
    data = render(vocab, fmt, options)
    if isinstance(data, dict):
        write_folder(Path(output), data, progress)
        return None
    if output in (None, "-"):
        return data
    progress(f"writing {output}")
    write_output(output, data)
    return None


def counts(vocab: Vocabulary, options: Options | None = None) -> tuple[int, int]:
    """(triples, concepts) that an export of `vocab` with `options` holds: a release manifest's totals."""
    # By name, as render does: records and triples import this package's options (test_meta: no cycle).
    triples, records, ntriples = (importlib.import_module(name) for name in (
        f"{__name__}.triples", f"{__name__}.records", "tropekg.ntriples"))
    options = options or Options()
    lines = triples.select_scheme(vocab, ntriples.canonical_lines(vocab), options.scheme)
    return len(lines), len(records.records(vocab, options))


def write_folder(target: str | Path, files: dict[str, bytes] | Iterable[tuple[str, bytes]],
                 progress: Progress = silent) -> None:
    """Write `files` ({relative path: bytes}, or such pairs made one at a time) as the folder `target`, built beside
    it and renamed into place (files.write_folder)."""
    from .files import write_folder as write

    write(Path(target), files, progress)


ExportOptions = Options  # the name in the public API (tropekg.ExportOptions)

__all__ = ["FORMATS", "ExportOptions", "Format", "Options", "counts", "export_files", "export_to", "render",
           "write_folder"]
