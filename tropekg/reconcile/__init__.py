"""Reconciliation: matching messy tag text (a spreadsheet column, OpenRefine's queries) to concepts, with scores a
curator can trust. index.py builds what is matched against, engine.py scores candidates, service.py answers the
W3C Reconciliation Service API (0.2 and 1.0-draft) for `tropekg serve`, table.py reconciles a table's column for
`tropekg reconcile`."""

from __future__ import annotations

from ..vocabulary import Vocabulary
from .engine import Candidate, Query, Reconciler
from .index import Index, build
from .service import Service
from .table import Reconciled, reconcile_table


def service(vocab: Vocabulary) -> Service:
    """The HTTP side of reconciliation over `vocab` (its index built now): Service.handle answers a request."""
    return Service(build(vocab))


def reconciler(vocab: Vocabulary) -> Reconciler:
    """The matching engine over `vocab`."""
    return Reconciler(build(vocab))


__all__ = ["Candidate", "Index", "Query", "Reconciled", "Reconciler", "Service", "build", "reconcile_table",
           "reconciler", "service"]
