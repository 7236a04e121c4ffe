"""What each output can carry: one replacement policy for every sink, so no string RDF allows crashes an output.

RDF literals may hold any Unicode scalar value (RDF 1.1 Concepts, 3.3; the parsers refuse lone surrogates, so none
reaches a sink). The policies, by sink:

- RDF (Turtle, N-Triples, N-Quads, TriG, JSON-LD), CSV, JSON, SQLite, YAML front matter: every character kept
  (escaped where the syntax needs it).
- RDF/XML and XLSX: no replacement (they are data, not pictures): a character XML 1.0 cannot carry stops the
  export with an error naming the IRI (see export.rdf, export.workbook).
- Everything made to be looked at (Markdown and MediaWiki pages, the site's pages, and every `view` format: DOT,
  SVG, PNG, GraphML, GEXF, Mermaid, HTML): what a web page cannot show becomes U+FFFD via `shown()`; DOT also
  turns tab and line breaks into spaces, because `view` lays labels out on lines of its own.
"""

from __future__ import annotations

import re

# Code points a web page cannot show (HTML, 13.2.5.80: controls other than tab and line breaks, and
# noncharacters; XML 1.0, 2.2 and its note on discouraged characters): shown as U+FFFD, as CommonMark does for NUL.
NOT_SHOWN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
                       "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
                       "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
                       "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
                       "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]")
# XML 1.0 section 2.2 (Char): what an XML document may contain at all.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def shown(text: str) -> str:
    """`text` as a web page can show it: code points it cannot show replaced by U+FFFD."""
    return NOT_SHOWN.sub("\ufffd", text)


def shown_all(value: object) -> object:
    """`value` with `shown()` applied to every string in it, through lists and dict values."""
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, list):
        return [shown_all(v) for v in value]
    if isinstance(value, dict):
        return {k: shown_all(v) for k, v in value.items()}
    return value


__all__ = ["NOT_SHOWN", "NOT_XML", "shown", "shown_all"]
