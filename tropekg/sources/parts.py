"""Answers read in parts below an endpoint's row cap (Virtuoso's ResultSetMaxRows, 10,000 by default, as DBpedia's):
a query's solutions or triples split by a hash of one variable's value, each part one request.

A part is the query wrapped with filters (SPARQL 1.1 Query 17.4.6.1, MD5): the rows whose ?v has an MD5 starting
with one hex digit, 16 parts, and the rows where ?v is unbound or a blank node (which STR() cannot hash) as a 17th.
A part still cut is split again: by a longer prefix, or by the next variable (for the 17th, or when the
prefix is MAX_PREFIX long: then it is mostly one value, as one subject's many statements). The hash, not ranges
of the values, because it needs nothing known about them and gives parts of even size; not LIMIT/OFFSET, which
partitions only under ORDER BY (SPARQL 1.1 Query 15.4-15.5) and which Virtuoso refuses past MaxSortedTopRows."""

from __future__ import annotations

import re

__all__ = ["HEX", "MAX_PREFIX", "Part", "children", "construct_part", "select_part", "variables_of_template"]

HEX = "0123456789abcdef"
MAX_PREFIX = 2  # 256 parts of one variable; a part still cut is mostly one value: split by the next variable
Part = tuple[tuple[str, str | None], ...]  # (variable, hex prefix) pairs; None: the rows it cannot hash
_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


def children(part: Part, variables: list[str]) -> list[Part]:
    """The parts a cut `part` splits into ([] when it cannot be split further)."""
    if part and part[-1][1] is not None and len(part[-1][1]) < MAX_PREFIX:
        var, prefix = part[-1]
        return [(*part[:-1], (var, prefix + h)) for h in HEX]
    # The rows this variable cannot hash, or too many of one value (a subject's statements): by the next one.
    used = {v for v, _ in part}
    rest = [v for v in variables if v not in used]
    if not rest:
        return []
    return [*((*part, (rest[0], h)) for h in HEX), (*part, (rest[0], None))]


def _filters(part: Part) -> str:
    return " ".join(f'FILTER((isIRI(?{v}) || isLiteral(?{v})) && STRSTARTS(MD5(STR(?{v})), "{p}"))' if p is not None
                    else f"FILTER(!BOUND(?{v}) || isBlank(?{v}))" for v, p in part)


def select_part(text: str, variables: list[str], part: Part) -> str:
    """A SELECT's `part`: the query as a subquery, its own columns projected in its order."""
    return f"SELECT {' '.join('?' + v for v in variables)} WHERE {{ {{\n{text}\n}}\n{_filters(part)} }}"


def construct_part(text: str, part: Part) -> str:
    """A `CONSTRUCT {template} WHERE {pattern}`'s `part`: the pattern as a group, filtered."""
    masked = re.sub(r"(?m)^\s*#.*$", lambda m: " " * len(m.group()), text)
    found = _WHERE.search(masked)
    return f"{text[:found.start()]}WHERE {{ {text[found.end() - 1:]}\n{_filters(part)} }}"


def variables_of_template(text: str) -> list[str]:
    """The variables of a CONSTRUCT's template, in order (the subject's first)."""
    masked = re.sub(r"(?m)^\s*#.*$", "", text)
    found = _WHERE.search(masked)
    return list(dict.fromkeys(re.findall(r"\?(\w+)", masked[:found.start()] if found else masked)))
