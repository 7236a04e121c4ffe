"""Blank nodes named by what is said about them, never by the ids a parser invents: one module for view, validate
and diff.

Oxigraph gives every blank node a random id on each load, so a name must come from the statements. Two namings,
for two questions:

- `content_names`: what a node says, bottom-up (its statements with the blank nodes below it named the same way):
  the same content in two versions of a file gets the same name, so `diff` matches blank nodes by content.
- `stable_names`: where a node stands, for findings and drawings: its statements in both directions, refined a
  few rounds with its blank neighbours' names, so the same input names them the same every run.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from .vocabulary import Vocabulary

_ROUNDS = 2  # stable_names' refinement rounds: a node's own statements, then its blank neighbours' names folded in


def _digest(lines: list[str]) -> str:
    """The one hash of a blank node's description: SHA-1 of its statement lines, in the (sorted) order given."""
    return hashlib.sha1("\n".join(lines).encode("utf-8")).hexdigest()


def content_names(out: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """Raw blank node term ("_:id") -> "_:h" + a hash of its statements (`out`: node -> [(predicate, object)] as
    N-Triples terms) with the blank nodes below it named the same way, computed bottom-up without recursion (RDF
    lists nest thousands deep). A blank node met again on its own path (a cycle of blank nodes, rare in
    vocabularies) stands as "[cycle]" in the hash of the nodes that reach it."""
    names: dict[str, str] = {}
    for start in out:
        if start in names:
            continue
        stack = [(start, False)]
        open_nodes: set[str] = set()
        while stack:
            node, ready = stack.pop()
            if node in names or (not ready and node in open_nodes):
                continue
            if ready:
                open_nodes.discard(node)
                body = [f"{p} {names.get(o, '[cycle]') if o.startswith('_:') else o}" for p, o in out.get(node, ())]
                names[node] = "_:h" + _digest(sorted(body))[:20]
                continue
            open_nodes.add(node)
            stack.append((node, True))
            stack.extend((o, False) for _, o in out.get(node, ())
                         if o.startswith("_:") and o not in names and o not in open_nodes)
    return names


def stable_names(vocab: Vocabulary, ids: set[str]) -> dict[str, str]:
    """{"_:id": "_:b<hash>"} for the blank nodes among `ids` (strings "_:id"; others are left out).

    A node is named by a hash of its statements in both directions, blank neighbours first as "[]" and then by
    their own hash (the first rounds of the refinement that RDF canonicalisation starts with; a full RDFC-1.0 per
    finding would cost more than the check). Nodes that still tie are alike two steps out and get -1, -2, ... in
    an order that can differ between runs; what is said about them is then alike too."""
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
        known = {text: _both_ways(statements[text], known) for text in known}
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


def _both_ways(statements: tuple[list[tuple], list[tuple]], known: dict[str, str]) -> str:
    def term(t) -> str:
        if isinstance(t, ox.BlankNode):
            return f"[{known.get(f'_:{t.value}', '')}]"
        return str(t)

    out, into = statements
    return _digest(sorted(f"> {p} {term(o)}" for p, o in out) + sorted(f"< {term(s)} {p}" for s, p in into))
