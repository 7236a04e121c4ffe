"""Validation: SKOS integrity conditions, qSKOS quality issues, curator checks and our SHACL shapes, as rules.

A rule is a SPARQL file in checks/ with a header (rules.py reads it); structural rules name a Python analysis
(analyses.py, homonyms.py). runner.validate() returns a Report of findings as data; reports.py renders it (one
registry, which also gives --format its choices); fixes.py writes repaired copies; settings.py reads
[tool.tropekg]; shapes.py runs pySHACL; blanks.py names blank nodes stably.

The package is callable: `tropekg.validate(vocab, select=None, ignore=None, fail_on="warning")` is runner.validate,
through remote.validate (which runs the rules at the endpoint when the vocabulary lives at one).
"""

from __future__ import annotations

from .. import callable_package

callable_package(__name__, "tropekg.validate.remote", "validate")
