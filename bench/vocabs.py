"""The synthetic vocabularies measured on: made by ../shared/bench/gen_vocab.py, cached in bench/cache/."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
CACHE = BENCH / "cache"
DEFAULT_GENERATOR = BENCH.parent.parent / "shared" / "bench" / "gen_vocab.py"


class BenchError(Exception):
    """Something the benchmark cannot run without; its message is one line that says what to do."""


def _sha256(path: Path) -> str:
    # In chunks: the harness must stay small, or its own RSS shows up in its children's figures (measure.py).
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def vocabulary(size: int, generator: Path | None) -> dict[str, object]:
    """The cached vocabulary of `size` concepts, made first when missing or when gen_vocab.py has changed.

    A cache entry is the Turtle file and a .json beside it naming the generator's sha256, so a changed generator
    never leaves a stale file in the figures. Without a generator, a cached file is used as it is."""
    target = CACHE / f"syn-{size}.ttl"
    meta_path = target.with_suffix(".json")
    gen = generator or DEFAULT_GENERATOR
    meta = json.loads(meta_path.read_text()) if meta_path.exists() and target.exists() else None
    if not gen.is_file():
        if meta is None:
            raise BenchError(f"gen_vocab.py not found: expected at {gen} (../shared/bench/ beside the checkout); "
                             "pass --gen-vocab PATH")
        return {**meta, "path": str(target), "verified": False}
    digest = _sha256(gen)
    if meta is None or meta.get("generator_sha256") != digest:
        meta = _generate(gen, size, target, digest)
        meta_path.write_text(json.dumps(meta, indent=1) + "\n")
    return {**meta, "path": str(target), "verified": True}


def _generate(gen: Path, size: int, target: Path, digest: str) -> dict[str, object]:
    """Run gen_vocab.py into a temporary file and rename it into place: an interrupted run leaves no half file."""
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".ttl.part")
    with partial.open("wb") as out:
        result = subprocess.run([sys.executable, str(gen), str(size)], stdout=out, stderr=subprocess.PIPE)
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BenchError(f"{gen} {size} failed: {message[-1] if message else f'exit {result.returncode}'}")
    os.replace(partial, target)
    return {"size": size, "bytes": target.stat().st_size, "sha256": _sha256(target),
            "generator": str(gen), "generator_sha256": digest}
