"""The comparison as text, Markdown, CSV, JSON and HTML: one function per format, each returning a string."""

from __future__ import annotations

import csv
import io
import textwrap
from dataclasses import asdict

from ..output.sinks import markdown_cell, markdown_text, markup, shown
from ..output.text import json_text as indented_json
from .table import Comparison

# The explainer's table (Term, Meaning, Best Use, Example), then perspective and consent: (heading, field).
TEXT_FIELDS = (("Meaning", "gloss"), ("Best Use", "best_use"), ("Example", "example"))
FACET_FIELDS = (("Perspective", "perspective"), ("Consent", "consent"))
MORE_FIELDS = (("Audience", "audience"), ("Media", "media"), ("Themes only here", "own_themes"))


def cell(value: object) -> str:
    """A table cell: a text without its closing full stop (cells are phrases, as in the explainer's table), or
    the labels of a list of concepts joined by commas; "" when there is nothing."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(r["label"] for r in value)
    text = " ".join(str(value).split())
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def rows(comparison: Comparison, fields: tuple[tuple[str, str], ...]) -> list[list[str]]:
    """One row per concept: its label, then a cell per field."""
    out = []
    for c in comparison.columns:
        values = {"gloss": c.gloss, "best_use": c.best_use, "example": c.example, "own_themes": c.own_themes,
                  **c.groups}
        out.append([c.label] + [cell(values[f]) for _, f in fields])
    return out


PHRASES = {
    "broader": "{a} is under {b}.",
    "counterpart": "{a} and {b} are counterparts.",
    "contrasts with": "{a} contrasts with {b}.",
    "often confused with": "{a} is often confused with {b}.",
    "related": "{a} is related to {b}.",
}


def footer(comparison: Comparison) -> list[str]:
    """The sentences under a table: where the concepts differ and agree, shared themes, and their links."""
    lines = [comparison.summary()] if comparison.summary() else []
    if comparison.shared["themes"]:
        lines.append(f"Themes they all explore: {cell(comparison.shared['themes'])}.")
    lines += [PHRASES[link.kind].format(a=link.source, b=link.target) for link in comparison.links]
    return lines


ALL_FIELDS = TEXT_FIELDS + FACET_FIELDS + MORE_FIELDS


def text(comparison: Comparison, width: int = 100) -> str:
    """For a terminal: a block per field, each concept's value on its own line beside its name; what a terminal
    cannot show (controls, which could be escape sequences) as U+FFFD (output.sinks)."""
    table = [[shown(v) for v in row] for row in rows(comparison, ALL_FIELDS)]
    names = max(len(row[0]) for row in table) + 2
    out = []
    for i, (heading, _) in enumerate(ALL_FIELDS, start=1):
        out.append(heading)
        for row in table:
            wrapped = textwrap.wrap(row[i], max(20, width - names - 2)) or ["-"]  # a long name still wraps
            out.append(f"  {row[0]:<{names}}{wrapped[0]}")
            out += [" " * (names + 2) + more for more in wrapped[1:]]
    out.append("")
    out += textwrap.wrap(shown(" ".join(footer(comparison))), width)
    return "\n".join(out) + "\n"


def _md_table(head: list[str], body: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(markdown_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    return lines + ["| " + " | ".join(markdown_cell(v) for v in row) + " |" for row in body]


def markdown(comparison: Comparison) -> str:
    """The explainer's table with perspective and consent columns, a table of audience, media and own themes,
    and the sentences of `footer`."""
    main = _md_table(["Term"] + [h for h, _ in TEXT_FIELDS + FACET_FIELDS],
                     rows(comparison, TEXT_FIELDS + FACET_FIELDS))
    more = _md_table(["Term"] + [h for h, _ in MORE_FIELDS], rows(comparison, MORE_FIELDS))
    return "\n".join(main + [""] + more + [""] + [markdown_text(line) for line in footer(comparison)]) + "\n"


def csv_text(comparison: Comparison) -> str:
    """One row per concept, a column per field, the IRI last (RFC 4180 quoting, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Term"] + [h for h, _ in ALL_FIELDS] + ["IRI"])
    for row, c in zip(rows(comparison, ALL_FIELDS), comparison.columns, strict=True):
        writer.writerow(row + [c.iri])
    return buffer.getvalue()


def json_text(comparison: Comparison) -> str:
    """Every field as in the data (texts unabridged), the summary sentence, and the links."""
    data = asdict(comparison)
    data["summary"] = comparison.summary()
    return indented_json(data)


def html_page(comparison: Comparison) -> str:
    """One offline page: the table, the facet matrix (concepts by facet values), and the sentences."""
    from .picture import matrix_html

    e = markup
    head = "".join(f"<th>{e(h)}</th>" for h in ["Term"] + [h for h, _ in ALL_FIELDS])
    body = "".join("<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>\n"
                   for row in rows(comparison, ALL_FIELDS))
    title = e(" / ".join(c.label for c in comparison.columns))
    notes = "".join(f"<p>{e(line)}</p>\n" for line in footer(comparison))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>\n'
            "<style>body{font:15px/1.4 system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #bbb;padding:4px 8px;vertical-align:top;text-align:left}"
            "th{background:#eee}.m td{text-align:center}.m th[scope=row]{text-align:left}</style></head>\n"
            f"<body>\n<h1>{title}</h1>\n<table>\n<tr>{head}</tr>\n{body}</table>\n{notes}"
            f"<h2>Facet matrix</h2>\n{matrix_html(comparison)}</body></html>\n")


def svg(comparison: Comparison) -> str:
    """The facet matrix alone, as a standalone SVG."""
    from .picture import matrix_svg

    return matrix_svg(comparison)


FORMATS = {"text": text, "markdown": markdown, "csv": csv_text, "json": json_text, "html": html_page, "svg": svg}
