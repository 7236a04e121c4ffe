"""`tropekg validate` by the store alone against the columnar engine (issue 27), beside the parse floor, on one
synthetic vocabulary, interleaved rounds: medians of wall time and peak RSS, and whether both reports are equal.

    python bench/validate_columns.py                      # gen_vocab 100000, 3 rounds
    python bench/validate_columns.py --size 1000000 --rounds 1 --json bench/figures/columns.json

Each run is a fresh process. "store" runs the CLI with runner.COLUMNAR_FROM out of reach (every rule on the store,
as before issue 27); "columns" runs it as shipped (the rules of validate.columnar.COLUMNAR on columns). The floor is
pyoxigraph's parse of the file, counting triples only.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import run_once  # noqa: E402
from serve_load import write_report  # noqa: E402
from vocabs import vocabulary  # noqa: E402

_FLOOR = """import sys, pyoxigraph as ox
print(sum(1 for _ in ox.parse(path=sys.argv[1], format=ox.RdfFormat.TURTLE)))"""
_VALIDATE = """import sys
from tropekg.validate import runner
if sys.argv.pop(1) == "store":
    runner.COLUMNAR_FROM = 10 ** 15
from tropekg.__main__ import main
sys.argv[0] = "tropekg"
main()"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="concepts of the synthetic vocabulary")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each, alternated (medians)")
    parser.add_argument("--gen-vocab", type=Path, default=ROOT.parent / "shared" / "bench" / "gen_vocab.py")
    parser.add_argument("--json", help="write the results here (- for stdout)")
    args = parser.parse_args()
    path = str(vocabulary(args.size, args.gen_vocab if args.gen_vocab.exists() else None)["path"])
    runs: dict[str, list] = {"parse floor": [], "store": [], "columns": []}
    reports: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="validate-columns-") as tmp:
        for _ in range(args.rounds):
            runs["parse floor"].append(run_once([sys.executable, "-c", _FLOOR, path], ROOT))
            for engine in ("store", "columns"):
                out = Path(tmp) / f"{engine}.json"
                runs[engine].append(run_once([sys.executable, "-c", _VALIDATE, engine, "validate", path,
                                              "--format", "json", "-o", str(out)], ROOT))
                reports[engine] = hashlib.sha256(out.read_bytes()).hexdigest() if out.exists() else ""
    figures = {name: {"wall_s": round(statistics.median(r.wall_s for r in rs), 2),
                      "rss_mb": round(statistics.median(r.rss_mb for r in rs), 1),
                      "exits": sorted({r.exit for r in rs})} for name, rs in runs.items()}
    floor = figures["parse floor"]["wall_s"]
    for name in ("store", "columns"):
        figures[name]["x_floor"] = round(figures[name]["wall_s"] / floor, 2)
    result = {"vocabulary": f"gen_vocab {args.size}", "rounds": args.rounds, "figures": figures,
              "load_average_at_end": [round(x, 1) for x in os.getloadavg()],
              "reports_equal": reports["store"] == reports["columns"] != ""}
    for name, f in figures.items():
        print(f"{name:12} {f['wall_s']:7.2f} s  {f['rss_mb']:7.1f} MB  {f.get('x_floor', 1.0):5.2f}x floor  "
              f"exit {f['exits']}")
    print(f"reports equal: {result['reports_equal']}")
    if args.json:
        write_report(result, args.json)
    return 0 if result["reports_equal"] else 1


if __name__ == "__main__":
    sys.exit(main())
