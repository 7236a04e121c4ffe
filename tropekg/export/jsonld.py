"""JSON-LD exports: compacted with our context (one object per resource), and expanded.

The compacted document embeds its context unless asked to reference a published one: a consumer that fetches
nothing (rdflib and PyLD offline, a catalog's harvester) reads it as it is (JSON-LD 1.1, 3.1: a remote context is
a document to dereference).

Written as text from the canonical lines: their literals are already JSON strings (see triples.py), and a JSON-LD
processor (PyLD, in the tests) reads the result back to the same graph. The compaction follows JSON-LD 1.1 API
section 6 for the shapes our context defines: a term is used only where the value fits its definition
(language map, @type @id, datatype), otherwise the compact IRI with a value object.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable
from functools import cache
from itertools import groupby
from typing import BinaryIO

from ..ntriples import RDF_TYPE, XSD_STRING, batches, canonical_lines, literal, split
from ..sources.resources import ontology_file
from ..vocabulary import Vocabulary
from .options import Options
from .triples import select_scheme

XSD = "http://www.w3.org/2001/XMLSchema#"
_GEN_DELIMS = tuple(":/?#[]@")  # a term ending in one of these is a prefix (JSON-LD 1.1, 4.1.5)
_NATIVE = {XSD + "boolean": re.compile(r"true|false"), XSD + "integer": re.compile(r"-?(?:0|[1-9][0-9]{0,15})")}


@cache
def context() -> dict:
    """Our context (ontology/context.jsonld)."""
    return json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]


@cache
def _terms() -> tuple[dict[str, str], dict[str, tuple[str, str | None, str | None]], dict[str, str]]:
    """(prefix -> namespace, property IRI -> (term, container, type), class IRI -> term) from the context."""
    ctx = context()
    prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and v.endswith(_GEN_DELIMS)}

    def expand(value: str) -> str:
        head, _, tail = value.partition(":")
        return prefixes[head] + tail if head in prefixes else value

    props, classes = {}, {}
    for key, value in ctx.items():
        if isinstance(value, dict) and "@id" in value:
            container = value.get("@container")
            container = ("@language-set" if "@set" in container else "@language") if container and "@language" in \
                container else container and "@set"
            kind = value.get("@type")
            props[expand(value["@id"])] = (key, container, expand(kind) if kind and kind != "@id" else kind)
        elif isinstance(value, str) and not key.startswith("@") and key not in prefixes and ":" in value:
            classes[expand(value)] = key
    return prefixes, props, classes


class _Compactor:
    """IRIs as compact IRIs with the context's prefixes and the vocabulary's own (added inline)."""

    def __init__(self, declared: dict[str, str]) -> None:
        prefixes, self.props, self.classes = _terms()
        taken = set(context())
        self.extra = {p: ns for p, ns in sorted(declared.items())
                      if p not in taken and re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", p) and ns.endswith(_GEN_DELIMS)
                      and ns not in prefixes.values()}
        self.by_ns = {ns: p for p, ns in {**prefixes, **self.extra}.items()}
        self.cache: dict[str, str] = {}
        self.terms: dict[str, str] = {}

    def iri(self, value: str) -> str:
        found = self.cache.get(value)
        if found is None:
            found = value
            for sep in "#/:":
                cut = value.rfind(sep) + 1
                prefix = self.by_ns.get(value[:cut]) if cut else None
                # "p://x" would read as an absolute IRI, and an empty suffix as the prefix itself.
                if prefix and cut < len(value) and not value[cut:].startswith("//"):
                    found = f"{prefix}:{value[cut:]}"
                    break
            self.cache[value] = found
        return found

    def term(self, o: str) -> str:
        """A node reference (IRI or blank node) as compacted JSON text; IRIs and blank node labels hold no
        character JSON must escape (RFC 3987; N-Triples IRIREF and BLANK_NODE_LABEL), so no encoder is needed."""
        found = self.terms.get(o)
        if found is None:
            found = self.terms[o] = f'"{self.iri(o[1:-1]) if o[0] == "<" else o}"'
        return found

    def value(self, o: str) -> str:
        """Any object as a JSON-LD value object (or plain string) text, fitting any key."""
        if not o.startswith('"'):
            return f'{{"@id": {self.term(o)}}}'
        quoted, lang, datatype = literal(o)
        if lang:
            return f'{{"@value": {quoted}, "@language": "{lang}"}}'
        if datatype == XSD_STRING:
            return quoted
        return f'{{"@value": {quoted}, "@type": {json.dumps(self.iri(datatype), ensure_ascii=False)}}}'


def _values(c: _Compactor, objects: list[str], container: str | None, kind: str | None) -> tuple[str, list[str]]:
    """(JSON text for the term, the objects that do not fit the term) for one property of one node."""
    if container and container.startswith("@language"):
        by_lang: dict[str, list[str]] = {}
        rest = []
        for o in objects:
            quoted, lang, datatype = literal(o) if o.startswith('"') else ("", "", "")
            if quoted and (lang or datatype == XSD_STRING):
                by_lang.setdefault(lang or "@none", []).append(quoted)
            else:
                rest.append(o)
        single = container == "@language"  # no @set: one text per language is written as a string
        items = [f'"{k}": {v[0] if single and len(v) == 1 else "[" + ", ".join(v) + "]"}'
                 for k, v in sorted(by_lang.items())]
        return ("{" + ", ".join(items) + "}" if items else ""), rest
    fit, rest = [], []
    for o in objects:
        if kind == "@id":
            if o.startswith('"'):
                rest.append(o)
            else:
                fit.append(c.term(o))
        elif kind:
            quoted, lang, datatype = literal(o) if o.startswith('"') else ("", "", "")
            if datatype == kind:
                native = _NATIVE.get(kind)
                fit.append(quoted[1:-1] if native and native.fullmatch(quoted[1:-1]) else quoted)
            else:
                rest.append(o)
        else:
            fit.append(c.value(o))
    if not fit:
        return "", rest
    return (fit[0] if len(fit) == 1 and container != "@set" else "[" + ", ".join(fit) + "]"), rest


def _node(c: _Compactor, subject: str, lines: list[str]) -> str:
    parts = [f'"@id": {c.term(subject)}']
    for p, group in groupby((split(line)[1:] for line in lines), key=lambda po: po[0]):
        objects = [o for _, o in group]
        if p == RDF_TYPE:
            types = [f'"{c.classes.get(o[1:-1]) or c.iri(o[1:-1])}"' for o in objects if o[0] == "<"]
            if types:
                parts.append(f'"type": [{", ".join(types)}]')
            objects = [o for o in objects if not o.startswith("<")]
            term = None
        else:
            term = c.props.get(p[1:-1])
        if term:
            text, objects = _values(c, objects, term[1], term[2])
            if text:
                parts.append(f'"{term[0]}": {text}')
        if objects:
            parts.append(f'{json.dumps(c.iri(p[1:-1]), ensure_ascii=False)}: [{", ".join(map(c.value, objects))}]')
    return "{" + ", ".join(parts) + "}"


def _context_url(url: str) -> str:
    """`url` when it is an absolute http(s) URL a consumer can fetch (JSON-LD 1.1 API, 9.4.1 LoadDocumentCallback)."""
    from ..errors import UsageError

    if not re.fullmatch(r"https?://[^\s\"<>{}|\\^`]+", url):
        raise UsageError(f"--context {url}: not an http(s) URL; give the absolute URL where the context is served "
                         "(a copy of ontology/context.jsonld)")
    return url


def compacted(vocab: Vocabulary, options: Options) -> bytes:
    """JSON-LD compacted with our context: {"@context", "@graph": [one object per subject]}; language maps for
    labels and notes, so `doc["@graph"][i]["prefLabel"]["en"]` works in plain JSON. The context is embedded (the
    vocabulary's own prefixes added to it) unless `options.context` names the URL where it is published."""
    out = io.BytesIO()
    write_compacted(select_scheme(vocab, canonical_lines(vocab), options.scheme), vocab.prefixes, options, out)
    return out.getvalue()


def write_compacted(lines: Iterable[str], prefixes: dict[str, str], options: Options, out: BinaryIO) -> None:
    """compacted() of sorted canonical `lines` (as many as come), written to `out` a batch of subjects at a time."""
    c = _Compactor(prefixes)
    if options.context is None:
        ctx = json.dumps({**context(), **c.extra}, ensure_ascii=False, indent=1)
    else:
        url = _context_url(options.context)
        ctx = json.dumps([url, c.extra] if c.extra else url, ensure_ascii=False)
    out.write(f'{{"@context": {ctx},\n "@graph": [\n'.encode())
    _write_nodes(lines, lambda s, group: _node(c, s, group), out)
    out.write(b"\n]}\n")


def _write_nodes(lines: Iterable[str], node: Callable[[str, list[str]], str], out: BinaryIO) -> None:
    """One node object per subject, joined by ",\n"."""
    for n, batch in enumerate(batches(lines)):
        nodes = [node(s, list(group)) for s, group in groupby(batch, key=lambda line: line[: line.index(" ")])]
        out.write(((",\n" if n else "") + ",\n".join(nodes)).encode("utf-8"))


def _expanded_node(subject: str, lines: list[str]) -> str:
    node = f'"@id": "{subject[1:-1] if subject.startswith("<") else subject}"'
    parts = [node]
    for p, group in groupby((split(line)[1:] for line in lines), key=lambda po: po[0]):
        values = []
        for _, o in group:
            if o.startswith("<"):
                values.append(f'{{"@id": "{o[1:-1]}"}}')
            elif o.startswith("_:"):
                values.append(f'{{"@id": "{o}"}}')
            else:
                quoted, lang, datatype = literal(o)
                extra = f', "@language": "{lang}"' if lang else "" if datatype == XSD_STRING else \
                    f', "@type": "{datatype}"'
                values.append(f'{{"@value": {quoted}{extra}}}')
        parts.append(f'"{p[1:-1]}": [{", ".join(values)}]')
    return "{" + ", ".join(parts) + "}"


def expanded(vocab: Vocabulary, options: Options) -> bytes:
    """Expanded JSON-LD (JSON-LD 1.1 API, 4.1): full IRIs, value objects, one node object per line."""
    out = io.BytesIO()
    write_expanded(select_scheme(vocab, canonical_lines(vocab), options.scheme), out)
    return out.getvalue()


def write_expanded(lines: Iterable[str], out: BinaryIO) -> None:
    """expanded() of sorted canonical `lines` (as many as come), written to `out` a batch of subjects at a time."""
    out.write(b"[\n")
    _write_nodes(lines, _expanded_node, out)
    out.write(b"\n]\n")
