"""Progress reporting for long work: the library calls a callback; the CLI picks silent() or terminal()."""

from __future__ import annotations

from typing import Protocol, TextIO


class Progress(Protocol):
    """Told what stage long work is in; `done` of `total` steps when countable."""

    def __call__(self, stage: str, done: int | None = None, total: int | None = None) -> None: ...


def silent(stage: str, done: int | None = None, total: int | None = None) -> None:
    """The default: report nothing (output that is not a terminal stays clean)."""


class Terminal:
    """A progress callback that rewrites one line of `stream` in place, only when it is a terminal (pipes and
    files stay clean); done() clears the line."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = stream.isatty()

    def __call__(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        if self.shown:
            count = f" {done}/{total}" if total else ""
            self.stream.write(f"\r\x1b[K{stage}{count}")
            self.stream.flush()

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
