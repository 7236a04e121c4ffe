"""`tropekg diff OLD NEW`: what changed between two versions of a vocabulary, as data (Diff) and as reports.

compare(old, new) matches concepts by IRI and blank nodes by content and returns a Diff; diff_files() loads
both sides first. Every report format is one entry of FORMATS; importing this package loads no RDF library, so
the CLI can offer the keys as --format choices.
"""

from __future__ import annotations

import importlib

# format -> (module, function): each function takes (Diff, color) and returns the report text.
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("report", "text"),
    "json": ("report", "json_document"),
    "markdown": ("report", "markdown"),
    "sparql": ("update", "sparql_update"),
}
FAIL_ON = ("breaking", "any")
# The API, imported on first use (compare and diff_files need pyoxigraph; the registry above does not). This
# package imports none of its modules itself: they import it first, so that would be a cycle.
_API = {"compare": "comparison", "diff_files": "comparison", "Diff": "result", "mirror": "result",
        "render": "formats"}


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_API[name]}"), name)


__all__ = ["FAIL_ON", "FORMATS", "Diff", "compare", "diff_files", "mirror", "render"]
