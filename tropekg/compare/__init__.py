"""Concepts side by side (`tropekg compare`): what each means, its best use and example, its facet values, media
and themes, what they share and how they are linked; as data, then as text, Markdown, CSV, JSON, HTML or SVG.

Importing this package is light (no RDF library), so the CLI can offer the registry's keys as --format choices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary
    from .table import Comparison

FORMATS = ("text", "markdown", "csv", "json", "html", "svg")


def compare(vocab: Vocabulary, terms: list[str], lang: str = "en", children: str | None = None) -> Comparison:
    """The comparison of the concepts `terms` name, or of the narrower concepts of `children`
    (see table.compare)."""
    from .table import compare as build

    return build(vocab, terms, lang=lang, children=children)


def render(comparison: Comparison, fmt: str) -> str:
    """`comparison` as `fmt` (a FORMATS key)."""
    from ..errors import UsageError
    from .formats import FORMATS as RENDERERS

    if fmt not in RENDERERS:
        raise UsageError(f"--format {fmt}: unknown; choose one of {', '.join(FORMATS)}")
    return RENDERERS[fmt](comparison)


__all__ = ["FORMATS", "compare", "render"]
