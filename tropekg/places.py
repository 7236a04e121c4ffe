"""Source places: the file and line where each subject is first written, so findings can point at it."""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path

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


def _index_file(path: Path, prefixes: dict[str, str], found: dict[str, str]) -> None:
    from .loader import prefixes_in, resolve_iri

    raw = _raw(path)
    if raw is None:
        return
    text = raw.decode("utf-8", "replace")
    # The file's own prefixes, resolved as the parser resolved them, win over the merged ones.
    base = path.resolve().as_uri()
    local_prefixes = {**prefixes, **prefixes_in(raw, "turtle", base)}
    name = path.name.lower()
    xml = name.endswith((".rdf", ".owl", ".xml", ".rdf.gz", ".owl.gz", ".xml.gz"))
    jsonld = name.endswith((".jsonld", ".json", ".jsonld.gz", ".json.gz"))
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
