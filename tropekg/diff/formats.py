"""The one place a diff is rendered in a format of the registry (tropekg.diff.FORMATS)."""

from __future__ import annotations

import importlib

from ..errors import UsageError
from . import FORMATS
from .result import Diff


def render(result: Diff, fmt: str, color: bool = False) -> str:
    """The diff as `fmt`, one of FORMATS; colour only for text, when the caller asks."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: unknown; choose one of {', '.join(FORMATS)}")
    module, function = FORMATS[fmt]
    return getattr(importlib.import_module(f"{__package__}.{module}"), function)(result, color)
