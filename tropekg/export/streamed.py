"""Exports written from the files without a store (issue 27): the lines sorted out of core (tropekg.runs), then
each format written a batch of subjects at a time, so memory stays bounded at any size; the bytes are those
render() gives for the same files."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..output import atomic_file
from ..output.progress import Progress, silent
from ..record import stream_records
from ..runs import SortedLines
from ..sources.stream import Streamed
from .catalog import write_csv
from .jsonld import write_compacted, write_expanded
from .options import Options
from .rdf import write_ntriples, write_turtle

Writer = Callable[[SortedLines, dict[str, str], Options, BinaryIO, Path], None]

STREAMED: dict[str, Writer] = {
    "ntriples": lambda lines, prefixes, options, out, folder: write_ntriples(lines, out),
    "turtle": lambda lines, prefixes, options, out, folder: write_turtle(lines, prefixes, out, folder),
    "jsonld": lambda lines, prefixes, options, out, folder: write_compacted(lines, prefixes, options, out),
    "jsonld-expanded": lambda lines, prefixes, options, out, folder: write_expanded(lines, out),
    "csv": lambda lines, prefixes, options, out, folder: write_csv(stream_records(lines, folder), options, out),
}


def stream_to(paths: list[str | Path] | None, input_format: str | None, fmt: str, output: str | Path,
              options: Options, progress: Progress = silent) -> None:
    """Export the files of `paths` as `fmt` (a key of STREAMED) to the file `output`, atomically. The sorted runs
    live in a temporary folder beside `output` (the disk that takes the export, not a RAM-backed /tmp)."""
    source = Streamed(paths, input_format, progress)
    with atomic_file(output) as out, tempfile.TemporaryDirectory(prefix=".tropekg-runs-",
                                                                 dir=Path(output).parent) as folder:
        lines = SortedLines(folder)
        try:
            source.into(lines.add)
            progress(f"writing {output}")
            STREAMED[fmt](lines.close(), source.prefixes, options, out, Path(folder))
        finally:
            lines.discard()  # a sort still running when reading failed is stopped, not left behind
