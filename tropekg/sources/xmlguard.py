"""A guard for XML input: expands DTD internal entities under a size bound before any XML parser sees them.

pyoxigraph's RDF/XML parser expands internal entities without limit (a "billion laughs" file of a few lines
exhausts the machine's memory; DEVELOPERS.md) and rdflib's XML path hung on the same file. Real vocabularies do use
entities, mostly as namespace abbreviations (<!ENTITY skos "http://...">), so rather than refuse every DOCTYPE we
expand the internal general entities ourselves, bounded, and hand the parser a document without a DTD. External
entities (SYSTEM/PUBLIC: a door to local files and the network) and parameter entities are refused.
"""

from __future__ import annotations

import re

from ..errors import LoadError

# A vocabulary file's entities are short; 1 MB of expansions per entity name and 64 MB in total are far
# above any real file and far below what a laughs bomb needs.
MAX_ENTITY_CHARS = 1_000_000
MAX_EXPANDED_DOCUMENT = 64_000_000

_DOCTYPE = re.compile(rb"<!DOCTYPE\s+[^\[>]*(\[(?P<subset>.*?)\])?\s*>", re.S)
_ENTITY = re.compile(rb"<!ENTITY\s+(?P<pct>%\s+)?(?P<name>[^\s]+)\s+(?P<rest>.*?)>", re.S)
_VALUE = re.compile(rb"\s*(\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')\s*$", re.S)
_REF = re.compile(rb"&([A-Za-z_:][\w.:-]*);")
_PREDEFINED = {b"lt", b"gt", b"amp", b"apos", b"quot"}


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def defuse_xml(data: bytes, source: str) -> bytes:
    """`data` with its internal DTD entities expanded (bounded) and the DOCTYPE removed.

    Raises LoadError naming `source` and line when an entity is external, a parameter entity, recursive or
    expands past the bounds.
    """
    match = _DOCTYPE.search(data)
    if match is None:
        if b"<!ENTITY" in data:
            raise LoadError(f"{source}:{_line_of(data, data.index(b'<!ENTITY'))}: entity declaration outside a "
                            "DOCTYPE; remove it")
        return data
    subset = match.group("subset") or b""
    raw: dict[bytes, bytes] = {}
    for ent in _ENTITY.finditer(subset):
        line = _line_of(data, match.start("subset") + ent.start())
        name = ent.group("name").decode("utf-8", "replace")
        if ent.group("pct"):
            raise LoadError(f"{source}:{line}: parameter entity %{name} is not supported; "
                            "expand it in the file")
        value = _VALUE.match(ent.group("rest"))
        if value is None:
            raise LoadError(f"{source}:{line}: external entity {name} (SYSTEM/PUBLIC) is refused for safety; "
                            "inline its value")
        raw.setdefault(ent.group("name"), value.group("dq") if value.group("dq") is not None else value.group("sq"))

    expanded: dict[bytes, bytes] = {}

    def expand(name: bytes, stack: tuple[bytes, ...]) -> bytes:
        if name in expanded:
            return expanded[name]
        if name in stack:
            raise LoadError(f"{source}: entity {name.decode()} refers to itself; fix the DOCTYPE")
        text = _REF.sub(lambda m: _resolve(m, stack + (name,)), raw[name])
        if len(text) > MAX_ENTITY_CHARS:
            raise LoadError(f"{source}: entity {name.decode()} expands past {MAX_ENTITY_CHARS:,} characters "
                            "(an XML entity bomb?); refusing to parse")
        expanded[name] = text
        return text

    def _resolve(m: re.Match[bytes], stack: tuple[bytes, ...]) -> bytes:
        ref = m.group(1)
        if ref in _PREDEFINED:
            return m.group(0)
        if ref not in raw:
            raise LoadError(f"{source}: undefined entity &{ref.decode()}; declare it or remove the reference")
        return expand(ref, stack)

    body = data[match.end():]
    total = 0
    # Keep the DTD's line breaks so that parse errors still point at the right line of the user's file.
    pieces = [data[: match.start()], b"\n" * data.count(b"\n", match.start(), match.end())]
    last = 0
    for m in _REF.finditer(body):
        text = _resolve(m, ())
        total += len(text)
        if total > MAX_EXPANDED_DOCUMENT:
            raise LoadError(f"{source}:{_line_of(data, match.end() + m.start())}: entity expansion passes "
                            f"{MAX_EXPANDED_DOCUMENT:,} bytes (an XML entity bomb?); refusing to parse")
        pieces.append(body[last : m.start()])
        pieces.append(text)
        last = m.end()
    pieces.append(body[last:])
    return b"".join(pieces)
