"""Serving the graph: a read-only SPARQL endpoint (front.py: an asyncio front over Oxigraph's own server, run by
oxigraph.py; endpoint.py: what each request may do) and publishing into a triplestore by the Graph Store
Protocol (publish.py).

The package is callable: `tropekg.serve(vocab, host, port)` is workers.serve.
"""

from __future__ import annotations

from .. import callable_package

callable_package(__name__, "tropekg.serve.workers", "serve")
