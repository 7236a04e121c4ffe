"""`tropekg export -f site` on STW and on gen_vocab.py's 10k and 100k vocabularies: time, peak memory, size.

    python bench/site.py [--runs 3] [--json bench/results/site.json]

Each size runs --runs times in a fresh process (medians reported); the synthetic vocabularies are generated into
a temporary folder; the site's size is the sum of its files' bytes (what a host stores), beside their count.
time(100k) / time(10k) is reported against issue 14's bound of 12.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import run_once
from plan import CLI, ROOT

SHARED = ROOT.parent / "shared"
BOUND = 12


def _size(folder: Path) -> tuple[int, int]:
    sizes = [p.stat().st_size for p in folder.rglob("*") if p.is_file()]
    return sum(sizes), len(sizes)


# The same command with the neighbourhood pictures off, for a like-for-like ratio (they are drawn up to 10,000
# concepts only): website.picture.MAX_CONCEPTS set to 0 before cli.py runs.
NO_PICTURES = [sys.executable, "-c", "import runpy, sys; import tropekg.export.website.picture as p; "
               "p.MAX_CONCEPTS = 0; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
               str(ROOT / "cli.py")]


def measure(name: str, path: Path, out: Path, runs: int, cli: list[str] = CLI) -> dict:
    walls, rss = [], []
    for _ in range(runs):
        target = out / f"site-{name}"
        shutil.rmtree(target, ignore_errors=True)
        run = run_once([*cli, "export", "-f", "site", "-o", str(target), str(path)], ROOT)
        if run.exit != 0:
            sys.exit(f"{name}: export -f site exited {run.exit}: {run.stderr.strip().splitlines()[-1:]}")
        walls.append(run.wall_s)
        rss.append(run.rss_mb)
    size, files = _size(out / f"site-{name}")
    shutil.rmtree(out / f"site-{name}", ignore_errors=True)
    return {"vocabulary": name, "wall_s": round(statistics.median(walls), 2), "runs": [round(w, 2) for w in walls],
            "rss_mb": round(statistics.median(rss), 1), "bytes": size, "files": files}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--json", type=Path, help="write the results here too")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as folder:
        out = Path(folder)
        inputs = {"stw": SHARED / "vocabs" / "stw-9.16.ttl"}
        for n in (10_000, 100_000):
            path = out / f"syn-{n // 1000}k.ttl"
            with open(path, "wb") as fh:
                subprocess.run([sys.executable, str(SHARED / "bench" / "gen_vocab.py"), str(n)], stdout=fh, check=True)
            inputs[f"syn-{n // 1000}k"] = path
        results = [measure(name, path, out, args.runs) for name, path in inputs.items()]
        results.append(measure("syn-10k-no-pictures", inputs["syn-10k"], out, args.runs, NO_PICTURES))
    by_name = {r["vocabulary"]: r for r in results}
    ratio = round(by_name["syn-100k"]["wall_s"] / by_name["syn-10k"]["wall_s"], 2)
    plain = round(by_name["syn-100k"]["wall_s"] / by_name["syn-10k-no-pictures"]["wall_s"], 2)
    for r in results:
        print(f"{r['vocabulary']:>19}  {r['wall_s']:8.2f} s  {r['rss_mb']:7.1f} MB  {r['bytes'] / 1e6:8.1f} MB "
              f"in {r['files']:,} files")
    print(f"time(100k) / time(10k) = {ratio} (bound {BOUND}: {'met' if ratio <= BOUND else 'MISSED'}); "
          f"without pictures at 10k too: {plain} ({'met' if plain <= BOUND else 'MISSED'})")
    if args.json:
        data = {"command": "python cli.py export -f site -o DIR VOCAB", "runs": args.runs, "results": results,
                "ratio_100k_10k": ratio, "ratio_100k_10k_no_pictures": plain, "bound": BOUND}
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
