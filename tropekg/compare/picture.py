"""The comparison as a picture: the facet matrix (concepts by facet values, media and themes) in HTML and SVG."""

from __future__ import annotations

from ..output.sinks import markup
from .table import Comparison, matrix

HEADINGS = {"perspective": "Perspective", "consent": "Consent", "audience": "Audience", "media": "Media",
            "themes": "Themes"}

# SVG geometry in px. Text is 14 px; widths are estimated at 0.6 em a character (a sans-serif's average), which
# only sets the canvas size, so a wider font overflows by a few pixels at worst.
_FONT, _ROW, _COL_MIN, _CHAR = 14, 24, 90, 8.4
_FILL = {"perspective": "#4c78a8", "consent": "#e45756", "audience": "#72b7b2", "media": "#54a24b",
         "themes": "#b279a2"}


def matrix_html(comparison: Comparison) -> str:
    """An HTML table: a row per value (grouped under its facet), a column per concept, ● where it applies."""
    e = markup
    head = "".join(f'<th scope="col">{e(c.label)}</th>' for c in comparison.columns)
    out = [f'<table class="m">\n<tr><th></th>{head}</tr>']
    group = None
    for g, label, marks in matrix(comparison):
        if g != group:
            group = g
            out.append(f'<tr><th colspan="{len(marks) + 1}">{e(HEADINGS[g])}</th></tr>')
        cells = "".join(f"<td>{'●' if m else ''}</td>" for m in marks)
        out.append(f'<tr><th scope="row">{e(label)}</th>{cells}</tr>')
    return "\n".join(out) + "\n</table>\n"


def matrix_svg(comparison: Comparison) -> str:
    """A standalone SVG of the facet matrix: facet headings, value rows, a dot per concept that has the value."""
    e = markup
    rows = matrix(comparison)
    names = [c.label for c in comparison.columns]
    left = int(max(len(label) for _, label, _ in rows) * _CHAR) + 40 if rows else 100
    col = max(_COL_MIN, int(max(len(n) for n in names) * _CHAR) + 16)
    groups = len({g for g, _, _ in rows})
    width, height = left + col * len(names) + 10, _ROW * (len(rows) + groups + 1) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="{_FONT}">',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    for i, name in enumerate(names):
        x = left + col * i + col // 2
        out.append(f'<text x="{x}" y="{_ROW - 6}" text-anchor="middle" font-weight="bold">{e(name)}</text>')
    y, group = _ROW, None
    for g, label, marks in rows:
        if g != group:
            group = g
            y += _ROW
            out.append(f'<text x="6" y="{y - 6}" font-weight="bold" fill="{_FILL[g]}">{e(HEADINGS[g])}</text>')
        y += _ROW
        out.append(f'<line x1="6" y1="{y}" x2="{width - 4}" y2="{y}" stroke="#dddddd"/>')
        out.append(f'<text x="20" y="{y - 6}">{e(label)}</text>')
        for i, mark in enumerate(marks):
            if mark:
                cx = left + col * i + col // 2
                out.append(f'<circle cx="{cx}" cy="{y - _ROW // 2 + 1}" r="7" fill="{_FILL[g]}"/>')
    return "\n".join(out) + "\n</svg>\n"
