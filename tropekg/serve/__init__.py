"""Serving the graph: a read-only SPARQL endpoint (endpoint.py: a guarded front over Oxigraph's own server,
run by oxigraph.py) and publishing into a triplestore by the Graph Store Protocol (publish.py).

The package is callable: `tropekg.serve(vocab, host, port)` is endpoint.serve.
"""

from __future__ import annotations

from .. import callable_package

callable_package(__name__, "tropekg.serve.endpoint", "serve")
