"""Files read without a store: their triples as N-Triples text in chunks, for exports of vocabularies too large
to hold (issue 27). The same files, formats, errors and prefixes as reader.load; only the store is left out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from ..errors import LoadError
from ..output.progress import Progress, silent
from .prefixes import prefixes_in
from .reader import INPUT_FORMATS, _read_bytes, _syntax_error, format_for, merged_prefixes
from .resources import bundled_sources
from .xmlguard import defuse_xml

PIECE = 4 << 20  # bytes of N-Triples handed on at a time


class Streamed:
    """The files of `paths` (the bundled taxonomy when none): into(add) hands their triples to `add` as N-Triples
    bytes, whole lines a few MB at a time (named graphs merged into the default graph, as load does); `prefixes`
    is complete after."""

    def __init__(self, paths: list[str | Path] | None, input_format: str | None = None,
                 progress: Progress = silent) -> None:
        self.bundled = not paths
        self.files = bundled_sources() if self.bundled else [Path(p) for p in paths or []]
        self.input_format = None if self.bundled else input_format
        self.found: dict[str, str] = {}
        self.progress = progress

    @property
    def prefixes(self) -> dict[str, str]:
        return merged_prefixes(self.found)

    def into(self, add: Callable[[bytes], None]) -> None:
        for done, path in enumerate(self.files):
            self.progress(f"reading {path.name}", done, len(self.files))
            self._file(path, format_for(path, self.input_format), add)

    def _file(self, path: Path, fmt: str, add: Callable[[bytes], None]) -> None:
        raw = _read_bytes(path)
        base = path.resolve().as_uri()
        for p, ns in prefixes_in(raw, fmt, base).items():
            self.found.setdefault(p, ns)
        if fmt == "rdfxml":
            raw = defuse_xml(raw, str(path))
        ox_format = INPUT_FORMATS[fmt][0]
        quads = ox.parse(raw, format=ox_format, base_iri=base)
        if ox_format.supports_datasets:
            quads = (ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        out = _Pieces(add)
        try:
            # Parsed triples go straight to Oxigraph's writer: a list of them in Python took twice the time.
            ox.serialize(quads, out, format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as e:
            raise _syntax_error(path, e) from None
        except (ValueError, OSError) as e:
            raise LoadError(f"{path}: cannot parse as {fmt} ({e}); fix the file or pass --input-format") from None
        out.close()


class _Pieces:
    """The binary file ox.serialize writes to (8 kB at a time): whole lines handed on in pieces of PIECE bytes."""

    def __init__(self, add: Callable[[bytes], None]) -> None:
        self.add, self.parts, self.size = add, [], 0

    def write(self, data: bytes) -> int:
        self.parts.append(data)
        self.size += len(data)
        if self.size >= PIECE:
            text = b"".join(self.parts)
            cut = text.rfind(b"\n") + 1
            self.add(text[:cut])
            self.parts, self.size = [text[cut:]], len(text) - cut
        return len(data)

    def flush(self) -> None:
        """Called by the writer; pieces are handed on by size, and the rest by close()."""

    def close(self) -> None:
        text = b"".join(self.parts)
        if text:
            self.add(text)
        self.parts, self.size = [], 0
