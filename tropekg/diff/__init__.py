"""`tropekg diff OLD NEW`: what changed between two versions of a vocabulary, as data (Diff) and as reports.

compare(old, new) matches concepts by IRI and blank nodes by content and returns a Diff; diff_files() loads
both sides first. Every report format is one entry of FORMATS; importing this package loads no RDF library, so
the CLI can offer the keys as --format choices.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .result import Diff

# format -> (module, function): each function takes (Diff, color) and returns the report text.
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("report", "text"),
    "json": ("report", "json_document"),
    "markdown": ("report", "markdown"),
    "sparql": ("update", "sparql_update"),
}
FAIL_ON = ("breaking", "any")


def render(result: Diff, fmt: str, color: bool = False) -> str:
    """The diff as `fmt`, one of FORMATS."""
    from ..errors import UsageError

    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: unknown; choose one of {', '.join(FORMATS)}")
    module, function = FORMATS[fmt]
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)(result, color)


def __getattr__(name: str):
    # The API, imported on first use: compare and diff_files need pyoxigraph, the registry above does not.
    places = {"compare": "comparison", "diff_files": "comparison", "Diff": "result", "mirror": "result"}
    if name not in places:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{places[name]}"), name)


__all__ = ["FAIL_ON", "FORMATS", "Diff", "compare", "diff_files", "mirror", "render"]
