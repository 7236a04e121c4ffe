"""CPython's cycle collector paused while the library builds many small acyclic objects (records, findings)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The cycle collector off within (as it was after). The records, findings and hierarchies the library
    builds are hundreds of thousands of small lists, dicts and tuples with no cycle among them: the collector
    would rescan them again and again as they pile up (a large share of the record scan), and once more when it
    is back on, so a caller drops what it no longer needs inside: freed objects leave the collector's count."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
