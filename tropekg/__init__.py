"""tropekg: a knowledge graph of fiction tropes as SKOS, and the tools to check, query and export it."""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# The public API. Imported lazily so `tropekg --help` stays fast: rdflib and pyoxigraph load only when a
# function that needs them is first used.
_API = {
    "load": "tropekg.loader",
    "Vocabulary": "tropekg.vocabulary",
    "describe": "tropekg.lookup",
    "resolve": "tropekg.lookup",
    "stats": "tropekg.census",
    "validate": "tropekg.validator",
    "Report": "tropekg.validator",
    "Finding": "tropekg.validator",
    "draw": "tropekg.view",
    "Selection": "tropekg.view.scene",
    "render": "tropekg.export",
    "export_to": "tropekg.export",
    "ExportOptions": "tropekg.export",
    "build_release": "tropekg.export.release",
    "expand": "tropekg.expansion",
    "search": "tropekg.search",
    "publish": "tropekg.graphstore",
    "serve": "tropekg.endpoint",
    "named_queries": "tropekg.sparql",
    "TropekgError": "tropekg.errors",
    "LoadError": "tropekg.errors",
    "LookupFailed": "tropekg.errors",
    "QueryError": "tropekg.errors",
    "ExportError": "tropekg.errors",
    "UsageError": "tropekg.errors",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'tropekg' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
