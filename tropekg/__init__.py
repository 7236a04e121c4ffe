"""tropekg: a knowledge graph of fiction tropes as SKOS, and the tools to check, query and export it."""

from __future__ import annotations

import importlib
from typing import Any

# Three capabilities are both a package and the function that is their API: tropekg.validate(vocab),
# tropekg.serve(vocab) and tropekg.compare(vocab, terms). Each package's __init__ defines its function and is
# light (no RDF library); importing the function here binds the name to it. Python binds a subpackage to its
# parent's name only when it first loads it (Language Reference, 5.4.2), which this import has done, so a later
# `import tropekg.validate.runner` leaves tropekg.validate the function.
from .compare import compare
from .serve import serve
from .validate import validate

__version__ = "0.1.0"

# The rest of the public API, imported on first use so `tropekg --help` stays fast: rdflib and pyoxigraph load
# only when a function that needs them is first used (PEP 562 module __getattr__).
_API = {
    "load": "tropekg.sources.reader",
    "Vocabulary": "tropekg.vocabulary",
    "describe": "tropekg.lookup",
    "resolve": "tropekg.lookup",
    "stats": "tropekg.query.census",
    "Report": "tropekg.validate.findings",
    "Finding": "tropekg.validate.findings",
    "draw": "tropekg.view",
    "Selection": "tropekg.view.scene",
    "render": "tropekg.export",
    "export_to": "tropekg.export",
    "ExportOptions": "tropekg.export",
    "build_release": "tropekg.release",
    "import_to": "tropekg.ingest",
    "expand": "tropekg.query.expansion",
    "search": "tropekg.query.search",
    "publish": "tropekg.serve.publish",
    "named_queries": "tropekg.query.sparql",
    "TropekgError": "tropekg.errors",
    "LoadError": "tropekg.errors",
    "LookupFailed": "tropekg.errors",
    "QueryError": "tropekg.errors",
    "ExportError": "tropekg.errors",
    "UsageError": "tropekg.errors",
}

__all__ = ["__version__", "compare", "serve", "validate", *_API]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'tropekg' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
