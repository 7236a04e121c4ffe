"""The concepts an export writes: the core records (tropekg.record) less the deprecated ones unless asked for,
and only one scheme's with --scheme."""

from __future__ import annotations

from ..record import Record, labeller, record_table
from ..vocabulary import Vocabulary
from .options import Options
from .triples import scheme_term

__all__ = ["Record", "labeller", "records"]


def records(vocab: Vocabulary, options: Options) -> list[Record]:
    """The concepts to export, sorted by IRI: deprecated ones only with options.include_deprecated, one scheme's
    only with options.scheme (a concept belongs to every scheme it is in: skos:inScheme, skos:topConceptOf,
    skos:hasTopConcept)."""
    wanted = scheme_term(vocab, options.scheme)[1:-1] if options.scheme else None
    return [rec for rec in record_table(vocab) if (options.include_deprecated or not rec.deprecated)
            and (wanted is None or wanted in rec.schemes)]
