"""Progress reporting for long work: the library calls a callback, the CLI decides whether to show it."""

from __future__ import annotations

import threading
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")


class Progress(Protocol):
    """Told what stage long work is in; `done` of `total` steps when countable."""

    def __call__(self, stage: str, done: int | None = None, total: int | None = None) -> None: ...


def silent(stage: str, done: int | None = None, total: int | None = None) -> None:
    """The default: report nothing (output that is not a terminal stays clean)."""


class Background(Generic[T]):
    """`function(*args)` started on a daemon thread; result() waits for it and returns (or raises) its outcome.

    Daemon, unlike concurrent.futures' workers: when loading fails, the process exits at once instead of waiting
    for work whose result nobody will read."""

    def __init__(self, function, *args) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(function, args), daemon=True)
        self._thread.start()

    def _run(self, function, args) -> None:
        try:
            self._value = function(*args)
        except BaseException as e:  # handed to the caller of result(), on its thread
            self._error = e

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value
