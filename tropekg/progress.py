"""Progress reporting for long work: the library calls a callback, the CLI decides whether to show it."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Told what stage long work is in; `done` of `total` steps when countable."""

    def __call__(self, stage: str, done: int | None = None, total: int | None = None) -> None: ...


def silent(stage: str, done: int | None = None, total: int | None = None) -> None:
    """The default: report nothing (output that is not a terminal stays clean)."""
