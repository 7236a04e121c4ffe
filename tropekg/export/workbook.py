"""The catalog table as an Excel workbook (XLSX, through openpyxl): the CSV's header and cells on one sheet."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from ..columns import COLUMNS
from ..errors import ExportError
from ..output.sinks import NOT_XML
from ..vocabulary import Vocabulary
from .catalog import table_rows
from .options import Options

SHEET = "concepts"
# openpyxl stamps the document properties and every zip entry with the current time; fixed ones keep the output
# byte-identical for the same input (the house rule: deterministic output, no timestamps unless given).
_WHEN = datetime(2000, 1, 1)
_ZIP_WHEN = (2000, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*")  # openpyxl sets it on save, whatever it was


def _stable(data: bytes) -> bytes:
    """The zip `data` again, entries in the same order, with fixed times."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, _ZIP_WHEN)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z", data)
            dst.writestr(entry, data)
    return out.getvalue()


def xlsx_workbook(vocab: Vocabulary, options: Options) -> bytes:
    """XLSX: sheet "concepts" holds the header and the same cells as `csv_table` (formula characters neutralised
    the same way), every cell a string, so a spreadsheet never evaluates one."""
    from openpyxl import Workbook

    rows = list(table_rows(vocab, options))
    for row in rows:  # checked before the workbook exists: a write-only sheet left half-written leaks its temp file
        bad = NOT_XML.search("".join(row))
        if bad:
            raise ExportError(f"<{row[0]}>: a cell holds U+{ord(bad.group()):04X}, which XLSX (XML 1.0) cannot "
                              "carry; remove it or export CSV")
    book = Workbook(write_only=True)
    book.properties.created = book.properties.modified = _WHEN
    book.properties.creator = "tropekg"
    sheet = book.create_sheet(SHEET)
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return _stable(buf.getvalue())
