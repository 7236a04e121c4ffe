"""Validation settings from `[tool.tropekg]` in the nearest pyproject.toml (select, ignore, fail-on)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import UsageError

KEYS = ("select", "ignore", "fail-on")


def _toml(path: Path) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: the tomli backport (a dependency there, see pyproject.toml)
        import tomli as tomllib
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: cannot read ({e}); fix the file or run elsewhere") from None
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: not valid TOML ({e}); fix it") from None


def find_pyproject(start: Path | None = None) -> Path | None:
    """The nearest pyproject.toml in `start` (the working directory) or above it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def project_settings(start: Path | None = None) -> dict:
    """{"select": [...], "ignore": [...], "fail-on": str} as far as [tool.tropekg] gives them; {} without one.

    Other keys of [tool.tropekg] belong to other commands and are left alone."""
    path = find_pyproject(start)
    if path is None:
        return {}
    table = _toml(path).get("tool", {}).get("tropekg", {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.tropekg] must be a table")
    found: dict = {}
    for key in KEYS:
        if key not in table:
            continue
        value = table[key]
        if key == "fail-on":
            if not isinstance(value, str):
                raise UsageError(f"{path}: [tool.tropekg] fail-on must be a string (error, warning, info)")
            found[key] = value
        elif isinstance(value, str):
            found[key] = [value]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            found[key] = list(value)
        else:
            raise UsageError(f"{path}: [tool.tropekg] {key} must be a list of rule ids")
    return found
