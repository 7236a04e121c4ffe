"""Validation: SKOS integrity conditions, qSKOS quality issues, curator checks and our SHACL shapes, as rules.

A rule is a SPARQL file in checks/ with a header (rules.py reads it); structural rules name a Python analysis
(analyses.py, homonyms.py). runner.validate() returns a Report of findings as data; reports.py renders it (one
registry, which also gives --format its choices); fixes.py writes repaired copies; settings.py reads
[tool.tropekg]; shapes.py checks our SHACL shapes. Blank nodes in findings are named by tropekg.blanks.

The API is `validate(vocab, select=None, ignore=None, fail_on="warning", ...)`, also `tropekg.validate`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..vocabulary import Vocabulary


def validate(vocab: Vocabulary, *args: Any, **kwargs: Any) -> Any:  # a runner.Report
    """runner.validate (the same arguments and Report), through remote.validate, which runs the rules at the
    endpoint when the vocabulary lives at one. Imported on first use: the rules are heavy."""
    # By name, as compare and view do: a package that imports its own modules would import itself back (test_meta).
    return importlib.import_module(f"{__name__}.remote").validate(vocab, *args, **kwargs)


__all__ = ["validate"]
