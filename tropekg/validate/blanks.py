"""Stable names for the blank nodes that findings mention, so the same input gives the same report every run."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from ..vocabulary import Vocabulary

_ROUNDS = 2  # refinement rounds: a node's own statements, then its blank neighbours' names folded in


def stable_names(vocab: Vocabulary, ids: set[str]) -> dict[str, str]:
    """{"_:id": "_:b<hash>"} for the blank nodes among `ids` (strings "_:id"; others are left out).

    Oxigraph gives every blank node a random id on each load. Here a node is named by a hash of its statements in
    both directions, blank neighbours first as "[]" and then by their own hash (the first rounds of the refinement
    that RDF canonicalisation starts with; a full RDFC-1.0 per finding would cost more than the check). Nodes that
    still tie are alike two steps out and get -1, -2, ... in an order that can differ between runs; what is said
    about them is then alike too."""
    nodes = {}
    for text in ids:
        if text.startswith("_:"):
            try:
                nodes[text] = ox.BlankNode(text[2:])
            except ValueError:  # not a blank node id (a literal value that reads like one)
                continue
    statements = {text: _statements(vocab, node) for text, node in nodes.items()}
    known = {text: "" for text, found in statements.items() if found[0] or found[1]}
    for _ in range(_ROUNDS):
        known = {text: _digest(statements[text], known) for text in known}
    ties: dict[str, list[str]] = {}
    for text, digest in known.items():
        ties.setdefault(digest, []).append(text)
    names = {}
    for digest, members in ties.items():
        for n, text in enumerate(sorted(members), 1):
            names[text] = f"_:b{digest[:16]}" + (f"-{n}" if len(members) > 1 else "")
    return names


def _statements(vocab: Vocabulary, node: ox.BlankNode) -> tuple[list[tuple], list[tuple]]:
    out = [(q.predicate, q.object) for q in vocab.store.quads_for_pattern(node, None, None)]
    into = [(q.subject, q.predicate) for q in vocab.store.quads_for_pattern(None, None, node)]
    return out, into


def _digest(statements: tuple[list[tuple], list[tuple]], known: dict[str, str]) -> str:
    def term(t) -> str:
        if isinstance(t, ox.BlankNode):
            return f"[{known.get(f'_:{t.value}', '')}]"
        return str(t)

    out, into = statements
    lines = sorted(f"> {p} {term(o)}" for p, o in out) + sorted(f"< {term(s)} {p}" for s, p in into)
    return hashlib.sha1("\n".join(lines).encode("utf-8")).hexdigest()
