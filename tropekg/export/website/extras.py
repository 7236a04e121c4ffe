"""Each concept's own statements (it as subject), the description beside its page, read in one pass over
the canonical lines; what the page shows comes from the concept record (tropekg.record)."""

from __future__ import annotations

from itertools import groupby

from ...ntriples import canonical_lines


def statements(vocab, concepts: set[str]) -> dict[str, list[str]]:
    """{concept IRI: its canonical N-Triples lines} for every IRI of `concepts`."""
    out: dict[str, list[str]] = {iri: [] for iri in concepts}
    for subject, group in groupby(canonical_lines(vocab), key=lambda line: line[: line.index(" ")]):
        if subject[1:-1] in out:
            out[subject[1:-1]] = list(group)
    return out

