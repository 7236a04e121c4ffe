"""Reconciliation: matching messy tag text (a spreadsheet column, OpenRefine's queries) to concepts, with scores a
curator can trust. index.py builds what is matched against, engine.py scores candidates, service.py answers the
W3C Reconciliation Service API (0.2 and 1.0-draft) for `tropekg serve`, table.py reconciles a table's column for
`tropekg reconcile`."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the package names its own modules only by string (see _module)
    from ..vocabulary import Vocabulary


def _module(name: str):
    # By name, as compare and view do: a package that imports its own modules would import itself back (test_meta).
    return importlib.import_module(f"{__name__}.{name}")


def reconciler(vocab: Vocabulary) -> Any:
    """The matching engine over `vocab` (engine.Reconciler: match, suggest, types)."""
    return _module("engine").Reconciler(_module("index").build(vocab))


def service(vocab: Vocabulary) -> Any:
    """The HTTP side of reconciliation over `vocab`, its index built now: Service.handle answers one request."""
    return _module("service").Service(_module("index").build(vocab))


def reconcile_table(vocab: Vocabulary, table: str, column: str, **options) -> Any:
    """A table's column reconciled (table.reconcile_table: separator, types, lang, expand, progress)."""
    return _module("table").reconcile_table(vocab, table, column, **options)


__all__ = ["reconcile_table", "reconciler", "service"]
