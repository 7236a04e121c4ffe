"""Source places: the file and line where each subject is first written, so findings can point at it."""

from __future__ import annotations

import gzip
import itertools
import re
import zlib
from pathlib import Path

from .prefixes import prefixes_in, resolve_iri

# Turtle/TriG/N-Triples written in the usual style start each subject at column 0; that is where we look.
_SUBJECT_IRI = re.compile(r"^<([^>\s]+)>")
_SUBJECT_CURIE = re.compile(r"^([A-Za-z][\w.-]*)?:([^\s;,]*)")
_PREFIX = re.compile(r"^\s*@?(?:prefix|base)\b", re.I)
_BASE = re.compile(r"^\s*@?base\s*<([^>]*)>", re.I)
_XML_ABOUT = re.compile(r"rdf:about\s*=\s*[\"']([^\"']+)[\"']")
_JSON_ID = re.compile(r"\"@id\"\s*:\s*\"([^\"]+)\"")


def _raw(path: Path) -> bytes | None:
    try:
        raw = path.read_bytes()
        return gzip.decompress(raw) if path.suffix.lower() == ".gz" else raw
    except (OSError, EOFError, zlib.error):
        return None


# One pass over a Turtle text finds both kinds of line the index needs: @prefix/@base lines (which change the
# base as the parser sees it) and subjects at column 0. Same alternatives and precedence as the three patterns
# above, which were tried line by line before (slower). Anchored on "\n", not on ^ with re.M: the literal lets
# the regex engine skip ahead.
_TURTLE_LINE = re.compile(r"\n(?:(?P<decl>[^\S\n]*@?(?i:prefix|base)\b)|<(?P<iri>[^>\s]+)>"
                          r"|(?P<prefix>[A-Za-z][\w.-]*)?:(?P<local>[^\s;,]*))")
_FIRST_LINE = re.compile(_TURTLE_LINE.pattern.removeprefix(r"\n"))
# Line breaks str.splitlines() counts besides \n (and \r\n): a text with any of them takes the line-by-line path,
# so line numbers stay those of splitlines.
# (`in` per character: faster than one regex search for them.)
_ODD_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _odd_breaks(text: str) -> bool:
    return any(ch in text for ch in _ODD_BREAKS) or text.count("\r") != text.count("\r\n")


def _index_turtle(text: str, path: Path, base: str, local_prefixes: dict[str, str], found: dict[str, str]) -> None:
    # The first line has no "\n" before it: matched on its own (prefixing "\n" would copy the whole text).
    first = _FIRST_LINE.match(text)
    lineno, at = 1, 0
    for m in itertools.chain([first] if first else [], _TURTLE_LINE.finditer(text)):
        start = m.start() if m is first else m.start() + 1
        decl, iri, prefix, local = m.groups()
        if decl is not None:
            end = text.find("\n", start)
            b = _BASE.match(text[start:end if end != -1 else len(text)])
            base = resolve_iri(base, b.group(1)) if b else base
            continue
        if iri is not None:
            iri = resolve_iri(base, iri)
        elif (prefix or "") in local_prefixes:
            iri = local_prefixes[prefix or ""] + local
        else:
            continue
        if iri not in found:
            lineno += text.count("\n", at, start)
            at = start
            found[iri] = f"{path}:{lineno}"


def _index_file(path: Path, prefixes: dict[str, str], found: dict[str, str]) -> None:
    raw = _raw(path)
    if raw is None:
        return
    text = raw.decode("utf-8", "replace")
    # The file's own prefixes, resolved as the parser resolved them, win over the merged ones.
    base = path.resolve().as_uri()
    local_prefixes = {**prefixes, **prefixes_in(raw, "turtle", base)}
    del raw  # the text is all that is read from here on (one copy of the file less at the peak)
    name = path.name.lower()
    xml = name.endswith((".rdf", ".owl", ".xml", ".rdf.gz", ".owl.gz", ".xml.gz"))
    jsonld = name.endswith((".jsonld", ".json", ".jsonld.gz", ".json.gz"))
    if not xml and not jsonld and not _odd_breaks(text):
        _index_turtle(text, path, base, local_prefixes, found)
        return
    for lineno, line in enumerate(text.splitlines(), 1):
        iri = None
        if xml:
            m = _XML_ABOUT.search(line)
            iri = m.group(1) if m else None
        elif jsonld:
            m = _JSON_ID.search(line)
            iri = m.group(1) if m else None
        else:
            if _PREFIX.match(line):
                m = _BASE.match(line)
                base = resolve_iri(base, m.group(1)) if m else base
                continue
            m = _SUBJECT_IRI.match(line)
            if m:
                iri = resolve_iri(base, m.group(1))
            else:
                m = _SUBJECT_CURIE.match(line)
                if m and (m.group(1) or "") in local_prefixes:
                    iri = local_prefixes[m.group(1) or ""] + m.group(2)
        if iri and iri not in found:
            found[iri] = f"{path}:{lineno}"


def index_places(sources: tuple[Path, ...], prefixes: dict[str, str]) -> dict[str, str]:
    """IRI -> "file:line" of its first subject position over `sources`, in order."""
    found: dict[str, str] = {}
    for path in sources:
        _index_file(path, prefixes, found)
    return found
