"""Serving the graph: a read-only SPARQL endpoint (front.py: an asyncio front over Oxigraph's own server, run by
oxigraph.py; endpoint.py: what each request may do) and publishing into a triplestore by the Graph Store
Protocol (publish.py).

The API is `serve(vocab, host, port, ...)`, also `tropekg.serve`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary


def serve(vocab: Vocabulary, *args: Any, **kwargs: Any) -> None:
    """workers.serve (the same arguments): serve `vocab` until interrupted. Imported on first use."""
    # By name, as compare and view do: a package that imports its own modules would import itself back (test_meta).
    importlib.import_module(f"{__name__}.workers").serve(vocab, *args, **kwargs)


__all__ = ["serve"]
