"""Files read without a store: their triples as N-Triples text in chunks, for exports of vocabularies too large
to hold (issue 27). The same files, formats, errors and prefixes as reader.load; only the store is left out."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from ..errors import LoadError
from ..output.progress import Progress, silent
from .prefixes import prefixes_in
from .reader import INPUT_FORMATS, _read_bytes, _syntax_error, format_for, merged_prefixes
from .resources import bundled_sources
from .xmlguard import defuse_xml

CHUNK = 200_000  # triples per N-Triples chunk: tens of MB of text


class Streamed:
    """The files of `paths` (the bundled taxonomy when none): iterate chunks() once for their triples as
    N-Triples bytes (named graphs merged into the default graph, as load does); `prefixes` is complete after."""

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

    def chunks(self) -> Iterator[bytes]:
        for done, path in enumerate(self.files):
            self.progress(f"reading {path.name}", done, len(self.files))
            yield from self._file(path, format_for(path, self.input_format))

    def _file(self, path: Path, fmt: str) -> Iterator[bytes]:
        raw = _read_bytes(path)
        for p, ns in prefixes_in(raw, fmt, path.resolve().as_uri()).items():
            self.found.setdefault(p, ns)
        if fmt == "rdfxml":
            raw = defuse_xml(raw, str(path))
        ox_format = INPUT_FORMATS[fmt][0]
        quads = ox.parse(raw, format=ox_format, base_iri=path.resolve().as_uri())
        try:
            while True:
                chunk = list(islice(quads, CHUNK))
                if not chunk:
                    return
                if ox_format.supports_datasets:
                    chunk = [ox.Quad(q.subject, q.predicate, q.object) for q in chunk]
                yield ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as e:
            raise _syntax_error(path, e) from None
        except (ValueError, OSError) as e:
            raise LoadError(f"{path}: cannot parse as {fmt} ({e}); fix the file or pass --input-format") from None
