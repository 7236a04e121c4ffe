"""Where the bundled taxonomy and ontology are: beside the package in a checkout, inside it in a wheel."""

from __future__ import annotations

from pathlib import Path

from ..errors import LoadError

_PACKAGE = Path(__file__).resolve().parent.parent  # tropekg/


def bundled_dir(name: str) -> Path:
    """The folder `taxonomy` or `ontology`: tropekg/data/NAME in a wheel, NAME at the repo root in a checkout."""
    for candidate in (_PACKAGE / "data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise LoadError(f"{name}/: the bundled {name} is missing; reinstall tropekg (pip install .)")


def ontology_file(name: str) -> Path:
    """One file of ontology/: tropekg.ttl (OWL), shapes.ttl (SHACL) or context.jsonld (JSON-LD)."""
    return bundled_dir("ontology") / name


def bundled_sources() -> list[Path]:
    """The files the bundled graph is made of: every taxonomy/*.ttl and the OWL ontology, in a stable order."""
    return sorted(bundled_dir("taxonomy").glob("*.ttl")) + [ontology_file("tropekg.ttl")]
