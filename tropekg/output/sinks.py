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
- HTML, SVG and XML text and attribute values (`markup`): markup characters as references, the rest as `shown()`.
- Markdown and wikitext (`markdown_text`, `markdown_iri`, `wikitext`, `wiki_iri`;
  `markdown_cell` in a GFM table, `markdown_code` in a code span): people read and edit this
  source, so only what the markup would read as markup is escaped, where it would be (a period, comma or hyphen
  in prose stays as it is); line breaks and tabs become character references, so a text never opens a line.
- Terminal text (compare's and diff's text reports): `shown()`, so no label can send an escape sequence.
"""

from __future__ import annotations

import re
from json.encoder import encode_basestring  # type: ignore[attr-defined]

# Code points a web page cannot show (HTML, 13.2.5.80: controls other than tab and line breaks, and
# noncharacters; XML 1.0, 2.2 and its note on discouraged characters): shown as U+FFFD, as CommonMark does for NUL.
NOT_SHOWN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
                       "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
                       "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
                       "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
                       "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]")
# The same controls as a str.translate table (one pass per text; re.sub over millions of texts was many times
# slower). Noncharacters are rarer and go through shown() only when a text holds a code point that high.
CONTROLS = {n: "\ufffd" for n in range(0xA0) if NOT_SHOWN.match(chr(n))}
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


# The noncharacters (all at or above U+FDD0): a text holding none needs no shown(); the controls are in the
# translate tables. A character-class search is a fast scan, unlike max() or NOT_SHOWN.sub over every text.
_HIGH = re.compile("[\ufdd0-\U0010ffff]")


def _shown(text: str) -> str:
    return shown(text) if not text.isascii() and _HIGH.search(text) else text


def _keys(table: dict[int, str]) -> re.Pattern:
    """A search for any character `table` translates: str.translate looks up every character, so a text holding
    none (most labels) is passed over by one scan instead."""
    return re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(table)) + "]")


def _translated(text: str, table: dict[int, str], keys: re.Pattern) -> str:
    return text.translate(table) if keys.search(text) else text


# HTML Living Standard, 13.1.2.6: `&`, `<`, `>` and quotes as character references, so no text can open an
# element or an attribute; as XML 1.0 (2.4, 3.1) needs for SVG and other XML.
_MARKUP_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", **CONTROLS})
_MARKUP_KEYS = _keys(_MARKUP_TABLE)


def markup(text: str) -> str:
    """`text` as HTML or XML text, or a quoted attribute value, that shows exactly `text` (as `shown()`)."""
    return _translated(_shown(text), _MARKUP_TABLE, _MARKUP_KEYS)


# --- Markdown ---
_BREAKS = {ord("\r"): "&#13;", ord("\n"): "&#10;", ord("\t"): "&#9;"}
_BREAKS_TABLE = str.maketrans(_BREAKS)
# An entity or numeric character reference (CommonMark 0.31, 6.2).
_ENTITY = r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)"


def _refs(part: str) -> str:
    return "".join(f"&#{ord(ch)};" for ch in part)


def _keep_edges(escaped: str) -> str:
    """Leading and trailing whitespace as character references: headings and link text drop it (CommonMark 4.2),
    and a leading space can start a code block."""
    if escaped[:1].isspace() or escaped[-1:].isspace():
        lead = len(escaped) - len(escaped.lstrip())
        trail = len(escaped) - len(escaped.rstrip()) if escaped.strip() else 0
        end = len(escaped) - trail
        escaped = _refs(escaped[:lead]) + escaped[lead:end] + _refs(escaped[end:])
    return escaped


# CommonMark 0.31 and what the usual renderers add (GFM strikethrough and autolinks, math in GitHub and Obsidian,
# Obsidian's tags, highlights and comments). Everywhere: backslash escapes, code spans, emphasis, links, HTML and
# autolinks, strikethrough, math; `{` and `}` for the template plugins of MkDocs. `|` only matters in a table
# (a GFM table needs a delimiter row, which a text cannot start: its line breaks are references), `!` only before
# `[`, `>` only at the start of a line. GFM's email autolinks (a@b.co, mailto:, xmpp:) cannot be escaped
# (cmark-gfm finds them after escapes): they stay links whose text is their address.
_MD_TABLE = str.maketrans({**{ord(c): "\\" + c for c in "\\`*_[]{}<~$"}, **CONTROLS})
_MD_KEYS = _keys(_MD_TABLE)
_MD_CONTEXT = re.compile(
    _ENTITY
    + r"|#(?=[^\s#\\]|#*$)"  # an Obsidian tag; a heading's closing sequence
    # GFM extended autolinks (after a delimiter run too: _www.x), any case. Every branch starts with a literal
    # character, so the engine skips to the next candidate character (h, H, f, F, w and W fold to no other).
    + r"|h(?i:ttps?):|H(?i:ttps?):|f(?i:tp):|F(?i:tp):|w(?i:ww)\.|W(?i:ww)\."
    + r"|=(?<===)|%(?<=%%)"  # Obsidian highlights (==x==) and comments (%%x%%): the second of two
)
# What opens a block at the start of a line: a heading, quote, list item, break, setext underline or table row,
# and an ordered list's "1." or "1)" (escaped after the number).
# Every match of _MD_CONTEXT holds one of these (the entity's "&", "#", the scheme's ":", "www.", "=", "%"): the
# alternation, which the regex engine tries at every position, runs only on a text that has one.
_MD_TRIGGER = re.compile(r"[&#:.=%]")
_MD_BLOCK = re.compile(r"[#>+=|-]|[0-9]{1,9}(?=[.)])")


def _md_context(match: re.Match) -> str:
    found = match.group()
    return "\\" + found if len(found) == 1 else found[:-1] + "\\" + found[-1]


def markdown_text(text: str) -> str:
    """Markdown that renders as exactly `text` (what a page cannot show as U+FFFD), inline or as a paragraph of
    its own: only what would be read as markup is backslash-escaped; line breaks and tabs are references."""
    out = _translated(_shown(text), _MD_TABLE, _MD_KEYS)
    if _MD_TRIGGER.search(out) and _MD_CONTEXT.search(out):
        out = _MD_CONTEXT.sub(_md_context, out)
    block = _MD_BLOCK.match(out)
    if block:
        end = block.end()
        out = out[:end] + "\\" + out[end:] if out[0].isdigit() else "\\" + out
    if "\n" in out or "\r" in out or "\t" in out:
        out = out.translate(_BREAKS_TABLE)
    return _keep_edges(out)


def markdown_cell(text: str) -> str:
    """`markdown_text` in a GFM table cell: a pipe would end the cell (GFM 0.29, 4.10: escape it)."""
    return markdown_text(text).replace("|", "\\|")


def markdown_code(text: str) -> str:
    """`text` as a code span (CommonMark 6.1): fenced by two backticks, or one more than its longest run of them,
    padded by a space so a backtick at either end stays in; line breaks as spaces (a span is one line)."""
    text = " ".join(_shown(text).translate(CONTROLS).splitlines()) if text else text
    fence = "`" * max(2, max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


_AUTOLINK = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>\x7f-\x9f]*")


def markdown_iri(iri: str) -> str:
    """An IRI as a CommonMark autolink (6.5) when it is one, else as text."""
    return f"<{iri}>" if _AUTOLINK.fullmatch(iri) else markdown_text(iri)


# --- Wikitext ---
# MediaWiki 1.39's parser. Everywhere: links and external links, templates and their parameters, table
# cells and tags, as numeric character references, which MediaWiki shows as the character and never parses.
_WIKI_TABLE = str.maketrans({**{ord(c): f"&#{ord(c)};" for c in "[]{}|<"}, **CONTROLS, **_BREAKS})
_WIKI_KEYS = _keys(_WIKI_TABLE)
# Free external links: the colon after a scheme of $wgUrlProtocols (the absolute ones) when a URL follows.
_PROTOCOLS = ("bitcoin|ftps?|geo|git|gopher|https?|ircs?|magnet|mailto|matrix|mms|news|nntp|redis|sftp|sips?|sms"
              "|ssh|svn|tel|telnet|urn|worldwind|xmpp")
_WIKI_CONTEXT = re.compile(
    _ENTITY
    + r"|'(?=')|(?<=')'"  # italic and bold ('' and ''')
    + r"|~(?=~~)|_(?=_)|!(?=!)"  # signatures (~~~, when an editor saves), magic words (__TOC__), header cells (!!)
    + rf"|(?<![A-Za-z0-9_])(?i:{_PROTOCOLS}):(?=[^\s\[\]<>\"])"
)
# Every match of _WIKI_CONTEXT holds one of these (as _MD_TRIGGER for Markdown).
_WIKI_TRIGGER = re.compile(r"[&'~_!:]")
_SPACES = re.compile(r"^ | (?= )| $")  # what wikitext trims (parameters) or collapses (runs of spaces)
_WIKI_REFS = {"&": "&#38;", "'": "&#39;", "~": "&#126;", "_": "&#95;", "!": "&#33;"}
# What opens a line's markup: a list, definition or indent, a heading, a header cell (a table's | is always
# escaped), a horizontal rule ("----").
_WIKI_BLOCK = frozenset("*#:;=!")


def _wiki_context(match: re.Match) -> str:
    found = match.group()
    return _WIKI_REFS[found] if len(found) == 1 else found[:-1] + "&#58;"


def wikitext(text: str) -> str:
    """Wikitext that MediaWiki shows as exactly `text` (what a page cannot show as U+FFFD) in a paragraph, a list
    item, a link's text, a link target or a template parameter: only what would be read as markup becomes a
    numeric character reference, and spaces wikitext would trim or collapse."""
    out = _shown(text)
    if _WIKI_TRIGGER.search(out) and _WIKI_CONTEXT.search(out):
        out = _WIKI_CONTEXT.sub(_wiki_context, out)
    out = _translated(out, _WIKI_TABLE, _WIKI_KEYS)
    if out[:1] in _WIKI_BLOCK or out.startswith("----"):
        out = _refs(out[0]) + out[1:]
    if out[:1] == " " or out[-1:] == " " or "  " in out:
        out = _SPACES.sub("&#32;", out)
    return out


# A free external link MediaWiki reads whole: http(s), no character it ends a URL at or parses inside one, and a
# last character it keeps (it leaves trailing punctuation out of the link).
_FREE_LINK = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&()*+,;=%]*[A-Za-z0-9/#=_~-]")


def wiki_iri(iri: str) -> str:
    """An IRI as a free external link when MediaWiki reads it as one, else as text."""
    if _FREE_LINK.fullmatch(iri):
        rest = iri[iri.index(":") + 1 :]
        if not (_WIKI_TRIGGER.search(rest) and _WIKI_CONTEXT.search(rest)):  # the trigger: a fast scan first
            return iri
    return wikitext(iri)


def yaml_string(value: str | list[str]) -> str:
    """A JSON string or list of strings: YAML 1.2 flow scalars and sequences (controls escaped as JSON does)."""
    if isinstance(value, list):
        return "[" + ", ".join(map(yaml_string, value)) + "]"
    out = encode_basestring(value)
    return out if out.isascii() and "\x7f" not in out else _translated(out, _YAML_TABLE, _YAML_KEYS)


# YAML 1.2 (5.1) allows neither DEL, C1 controls (but NEL), U+FFFE and U+FFFF raw; line separators confuse editors.
_YAML_TABLE = str.maketrans({n: f"\\u{n:04x}" for n in (*range(0x7F, 0xA0), 0x2028, 0x2029, 0xFFFE, 0xFFFF)
                             if n != 0x85})
_YAML_KEYS = _keys(_YAML_TABLE)


__all__ = ["CONTROLS", "NOT_SHOWN", "NOT_XML", "markdown_cell", "markdown_code", "markdown_iri", "markdown_text",
           "markup", "shown", "shown_all", "wiki_iri", "wikitext", "yaml_string"]
