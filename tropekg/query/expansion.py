"""Content-filter lists: the concepts a user names plus everything under them (`tropekg expand`)."""

from __future__ import annotations

import csv
import io
import os
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import UsageError
from ..hierarchy import descendants
from ..lookup import Lookup
from ..model import FACETS, LABEL_KINDS
from ..namespaces import SKOS, TAG_SYSTEMS, TK
from ..output.text import json_text
from ..vocabulary import Vocabulary
from . import EXPAND_FORMATS

# What `--as` can write for each concept: its IRI, its label in --lang, every label and alias, or the ids of a
# mapped tag system (TAG_SYSTEMS: the IRI prefix stripped).
OUTPUTS = ["iri", "label", "labels", *TAG_SYSTEMS]
FORMATS = EXPAND_FORMATS
# Mappings that carry a filter over: the external tag means the same (exact, close) or less (narrowMatch: it is
# narrower than ours, so hiding ours hides it). broadMatch and relatedMatch would hide more than was asked.
FILTER_MAPPINGS = (SKOS + "exactMatch", SKOS + "closeMatch", SKOS + "narrowMatch")


@dataclass
class Expansion:
    """The concepts of a filter list, sorted by label then IRI, each with the values `--as` asked for."""

    roots: list[str]
    concepts: list[dict] = field(default_factory=list)  # {"iri", "label", "values": [str]}

    def values(self) -> list[str]:
        """Every value once, sorted (numerically when all are numbers, as tag ids are)."""
        found = {v for c in self.concepts for v in c["values"]}
        if found and all(v.isdigit() for v in found):
            return sorted(found, key=int)
        return sorted(found, key=lambda v: (v.casefold(), v))


def split_args(args: tuple[str, ...] | list[str]) -> tuple[list[str], tuple[str, ...]]:
    """(TERMs, FILES) of `expand TERM... [FILES]...`: files start at the first argument naming an existing file."""
    for i, arg in enumerate(args):
        if os.path.isfile(arg):
            return list(args[:i]), tuple(args[i:])
    return list(args), ()


def parse_facets(pairs: tuple[str, ...] | list[str], vocab: Vocabulary, lookup: Lookup) -> list[tuple[str, str]]:
    """`--facet NAME=VALUE` options as (property IRI, value IRI): NAME is perspective, consent, audience or any
    property as IRI or CURIE; VALUE is resolved as `show` resolves terms."""
    found = []
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name or not value:
            raise UsageError(f"--facet {pair}: write NAME=VALUE, e.g. --facet consent=\"Without agreement\"")
        prop = FACETS.get(name)
        if prop is None:
            prefix, colon, local = name.partition(":")
            if colon and prefix in vocab.prefixes:
                prop = vocab.prefixes[prefix] + local
            elif "://" in name:
                prop = name
            else:
                raise UsageError(f"--facet {pair}: {name!r} is not a facet; use {', '.join(FACETS)} "
                                 "or a property IRI or CURIE")
        found.append((prop, lookup.resolve(value).iri))
    return found


def _linked(vocab: Vocabulary, concepts: set[str], props: tuple[str, ...]) -> set[str]:
    """IRIs linked to `concepts` by `props`, in either direction (skos:related is symmetric, SKOS reference 8.6.7;
    tk:counterpart is declared symmetric)."""
    if not concepts:
        return set()
    rows = vocab.rows("SELECT ?o WHERE { { ?c ?p ?o } UNION { ?o ?p ?c } FILTER(isIRI(?o)) }",
                      {"c": [ox.NamedNode(c) for c in sorted(concepts)], "p": [ox.NamedNode(p) for p in props]})
    return {o.value for (o,) in rows}


def _values(vocab: Vocabulary, lookup: Lookup, iris: list[str], output: str) -> dict[str, list[str]]:
    if output == "iri":
        return {i: [i] for i in iris}
    if output == "label":
        return {i: [lookup.label(i)] for i in iris}
    found: dict[str, set[str]] = defaultdict(set)
    props = LABEL_KINDS[:3] if output == "labels" else FILTER_MAPPINGS
    rows = vocab.rows("SELECT ?c ?o WHERE { ?c ?p ?o }",
                      {"c": [ox.NamedNode(i) for i in iris], "p": [ox.NamedNode(p) for p in props]})
    prefix = TAG_SYSTEMS.get(output, "")
    for c, o in rows:
        if output == "labels" and isinstance(o, ox.Literal):
            found[c.value].add(o.value)
        elif isinstance(o, ox.NamedNode) and o.value.startswith(prefix) and o.value[len(prefix):]:
            found[c.value].add(o.value[len(prefix):])
    return {i: sorted(found.get(i, set())) for i in iris}


def expand(vocab: Vocabulary, terms: list[str], *, related: bool = False, counterparts: bool = False,
           facets: tuple[str, ...] | list[str] = (), output: str = "iri", lang: str = "en") -> Expansion:
    """The filter list for `terms` (IRI, CURIE or any label): the terms and everything under them (transitive
    narrower, cycle-safe); with `counterparts` and `related`, the concepts one link away from that set and
    everything under those; with `facets`, the concepts having each facet value (not what is under them)."""
    if output not in OUTPUTS:
        raise UsageError(f"--as {output}: use one of {', '.join(OUTPUTS)}")
    lookup = Lookup(vocab, lang)
    roots = [lookup.resolve(term).iri for term in terms]
    tagged: set[str] = set()
    for prop, value in parse_facets(facets, vocab, lookup):
        tagged |= {c.value for (c,) in vocab.rows("SELECT ?c WHERE { ?c ?p ?v }",
                                                  {"p": [ox.NamedNode(prop)], "v": [ox.NamedNode(value)]})
                   if isinstance(c, ox.NamedNode)}
    if not roots and not facets:
        raise UsageError("expand: give at least one TERM or --facet NAME=VALUE")
    found = descendants(vocab, roots)
    extra: tuple[str, ...] = ((TK + "counterpart",) if counterparts else ()) + ((SKOS + "related",) if related else ())
    if extra:
        found |= descendants(vocab, sorted(_linked(vocab, found, extra)))
    # Facet hits are added as they are: a grouping concept carries the values of all its members (ntr-family has
    # both consents), so taking what is under it would add members without the value.
    found |= tagged
    iris = sorted(found, key=lambda i: (lookup.label(i).casefold(), i))
    values = _values(vocab, lookup, iris, output)
    concepts = [{"iri": i, "label": lookup.label(i), "values": values[i]} for i in iris]
    return Expansion(sorted(set(roots)), concepts)


def render(expansion: Expansion, fmt: str, output: str) -> str:
    """text: each value once, one a line; csv: one row per concept and value (iri, label, value); json: the
    roots and every concept with its values."""
    if fmt == "json":
        data = {"roots": expansion.roots, "as": output, "concepts": expansion.concepts, "values": expansion.values()}
        return json_text(data)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["iri", "label", output])
        for c in expansion.concepts:
            for value in c["values"] or [""]:
                writer.writerow([c["iri"], c["label"], value])
        return buffer.getvalue()
    if fmt == "text":
        return "".join(f"{v}\n" for v in expansion.values())
    raise UsageError(f"--format {fmt}: use one of {', '.join(FORMATS)}")
