"""`build`: the vocabulary validated, then written in every export format into one folder, with manifest.json."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..export import FORMATS, Options, counts, render, write_folder
from ..output.progress import Progress, silent
from ..vocabulary import Vocabulary

if TYPE_CHECKING:
    from ..validate.findings import Report

MANIFEST = "manifest.json"


def _entry(name: str, fmt: str, data: bytes, triples: int | None, concepts: int, files: int = 1) -> dict:
    return {"file": name, "format": fmt, "media_type": FORMATS[fmt].media_type, "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(), "files": files, "triples": triples, "concepts": concepts}


def _outputs(vocab: Vocabulary, options: Options, report: Report, manifest: dict,
             progress: Progress) -> Iterator[tuple[str, bytes]]:
    """Each format's files in turn (only one format is in memory at a time), the manifest last."""
    triples, concepts = counts(vocab, options)
    for done, (fmt, spec) in enumerate(FORMATS.items()):
        progress(f"exporting {fmt}", done, len(FORMATS))
        data = render(vocab, fmt, replace(options, in_release=True))
        counted = triples if spec.module in ("rdf", "jsonld") else None
        if isinstance(data, dict):
            # A folder format is listed once: its size is the sum, its hash covers each file's path and hash.
            listing = "".join(f"{hashlib.sha256(b).hexdigest()}  {p}\n" for p, b in sorted(data.items()))
            entry = _entry(spec.filename + "/", fmt, listing.encode("utf-8"), counted, concepts, len(data))
            entry["size"] = sum(len(b) for b in data.values())
            manifest["files"].append(entry)
            yield from ((f"{spec.filename}/{p}", b) for p, b in sorted(data.items()))
        else:
            manifest["files"].append(_entry(spec.filename, fmt, data, counted, concepts))
            yield spec.filename, data
    manifest.update(triples=triples, concepts=concepts, validation=report.summary)
    yield MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def build_release(vocab: Vocabulary, output: str | Path, options: Options | None = None, fail_on: str = "error",
                  progress: Progress = silent) -> tuple[Report, dict | None]:
    """Validate `vocab`; when it conforms at `fail_on`, write every format into the folder `output` (replaced
    whole, atomically) with manifest.json. Returns (the validation report, the manifest or None if not written).

    The manifest holds no time and no absolute path, so two builds of the same input are byte-identical."""
    from ..validate import validate  # validation pulls in the rules: only when building

    options = options or Options()
    report = validate(vocab, fail_on=fail_on, lang=options.lang, places=False, progress=progress)
    if not report.conforms:
        return report, None
    manifest: dict = {"generator": f"tropekg {__version__}", "sources": sorted(p.name for p in vocab.sources),
                      "options": {"lang": options.lang, "scheme": options.scheme,
                                  "include_deprecated": options.include_deprecated},
                      "files": []}
    write_folder(output, _outputs(vocab, options, report, manifest, progress))
    return report, manifest


def summary(manifest: dict, output: str | Path) -> str:
    """What `build` prints: each file's size and name, then the totals."""
    lines = [f"{entry['size']:>12,}  {entry['file']}\n" for entry in manifest["files"]]
    return "".join(lines) + (f"{len(manifest['files'])} formats, {manifest['concepts']} concepts, "
                             f"{manifest['triples']} triples written to {output}/ (manifest.json)\n")
