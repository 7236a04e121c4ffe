"""`tropekg validate` by the store alone against the columnar engine (issue 27), beside the parse floor, on one
synthetic vocabulary, interleaved rounds: medians of wall time and peak RSS, and whether both reports are equal.

    python bench/validate_columns.py                      # gen_vocab 100000, 3 rounds
    python bench/validate_columns.py --size 1000000 --rounds 1 --json bench/figures/columns.json
    python bench/validate_columns.py --read --base main --rounds 5   # Columns.read alone, A/B against a commit

Each run is a fresh process. "store" runs the CLI with runner.COLUMNAR_FROM out of reach (every rule on the store,
as before issue 27); "columns" runs it as shipped (the rules of validate.columnar.COLUMNAR on columns). The floor is
pyoxigraph's parse of the file, counting triples only.

--read times validate.columns.Columns.read alone (the parse into coded columns, the term table, entailment; from
the imports on, as a child parse may start at load), in this checkout and in --base REV checked out beside it,
alternated: wall and CPU (user + system) medians, and "after parse", what the reader waits for once the parser has
read its last triple. --sweep 50000:1048576,100000:65536 times it in this checkout alone for each pair of triples
per batch and bytes of pipe (sources.batches.BATCH and PIPE), alternated.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import checkout, run_once  # noqa: E402
from serve_load import write_report  # noqa: E402
from vocabs import vocabulary  # noqa: E402

_FLOOR = """import sys, pyoxigraph as ox
print(sum(1 for _ in ox.parse(path=sys.argv[1], format=ox.RdfFormat.TURTLE)))"""
_READ = """import json, sys, time
start, cpu = time.perf_counter(), time.process_time()
from tropekg.sources import batches, reader
from tropekg.validate.columns import Columns
if len(sys.argv) > 2:  # --sweep: triples per batch, bytes of pipe
    batches.BATCH, batches.PIPE = int(sys.argv[2]), int(sys.argv[3])
parsed = []
parse_into = reader._parse_into
def timed(*args, **kwargs):
    parse_into(*args, **kwargs)
    parsed.append(time.perf_counter())
reader._parse_into = timed
vocab = reader.load([sys.argv[1]], deferred=True)
cols = Columns.read(vocab)
end = time.perf_counter()
print(json.dumps({"read_s": end - start, "cpu_s": time.process_time() - cpu, "after_parse_s": end - parsed[-1],
                  "triples": cols.stated.height, "terms": cols.terms.height}))"""
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
    parser.add_argument("--read", action="store_true", help="Columns.read alone, against --base")
    parser.add_argument("--base", default="main", help="--read: the commit to compare with (default main)")
    parser.add_argument("--sweep", help="Columns.read here alone for each BATCH:PIPE of this list (comma-separated)")
    args = parser.parse_args()
    path = str(vocabulary(args.size, args.gen_vocab if args.gen_vocab.exists() else None)["path"])
    if args.read or args.sweep:
        return _read_ab(path, args)
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


def _read_ab(path: str, args: argparse.Namespace) -> int:
    """Columns.read in --base and in this checkout, alternated, each round a fresh process of each."""
    settings = [tuple(pair.split(":")) for pair in args.sweep.split(",")] if args.sweep else []
    runs: dict[str, list[dict]] = {"parse floor": [], **{f"batch {b} pipe {p}": [] for b, p in settings}}
    with tempfile.TemporaryDirectory(prefix="columns-read-") as tmp, ExitStack() as stack:
        trees = [(f"batch {b} pipe {p}", ROOT, [b, p]) for b, p in settings]
        if not settings:
            base = stack.enter_context(checkout(ROOT, args.base, Path(tmp) / "base"))
            trees = [(args.base, base, []), ("this checkout", ROOT, [])]
            runs.update({args.base: [], "this checkout": []})
        for _ in range(args.rounds):
            floor = run_once([sys.executable, "-c", _FLOOR, path], ROOT)
            runs["parse floor"].append({"read_s": floor.wall_s, "cpu_s": floor.cpu_s})
            for name, root, extra in trees:
                run = run_once([sys.executable, "-c", _READ, path, *extra], root)
                if run.exit:
                    print(f"{name}: exit {run.exit}: {run.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
                    return 1
                runs[name].append({**json.loads(run.stdout), "rss_mb": run.rss_mb})
    figures = {name: {key: round(statistics.median(r[key] for r in rs), 3) for key in rs[0]}
               for name, rs in runs.items()}
    result = {"vocabulary": f"gen_vocab {args.size}", "rounds": args.rounds, "figures": figures,
              "load_average_at_end": [round(x, 1) for x in os.getloadavg()]}
    for name, f in figures.items():
        print(f"{name:14} wall {f['read_s']:6.2f} s  cpu {f['cpu_s']:6.2f} s" +
              (f"  after parse {f['after_parse_s']:5.2f} s  {f['rss_mb']:7.1f} MB" if "after_parse_s" in f else ""))
    if args.json:
        write_report(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
