"""Concepts side by side (`tropekg compare`): what each means, its best use and example, its facet values, media
and themes, what they share and how they are linked; as data, then as text, Markdown, CSV, JSON, HTML or SVG.

Importing this package is light (no RDF library), so the CLI can offer the registry's keys as --format choices.
The API is `compare(vocab, terms, lang="en", children=None)` (table.compare), also `tropekg.compare`, and
`render(comparison, fmt)`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary
    from .table import Comparison

FORMATS = ("text", "markdown", "csv", "json", "html", "svg")


def compare(vocab: Vocabulary, terms: list[str], lang: str = "en", children: str | None = None) -> Comparison:
    """The comparison of the concepts `terms` name, or of the narrower concepts of `children`
    (see table.compare)."""
    # By name, as view.draw does: a package that imports its own modules would import itself back (test_meta).
    return importlib.import_module(f"{__name__}.table").compare(vocab, terms, lang=lang, children=children)


def render(comparison: Comparison, fmt: str) -> str:
    """`comparison` as `fmt` (a FORMATS key)."""
    from ..errors import UsageError

    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: unknown; choose one of {', '.join(FORMATS)}")
    return importlib.import_module(f"{__name__}.formats").FORMATS[fmt](comparison)


__all__ = ["FORMATS", "compare", "render"]
