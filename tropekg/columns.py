"""The catalog table (the CSV and XLSX columns): what `export -f csv/xlsx` writes and `import` reads back, each
column once, with the cell encoding both sides share (the "|" separator and its escapes, formula neutralising)."""

from __future__ import annotations

import re

from .model import FACETS, LINK_PROPERTY
from .namespaces import RDF, SKOS

COLUMNS = ("iri", "label", "altLabels", "definition", "broader", "narrower", "related", "schemes", "types",
           *FACETS, "media", "themes", "mappings", "adult", "deprecated", "replacedBy")
SEPARATOR = "|"  # joins the values of a multi-valued cell; a "|" or "\" inside a value is escaped with "\"
# Cells a spreadsheet would run as a formula (OWASP, CSV Injection): a leading "'" makes them text. Values that
# already start with quotes before such a character get one more, so the rule can be undone exactly.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_TRIGGERS = frozenset("'=+-@\t\r")
# The columns of IRIs and the property each IRI in it is the object of (import states each link as read: SKOS
# relates the inverse ones).
LINK_COLUMNS = {**{k: LINK_PROPERTY[k] for k in ("broader", "narrower", "related")}, "schemes": SKOS + "inScheme",
                "types": RDF + "type", **FACETS, **{k: LINK_PROPERTY[k] for k in ("media", "themes")}}
REPLACED_BY = "replacedBy"  # the last column, the record's link kind of the same name


_ESCAPED = re.compile(r"\\(.)|\|", re.DOTALL)


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


def split(cell: str) -> list[str]:
    """The values of a multi-valued cell: export.catalog.join undone ("|" separates, "\\" escapes)."""
    if not cell:
        return []
    if "\\" not in cell:
        return cell.split(SEPARATOR)
    values, current, pos = [], [], 0
    for m in _ESCAPED.finditer(cell):
        current.append(cell[pos : m.start()])
        if m.group(1) is None:
            values.append("".join(current))
            current = []
        else:
            current.append(m.group(1))
        pos = m.end()
    current.append(cell[pos:])
    values.append("".join(current))
    return values
