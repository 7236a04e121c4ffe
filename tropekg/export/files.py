"""File names made from IRIs and labels, and folders written whole: built beside the target, renamed into place."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from ..errors import ExportError
from ..output.progress import Progress, silent

MARKER = ".tropekg-export"  # in every folder we write, so a re-export may replace it and nothing else
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?", re.I)  # Windows: Naming Files, MSDN
_MAX_BYTES = 100  # file systems allow 255 bytes per name; leave room for suffixes and temporary names


def safe_stem(text: str) -> str:
    """A file name stem from any text: letters, digits, '-' and '_' only (no separators, dots, NUL or controls),
    at most 100 UTF-8 bytes, never empty and never a Windows device name."""
    kept = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in unicodedata.normalize("NFC", text))
    stem = re.sub(r"-{2,}", "-", kept).strip("-_") or "concept"
    while len(stem.encode("utf-8")) > _MAX_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip("-_") or "concept"
    return f"{stem}_" if _RESERVED.fullmatch(stem) else stem


def iri_stem(iri: str) -> str:
    """The text a file name is made from for `iri`: its last path or fragment segment (pages already published
    under these names keep them; labels.local_name would also split at ':')."""
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def unique_stems(wanted: dict[str, str]) -> dict[str, str]:
    """{key: safe stem} for {key: wanted text}; stems that would clash on a case-insensitive file system all get
    a hash of their key, so adding a concept never renames the page of another unless they clash."""
    stems = {key: safe_stem(text) for key, text in wanted.items()}
    count: dict[str, int] = {}
    for stem in stems.values():
        count[stem.casefold()] = count.get(stem.casefold(), 0) + 1
    out = {}
    for key, stem in stems.items():
        if count[stem.casefold()] > 1 or stem.casefold() in ("index", "hierarchy"):
            digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
            stem = f"{stem[: _MAX_BYTES - 9]}-{digest}"
        out[key] = stem
    return out


def _inside(root: str | Path, relative: str) -> str:
    """root/relative, refusing any relative path that could leave root (checked on the text: resolving every one
    of many thousand page paths costs a system call per path component)."""
    parts = relative.split("/")
    if not relative or relative.startswith("/") or "\\" in relative or "\0" in relative or ":" in parts[0] \
            or any(part in ("", ".", "..") for part in parts):
        raise ExportError(f"{relative}: would be written outside {root}; this is a bug, please report it")
    return os.path.join(root, *parts)


def _write_new(path: str, data: bytes) -> None:
    """open(path, "wb").write(data) in three system calls: a site is tens of thousands of small files, and the
    buffered file object's set-up (pathlib, fstat, isatty) cost more than the writes."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _replaceable(target: Path) -> bool:
    if not target.exists():
        return True
    if not target.is_dir():
        return False
    return (target / MARKER).exists() or not any(target.iterdir())


def write_folder(target: Path, files: dict[str, bytes] | Iterable[tuple[str, bytes]],
                 progress: Progress = silent) -> None:
    """Write `files` ({relative path: bytes}, or such pairs made one at a time) as the folder `target`: built in
    a temporary folder beside it and renamed into place, so an interrupted export leaves the previous folder
    intact and no partial file.

    An existing `target` is replaced only when it is empty or an earlier export (it holds the marker file)."""
    if not _replaceable(target):
        raise ExportError(f"{target}: exists and is not an earlier tropekg export; choose a new or empty directory")
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    except OSError as e:
        raise ExportError(f"{target}: cannot write here ({e.strerror}); choose another -o path") from e
    old = parent / f".{target.name}.old"
    try:
        (tmp / MARKER).write_bytes(b"")
        made = {str(tmp)}
        total = len(files) if isinstance(files, dict) else None
        for done, (relative, data) in enumerate(files.items() if isinstance(files, dict) else files):
            if not done % 1000:  # a progress line per file would cost more than the file
                progress(f"writing {target}", done, total)
            path = _inside(tmp, relative)
            folder = os.path.dirname(path)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            _write_new(path, data)
        os.chmod(tmp, 0o755)
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)
        if old.exists() and not target.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
