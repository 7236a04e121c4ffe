"""Pictures of a vocabulary: every view format in one registry, and `draw()` that selects and renders.

Importing this package is light (no RDF library or networkx), so the CLI can offer the registry's keys as
--format choices.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary
    from .scene import Selection


@dataclass(frozen=True)
class Format:
    """One view format: module.function turns a scene into bytes."""

    module: str
    function: str
    media_type: str
    binary: bool = False


# How svg, png and html are laid out, by Graphviz program (view.graphviz); "auto" chooses by the scene.
ENGINES = {"hierarchy": "dot", "radial": "twopi", "force": "sfdp"}
LAYOUTS = ("auto", *ENGINES)

FORMATS: dict[str, Format] = {
    "dot": Format("formats", "dot", "text/vnd.graphviz"),
    "graphml": Format("formats", "graphml", "application/graphml+xml"),
    "gexf": Format("formats", "gexf", "application/gexf+xml"),
    "mermaid": Format("formats", "mermaid", "text/vnd.mermaid"),
    "svg": Format("formats", "svg", "image/svg+xml"),
    "png": Format("formats", "png", "image/png", binary=True),
    "html": Format("page", "html", "text/html"),
}


def draw(vocab: Vocabulary, fmt: str, selection: Selection | None = None) -> bytes:
    """The picture of `selection` in `vocab` as `fmt` (a FORMATS key), as bytes (text formats in UTF-8)."""
    from ..errors import UsageError
    from .scene import Selection, select

    spec = FORMATS.get(fmt)
    if spec is None:
        raise UsageError(f"--format {fmt}: unknown; choose one of {', '.join(FORMATS)}")
    render = getattr(importlib.import_module(f"{__name__}.{spec.module}"), spec.function)
    return render(select(vocab, selection or Selection()))


__all__ = ["ENGINES", "FORMATS", "LAYOUTS", "Format", "draw"]
