"""tropekg: a knowledge graph of fiction tropes as SKOS, and the tools to check, query and export it."""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__version__ = "0.1.0"

# The public API. Imported lazily so `tropekg --help` stays fast: rdflib and pyoxigraph load only when a
# function that needs them is first used.
_API = {
    "load": "tropekg.sources.reader",
    "Vocabulary": "tropekg.vocabulary",
    "describe": "tropekg.lookup",
    "resolve": "tropekg.lookup",
    "stats": "tropekg.query.census",
    "validate": "tropekg.validate",
    "Report": "tropekg.validate.runner",
    "Finding": "tropekg.validate.runner",
    "draw": "tropekg.view",
    "compare": "tropekg.compare",
    "Selection": "tropekg.view.scene",
    "render": "tropekg.export",
    "export_to": "tropekg.export",
    "ExportOptions": "tropekg.export",
    "build_release": "tropekg.export.release",
    "import_to": "tropekg.ingest",
    "expand": "tropekg.query.expansion",
    "search": "tropekg.query.search",
    "publish": "tropekg.serve.publish",
    "serve": "tropekg.serve",
    "named_queries": "tropekg.query.sparql",
    "TropekgError": "tropekg.errors",
    "LoadError": "tropekg.errors",
    "LookupFailed": "tropekg.errors",
    "QueryError": "tropekg.errors",
    "ExportError": "tropekg.errors",
    "UsageError": "tropekg.errors",
}

__all__ = ["__version__", *_API]


def callable_package(package: str, module: str, function: str) -> None:
    """Make `package` callable as `module.function`. `tropekg.validate(vocab)` and `tropekg.serve(vocab)` are the
    public API, and validate/ and serve/ are also packages: importing a subpackage sets the parent's attribute
    to the package (Python's import system does), so the package itself has to answer the call."""

    class CallablePackage(types.ModuleType):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return getattr(importlib.import_module(module), function)(*args, **kwargs)

    sys.modules[package].__class__ = CallablePackage


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'tropekg' has no attribute {name!r}")
    if module == f"tropekg.{name}":  # a callable package (validate, serve)
        return importlib.import_module(module)
    return getattr(importlib.import_module(module), name)
