"""The guard every XML input passes: libxml2 (through lxml) reads a document's DTD within its own limits, and
pyoxigraph gets the document back without one.

pyoxigraph's RDF/XML parser expands internal entities without limit (a "billion laughs" file of a few lines
exhausts the machine's memory; DEVELOPERS.md) and rdflib's XML path hung on the same file. Real vocabularies do use
entities, mostly as namespace abbreviations (<!ENTITY skos "http://...">), so rather than refuse every DOCTYPE, a
document that has one is read by libxml2 with the network off, no DTD loaded, every external resource refused,
internal entities expanded under its amplification limit (xmlCtxtSetMaxAmplification; huge_tree off keeps its
size limits too), and written back without the DTD. External entities (SYSTEM/PUBLIC: a door to local files and
the network) and parameter entities are never expanded: a reference to one is refused. libxml2's own errors
name the user's line; the rewritten document keeps the root on its line, but a start tag written over several
lines becomes one, so places are looked up in the file as written (sources/reader.py).
"""

from __future__ import annotations

import re

from ..errors import LoadError

# XML 1.0 (2.8) spells it <!DOCTYPE, but Oxigraph's reader (quick-xml) takes any case: look for any case.
_DOCTYPE = re.compile(rb"<!doctype", re.I)
_UNDEFINED = re.compile(r"^Entity '(?P<name>[^']*)' not defined")


def defuse_xml(data: bytes, source: str) -> bytes:
    """`data` as is when it has no DOCTYPE (so no entity of its own); else its root element with the internal
    entities expanded by libxml2, on the root's own line, and no DTD.

    Raises LoadError naming `source` and line when libxml2 refuses the document: an external or parameter
    entity, an undefined one, an expansion past its limits (an entity bomb), or XML that is not well-formed."""
    if _DOCTYPE.search(data) is None:
        return data
    from lxml import etree

    try:
        root = etree.fromstring(data, _parser(resolve="internal"))
    except etree.XMLSyntaxError as e:
        raise _refusal(data, source, e) from None
    # The lines before the root stay, as line breaks, so that parse errors still point at the user's lines.
    return b"\n" * (root.sourceline - 1) + etree.tostring(root, encoding="utf-8", xml_declaration=False)


def _parser(resolve: str | bool, recover: bool = False):  # -> lxml.etree.XMLParser
    from lxml import etree

    class Refuse(etree.Resolver):
        """Every external resource (a DTD, an entity's SYSTEM or PUBLIC identifier) is refused, not fetched."""

        def resolve(self, url: str | None, pubid: str | None, context: object) -> object:
            return self.resolve_string("", context)

    parser = etree.XMLParser(resolve_entities=resolve, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, recover=recover, collect_ids=False)
    parser.resolvers.add(Refuse())
    return parser


def _refusal(data: bytes, source: str, error) -> LoadError:  # error: lxml.etree.XMLSyntaxError
    """The one-line error for what libxml2 refused, at the line of the document where it stopped."""
    message = str(error.msg).split(", line ")[0]
    line = _stopped_at(data) or error.lineno
    from lxml import etree

    if error.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT:  # past libxml2's amplification or size limits
        return LoadError(f"{source}:{line}: entity expansion passes the XML parser's limit (an XML entity bomb?); "
                         "refusing to parse")
    undefined = _UNDEFINED.match(message)
    if undefined:
        name = undefined.group("name")
        if _is_external(data, name):
            return LoadError(f"{source}:{line}: external entity {name} (SYSTEM/PUBLIC) is refused for safety; "
                             "inline its value")
        return LoadError(f"{source}:{line}: entity {name} is not defined here (parameter entities and external "
                         "DTDs are not read, for safety); declare it as an internal entity or inline its value")
    return LoadError(f"{source}:{line}: not well-formed XML ({message}); fix the file")


def _stopped_at(data: bytes) -> int | None:
    """The line of `data` at which libxml2 stops when given it line by line (error path only): its own error
    position is the line inside an entity's text when the error is in an expansion."""
    from lxml import etree

    parser = _parser(resolve="internal")
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            parser.feed(line)
        except etree.XMLSyntaxError:
            return number
    return None


def _is_external(data: bytes, name: str) -> bool:
    """Whether the DTD declares `name` with a SYSTEM or PUBLIC identifier, as libxml2 read it without expanding
    anything (and reading on past the reference it refused: error path only)."""
    from lxml import etree

    try:
        root = etree.fromstring(data, _parser(resolve=False, recover=True))
    except etree.XMLSyntaxError:
        return False
    dtd = root.getroottree().docinfo.internalDTD if root is not None else None
    return dtd is not None and any(e.name == name and e.system_url for e in dtd.iterentities())
