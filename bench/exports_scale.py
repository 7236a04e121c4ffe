"""Turtle, JSON-LD and CSV exports at scale against Oxigraph's own load and dump of the same file (issue 27).

    python bench/exports_scale.py [--sizes 100000,1000000] [--runs 1] [--base /work/main]
                                  [--json bench/figures/exports-scale.json]

For each size (gen_vocab.py's vocabulary, from bench/cache/ or generated there): each export and Oxigraph's
bulk_load into a Store then dump as Turtle, --runs rounds, interleaved, each in a fresh process (bench/measure.py:
wall time, CPU time and the child's own peak RSS; on a shared machine the CPU ratio is the one to read).
Acceptance: peak RSS <= 3 GB and time <= 1.5x Oxigraph's, per export.
--base names another checkout (e.g. main before this work): its exports run in the same rounds, and every output
is compared byte for byte with ours (sha256). Runs at 1M concepts take several GB: run them under the big-run
lock, e.g. `flock /work/plan/big.lock timeout 1800 python bench/exports_scale.py --sizes 1000000`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import run_once
from plan import CLI, ROOT

GEN = ROOT.parent / "shared" / "bench" / "gen_vocab.py"
FORMATS = ("turtle", "jsonld", "csv")
RSS_BOUND_MB, RATIO_BOUND = 3000, 1.5
OXIGRAPH = ("import sys, pyoxigraph as ox\n"
            "store = ox.Store()\n"
            "store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TURTLE)\n"
            "store.dump(output=sys.argv[2], format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())\n")


def vocabulary(size: int) -> Path:
    path = ROOT / "bench" / "cache" / f"syn-{size}.ttl"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_suffix(".part"), "wb") as fh:
            subprocess.run([sys.executable, str(GEN), str(size)], stdout=fh, check=True, timeout=3600)
        path.with_suffix(".part").replace(path)
    return path


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def commands(vocab: Path, out: Path, base: Path | None, formats: list[str]) -> dict[str, list[str]]:
    found = {"oxigraph": [sys.executable, "-c", OXIGRAPH, str(vocab), str(out / "oxigraph.ttl")]}
    for fmt in formats:
        found[fmt] = [*CLI, "export", "-f", fmt, "-o", str(out / f"ours.{fmt}"), str(vocab)]
        if base is not None:
            found[f"base {fmt}"] = [sys.executable, str(base / "cli.py"), "export", "-f", fmt, "-o",
                                    str(out / f"base.{fmt}"), str(vocab)]
    return found


def measure_size(size: int, runs: int, base: Path | None, formats: list[str]) -> dict:
    vocab = vocabulary(size)
    with tempfile.TemporaryDirectory(prefix="exports-scale-", dir=ROOT / "bench" / "cache") as tmp:
        out = Path(tmp)
        todo = commands(vocab, out, base, formats)
        walls: dict[str, list[float]] = {name: [] for name in todo}
        rss: dict[str, list[float]] = {name: [] for name in todo}
        cpu: dict[str, list[float]] = {name: [] for name in todo}
        same: dict[str, bool] = {}
        for _ in range(runs):  # interleaved: every command once per round, so the machine's state is shared
            for name, argv in todo.items():
                run = run_once(argv, ROOT)
                if run.exit != 0:
                    sys.exit(f"{size} {name}: exited {run.exit}: {run.stderr.strip()[-400:]}")
                walls[name].append(round(run.wall_s, 2))
                rss[name].append(round(run.rss_mb, 1))
                cpu[name].append(round(run.cpu_s, 2))
                print(f"{size} {name}: {run.wall_s:.1f} s, {run.cpu_s:.1f} s CPU, {run.rss_mb:.0f} MB",
                      file=sys.stderr, flush=True)
            if base is not None:
                for fmt in formats:
                    same[fmt] = digest(out / f"ours.{fmt}") == digest(out / f"base.{fmt}")
    ox_wall, ox_cpu = statistics.median(walls["oxigraph"]), statistics.median(cpu["oxigraph"])
    rows = {}
    for name in todo:
        wall = statistics.median(walls[name])
        row = {"wall_s": round(wall, 2), "runs_s": walls[name], "rss_mb": max(rss[name]),
               "ratio_to_oxigraph": round(wall / ox_wall, 3), "cpu_s": statistics.median(cpu[name]),
               "cpu_ratio_to_oxigraph": round(statistics.median(cpu[name]) / ox_cpu, 3)}
        if name in formats:
            row["meets"] = row["rss_mb"] <= RSS_BOUND_MB and row["ratio_to_oxigraph"] <= RATIO_BOUND
            if name in same:
                row["byte_identical_to_base"] = same[name]
        rows[name] = row
    return {"size": size, "vocabulary": vocab.name, "bytes": vocab.stat().st_size, "results": rows}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--base", type=Path, help="another checkout whose exports run beside ours and are compared")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "figures" / "exports-scale.json")
    args = ap.parse_args(argv)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    report = {"commit": commit.stdout.strip(), "load_before": os.getloadavg()[0], "runs": args.runs,
              "bounds": {"rss_mb": RSS_BOUND_MB, "ratio_to_oxigraph": RATIO_BOUND},
              "sizes": [measure_size(int(s), args.runs, args.base, args.formats.split(","))
                        for s in args.sizes.split(",")]}
    report["load_after"] = os.getloadavg()[0]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0 if all(r.get("meets", True) for s in report["sizes"] for r in s["results"].values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
