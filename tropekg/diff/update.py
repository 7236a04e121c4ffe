"""The diff as a SPARQL 1.1 Update that turns OLD into NEW in a triplestore fed by `publish`."""

from __future__ import annotations

import re

from .result import Diff

_BLANK = re.compile(r"(?<![^\s])_:(h[0-9a-f]+)-(\d+)(?=\s)")


def sparql_update(result: Diff, color: bool = False) -> str:
    """DELETE DATA for the triples gone, INSERT DATA for the new ones (SPARQL 1.1 Update 3.1.1, 3.1.2).

    DELETE DATA may not name blank nodes (3.1.2), so each tree of blank nodes gone is deleted by a DELETE WHERE
    whose pattern is the tree with its blank nodes as variables (3.1.3.3). Inserted trees keep blank node labels,
    suffixed per tree, so two alike trees stay two nodes as in NEW."""
    u = result.update
    ops = []
    if u.delete:
        ops.append(_block("DELETE DATA", u.delete))
    ops += [_block("DELETE WHERE", [_BLANK.sub(r"?\1_\2", line) for line in tree]) for tree in u.delete_trees]
    inserted = u.insert + [line for tree in u.insert_trees for line in tree]
    if inserted:
        ops.append(_block("INSERT DATA", inserted))
    head = (f"# SPARQL 1.1 Update from tropekg diff: {result.triples['removed']} triples deleted, "
            f"{result.triples['added']} inserted\n")
    return head + " ;\n".join(ops) + ("\n" if ops else "")


def _block(operation: str, lines: list[str]) -> str:
    return f"{operation} {{\n" + "".join(f"  {line}\n" for line in lines) + "}"
