"""How results leave the program: files written atomically (here: a temporary file beside the target, renamed
into place when complete), the characters each sink can carry (sinks.py), progress on a terminal (progress.py) and
plain-text renderings for it (text.py)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import ExportError


@contextlib.contextmanager
def atomic_file(path: str | Path) -> Iterator[BinaryIO]:
    """Open a temporary file beside `path` for binary writing; rename it onto `path` only if the block succeeds.

    An interrupted or failed write leaves the previous file intact and no partial one (os.replace is atomic
    on POSIX and Windows when both names are on one file system, which a sibling temporary file guarantees).
    """
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"{target}: is a directory; give a file name with -o")
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    except OSError as e:
        raise ExportError(f"{target}: cannot write here ({e.strerror}); choose another -o path") from e
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_output(path: str | Path, data: bytes | str) -> None:
    """Write `data` (str as UTF-8) to `path` atomically; stdout ("-") is the CLI's business."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_file(path) as fh:
        fh.write(raw)
