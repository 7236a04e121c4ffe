"""Reading an import's input file: a size limit, UTF-8 only, errors naming the file and the byte."""

from __future__ import annotations

from pathlib import Path

from ..errors import LoadError

# Tag dumps and tables are read whole; past this size the input is refused instead of exhausting memory (VNDB's
# tag dump is 1.3 MB, the CSV of 100k concepts 29 MB).
MAX_BYTES = 512 * 1024 * 1024


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or LoadError when it is missing, a directory or larger than MAX_BYTES."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise LoadError(f"{path}: is a directory; give the file to import")
        if size > MAX_BYTES:
            raise LoadError(f"{path}: {size:,} bytes is more than import reads ({MAX_BYTES:,}); split the file")
        return path.read_bytes()
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file") from None
    except OSError as e:
        raise LoadError(f"{path}: cannot read ({e.strerror})") from None


def read_text(path: Path) -> str:
    """The file as text; LoadError naming the line and byte where it is not UTF-8 (a BOM is allowed)."""
    raw = read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        column = e.start - raw.rfind(b"\n", 0, e.start)  # in bytes, from 1
        raise LoadError(f"{path}:{line}:{column}: byte 0x{raw[e.start]:02x} is not UTF-8; "
                        "save the file as UTF-8") from None
