"""Benchmark `tropekg import csv` against `tropekg export -f csv` on the synthetic vocabularies (issue 16).

    .venv/bin/python bench/import_csv.py                         100k concepts, 3 runs each
    .venv/bin/python bench/import_csv.py --sizes 1000 --runs 1

For each size: export the vocabulary as CSV, import that CSV as Turtle, export the import as CSV again; each a
fresh process, its wall time and peak RSS its own. The target is import <= 5x export (medians). Also checks the
round trip (the second CSV equals the first). Writes bench/results/import-csv.json. Exit 0: measured; 1: a
command failed or the round trip differed; 2: could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import report
from measure import run_once
from run import portable
from vocabs import BENCH, BenchError, vocabulary

ROOT = BENCH.parent
OUT = BENCH / "cache" / "out"
TARGET = 5.0  # issue 16: importing the CSV export takes at most 5x the export's time
ENV = {**os.environ, "NO_COLOR": "1"}


def _times(argv: list[str], runs: int) -> dict[str, object]:
    measured = [run_once(argv, ROOT, ENV) for _ in range(runs)]
    failed = next((r for r in measured if r.exit != 0), None)
    if failed:
        raise BenchError(f"{' '.join(argv[1:4])} failed (exit {failed.exit}): {failed.stderr.strip()[-300:]}")
    return {"wall_s": round(statistics.median(r.wall_s for r in measured), 3),
            "rss_mb": round(statistics.median(r.rss_mb for r in measured), 1),
            "runs": [r.as_dict() for r in measured]}


def measure(size: int, runs: int, generator: Path | None) -> dict[str, object]:
    """Export, import and export again at one size; the figures and whether the round trip held."""
    source = vocabulary(size, generator)["path"]
    OUT.mkdir(parents=True, exist_ok=True)
    table, imported, again = OUT / f"syn-{size}.csv", OUT / f"syn-{size}.imported.ttl", OUT / f"syn-{size}.again.csv"
    cli = [sys.executable, str(ROOT / "cli.py")]
    export = _times([*cli, "export", "-f", "csv", source, "-o", str(table)], runs)
    ingest = _times([*cli, "import", "csv", str(table), "-o", str(imported)], runs)
    _times([*cli, "export", "-f", "csv", str(imported), "-o", str(again)], 1)
    identical = table.read_bytes() == again.read_bytes()
    ratio = round(ingest["wall_s"] / export["wall_s"], 2)
    return {"size": size, "csv_bytes": table.stat().st_size, "export": export, "import": ingest, "ratio": ratio,
            "target": f"import <= {TARGET}x export", "meets": ratio <= TARGET, "round_trip_identical": identical}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/import_csv.py", description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000", help="concept counts, comma-separated")
    ap.add_argument("--runs", type=int, default=3, help="runs of each figure; the median is quoted")
    ap.add_argument("--json", type=Path, default=BENCH / "results" / "import-csv.json")
    ap.add_argument("--gen-vocab", type=Path, default=None, help="path of gen_vocab.py (default ../shared/bench/)")
    args = ap.parse_args(argv)
    started = time.time()
    try:
        rows = [measure(int(s), args.runs, args.gen_vocab) for s in args.sizes.split(",") if s.strip()]
    except (BenchError, ValueError) as e:
        print(f"bench/import_csv.py: {e}", file=sys.stderr)
        return 2
    print("| size | export csv (s) | import csv (s) | ratio | target <= 5x | round trip |\n|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['size']:,} | {r['export']['wall_s']} | {r['import']['wall_s']} | {r['ratio']}x | "
              f"{'PASS' if r['meets'] else 'FAIL'} | {'identical' if r['round_trip_identical'] else 'DIFFERS'} |")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    result = {"command": portable(["python", "bench/import_csv.py", *(argv if argv is not None else sys.argv[1:])]),
              "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
              "duration_s": round(time.time() - started, 1), "machine": report.machine(),
              "load_average": [round(x, 2) for x in os.getloadavg()], "measurements": rows}
    args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0 if all(r["round_trip_identical"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
