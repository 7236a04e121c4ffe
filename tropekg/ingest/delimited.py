"""The CSV that `export -f csv` writes (RFC 4180, UTF-8), read back: errors name the line and the field."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from ..errors import LoadError
from .graph import Graph
from .source import read_text
from .table import read_rows


def _rows(path: Path, text: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(the line a record starts on, its fields); a record may span lines (quoted line breaks, RFC 4180 2.6)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for fields in reader:
            yield start, fields
            start = reader.line_num + 1
    except csv.Error as e:
        raise LoadError(f"{path}:{start}: not valid CSV ({e}); check the quotes") from None


def read(path: Path, base: str | None = None, lang: str = "en") -> tuple[Graph, list[str]]:
    """(the table as SKOS, warnings); LoadError naming the line and field of a bad cell."""
    text = read_text(path)

    def place(line: int, column: str) -> str:
        return f"{path}:{line}: field {column}" if column else f"{path}:{line}"

    return read_rows(_rows(path, text), place, base, lang)


def rows(path: Path, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Any table's records as (line, fields): CSV, or TSV with a tab as `delimiter` (`tropekg reconcile`)."""
    return _rows(path, read_text(path), delimiter)
