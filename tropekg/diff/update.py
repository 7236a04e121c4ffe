"""The diff as a SPARQL 1.1 Update that turns OLD into NEW in a triplestore fed by `publish`."""

from __future__ import annotations

import re

from .result import Diff

_BLANK = re.compile(r"(?<![^\s])_:(h[0-9a-f]+)-(\d+)(?=\s)")


def sparql_update(result: Diff, color: bool = False) -> str:
    """DELETE DATA for the triples gone, INSERT DATA for the new ones (SPARQL 1.1 Update 3.1.1, 3.1.2), and an
    INSERT/WHERE {} for the new trees of blank nodes.

    DELETE DATA may not name blank nodes (3.1.2), so each tree of blank nodes gone is deleted by a DELETE/WHERE
    whose pattern is the tree with its blank nodes as variables, each held to a blank node by a filter (3.1.3; a
    bare DELETE WHERE would also match an IRI that says the same). Inserted trees keep blank node labels,
    suffixed per tree, so two alike trees stay two nodes as in NEW; they go in an INSERT template, whose blank
    nodes are new ones as in INSERT DATA (3.1.3), since Virtuoso 7 refuses blank nodes in INSERT DATA."""
    u = result.update
    ops = []
    if u.delete:
        ops.append(_block("DELETE DATA", u.delete))
    ops += [_delete_tree(tree) for tree in u.delete_trees]
    if u.insert:
        ops.append(_block("INSERT DATA", u.insert))
    trees = [line for tree in u.insert_trees for line in tree]
    if trees:  # a template's blank nodes are new ones too (3.1.3), and Virtuoso 7 refuses them in INSERT DATA
        ops.append(_block("INSERT", trees) + " WHERE {}")
    head = (f"# SPARQL 1.1 Update from tropekg diff: {result.triples['removed']} triples deleted, "
            f"{result.triples['added']} inserted\n")
    return head + " ;\n".join(ops) + ("\n" if ops else "")


def _delete_tree(tree: list[str]) -> str:
    """A DELETE/WHERE for one tree: its lines with blank nodes as variables, and filters that hold each variable to
    a blank node saying exactly what the tree says, pointed at exactly as the tree points at it, so a pattern
    cannot also match an IRI, a larger node, or a node hanging elsewhere that happens to say the same."""
    lines = [_BLANK.sub(r"?\1_\2", line) for line in tree]
    triples = [line[:-2].split(" ", 2) for line in lines]
    variables = sorted({t for triple in triples for t in triple if t.startswith("?")})
    tests = []
    for v in variables:
        said = [f"sameTerm(?_p, {p}) && sameTerm(?_o, {o})" for s, p, o in triples if s == v]
        into = [f"sameTerm(?_s, {s}) && sameTerm(?_p, {p})" for s, p, o in triples if o == v]
        tests.append(f"isBlank({v})")
        tests.append(f"NOT EXISTS {{ {v} ?_p ?_o" + (f" FILTER(!({' || '.join(f'({x})' for x in said)}))" if said
                                                      else "") + " }")
        tests.append(f"NOT EXISTS {{ ?_s ?_p {v}" + (f" FILTER(!({' || '.join(f'({x})' for x in into)}))" if into
                                                      else "") + " }")
    pattern = "".join(f"  {line}\n" for line in lines)
    where = "".join(f"  FILTER({t})\n" for t in tests)
    return f"DELETE {{\n{pattern}}}\nWHERE {{\n{pattern}{where}}}"


def _block(operation: str, lines: list[str]) -> str:
    return f"{operation} {{\n" + "".join(f"  {line}\n" for line in lines) + "}"
