"""The errors the library raises; the CLI turns each into one line on stderr and exit code 2 (1 for LookupFailed
and ServerFailed)."""

from __future__ import annotations


class TropekgError(Exception):
    """Something stopped a command from running; the message names the place and the fix."""


class LoadError(TropekgError):
    """An input file could not be read or parsed."""


class LookupFailed(TropekgError):
    """A term given by the user matches no concept, or several."""

    def __init__(self, message: str, candidates: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        # (iri, label) pairs: the ambiguous matches, or the closest labels for "did you mean".
        self.candidates = candidates or []


class QueryError(TropekgError):
    """A SPARQL query could not be parsed or run."""


class ExportError(TropekgError):
    """An output could not be written."""


class UsageError(TropekgError):
    """An option or argument has a value the command cannot use."""


class Refused(TropekgError):
    """A store refused one query (the message names it and the store's reason); other queries may still run."""


class ServerFailed(TropekgError):
    """A server stopped because a process it runs could not be kept up (exit 1, so a supervisor restarts it)."""
