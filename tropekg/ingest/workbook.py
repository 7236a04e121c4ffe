"""The catalog table as an Excel workbook (XLSX, through openpyxl), read back: errors name the sheet and the cell.

Formulas are never evaluated (openpyxl reads them as their text; nothing computes them): a formula cell is read
as its text and reported in a warning.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

from ..errors import LoadError
from .graph import Graph
from .source import MAX_BYTES, read_bytes
from .table import read_rows


def _text(value: object) -> str:
    """A cell's value as the table's text: what a spreadsheet shows for numbers, booleans and dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _book(path: Path):
    """The workbook, refusing what is not one or would unpack to more than source.MAX_BYTES (a zip bomb)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    raw = read_bytes(path)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_BYTES:
                raise LoadError(f"{path}: unpacks to {unpacked:,} bytes, more than import reads ({MAX_BYTES:,})")
            for info in archive.infolist():
                # Office Open XML parts never declare a DTD (ECMA-376 Part 2, 8.1.4 forbids it); one that does is
                # refused before any XML parser sees it, against entity bombs (RDF/XML's DTDs go through xmlguard).
                if b"<!DOCTYPE" in archive.read(info):
                    raise LoadError(f"{path}: part {info.filename} declares a DTD, which XLSX never has; refused")
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, EOFError) as e:
        raise LoadError(f"{path}: not an XLSX workbook ({e}); save it from the spreadsheet as .xlsx") from None


def read(path: Path, base: str | None = None, lang: str = "en") -> tuple[Graph, list[str]]:
    """(the first sheet's table as SKOS, warnings); LoadError naming the sheet and cell of a bad one."""
    from openpyxl.utils import get_column_letter

    book = _book(path)
    sheet = book.worksheets[0]
    formulas: list[str] = []
    header: list[str] = []

    def place(row: int, column: str) -> str:
        if not column:
            return f"{path}: sheet {sheet.title!r} row {row}"
        letter = get_column_letter(header.index(column) + 1) if column in header else "A"
        return f"{path}: sheet {sheet.title!r} cell {letter}{row}"

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, cells in enumerate(sheet.iter_rows(), 1):
            values = []
            for cell in cells:
                if getattr(cell, "data_type", None) == "f":
                    formulas.append(f"{path}: sheet {sheet.title!r} cell {cell.coordinate}: a formula, read as "
                                    f"its text {str(cell.value)[:60]!r} (never evaluated)")
                values.append(_text(cell.value))
            while values and not values[-1] and len(values) > len(header):
                values.pop()  # read-only sheets may report empty cells past the table's last column
            if number == 1:
                header.extend(values)
            elif len(values) < len(header):
                values += [""] * (len(header) - len(values))
            yield number, values

    try:
        graph, warnings = read_rows(rows(), place, base, lang)
    finally:
        book.close()
    return graph, formulas + warnings


def rows(path: Path) -> list[tuple[int, list[str]]]:
    """Any table on the first sheet as (row number, cell texts), formulas as their text (`tropekg reconcile`)."""
    book = _book(path)
    try:
        return [(number, [_text(cell.value) for cell in cells])
                for number, cells in enumerate(book.worksheets[0].iter_rows(), 1)]
    finally:
        book.close()
