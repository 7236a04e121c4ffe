"""validate's place index and report stage (issue 27) at this tree against an earlier commit: CPU seconds of each.

    python bench/validate_report.py                       # 251b5e0 vs this tree, gen_vocab 100000, 5 repeats
    python bench/validate_report.py --base HEAD~2 --repeats 7 --json bench/figures/validate-report.json
    python bench/validate_report.py --base 8008a74 --json bench/figures/validate-report-r28b.json  # r28b's work
    flock /work/plan/big.lock python bench/validate_report.py --base 8008a74 --size 1000000 --repeats 2   # 1M

Each tree runs in a fresh process of its own (this interpreter, the tree first on sys.path), which reads the
vocabulary into columns and runs the rules once, then times, `--repeats` times each, the least CPU time (user +
system of the process, polars' threads included: on a shared machine the steadier figure) of:
the place index as `load(places=True)` starts it (index_places), the report (findings.report_of) with labels from
the columns (the findings, their labels, places and order), and each rendering of validate.reports.REPORTS. It
calls internals on purpose (what a stage costs is not a public API): a tree whose runner differs may need it adjusted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import CheckoutError, checkout  # noqa: E402
from serve_load import write_report  # noqa: E402
from vocabs import vocabulary  # noqa: E402

BEFORE = "251b5e0"  # main when issue 27's place index and report work started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=BEFORE, help=f"the earlier commit (default {BEFORE})")
    parser.add_argument("--size", type=int, default=100_000, help="concepts of the synthetic vocabulary")
    parser.add_argument("--repeats", type=int, default=5, help="timings of each stage (the least is kept)")
    parser.add_argument("--gen-vocab", type=Path, default=ROOT.parent / "shared" / "bench" / "gen_vocab.py")
    parser.add_argument("--json", help="write the results here (- for stdout)")
    parser.add_argument("--stages", nargs=2, metavar=("VOCAB", "REPEATS"), help=argparse.SUPPRESS)  # the child
    args = parser.parse_args()
    if args.stages:
        print(json.dumps(stages(args.stages[0], int(args.stages[1]))))
        return 0
    vocab = vocabulary(args.size, args.gen_vocab if args.gen_vocab.exists() else None)["path"]
    with tempfile.TemporaryDirectory(prefix="validate-report-") as tmp:
        try:
            with checkout(ROOT, args.base, Path(tmp) / "base") as base:
                cpu = {tree: _child(root, vocab, args.repeats) for tree, root in (("base", base), ("this", ROOT))}
        except CheckoutError as e:
            print(f"bench/validate_report.py: {e}", file=sys.stderr)
            return 2
    trees = {tree: cpu[tree].pop("tree") for tree in cpu}
    report = {"what": f"least CPU seconds of {args.repeats} per stage, gen_vocab {args.size}; base {args.base}",
              "base": args.base, "vocabulary": vocab, "trees": trees, "cpu_s": cpu,
              "ratio": {stage: round(cpu["this"][stage] / cpu["base"][stage], 3) for stage in cpu["base"]},
              "when": time.strftime("%Y-%m-%d %H:%M")}
    if write_report(report, args.json):
        print(f"trees: {trees}")
        for stage in cpu["base"]:
            print(f"{stage:12} base {cpu['base'][stage]:6.3f} s  this {cpu['this'][stage]:6.3f} s  "
                  f"ratio {report['ratio'][stage]}")
    return 0


def _child(tree: Path, vocab: str, repeats: int) -> dict[str, float]:
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--stages", vocab, str(repeats)],
                          cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)},
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"stages at {tree} failed: {done.stderr.strip()[-800:]}")
    return json.loads(done.stdout.splitlines()[-1])


def stages(vocab_path: str, repeats: int) -> dict[str, float]:
    """The least CPU seconds of each stage in this process's tree (the child's side)."""
    import gc
    import inspect

    sys.path.insert(0, os.getcwd())  # the tree timed (serve_load put this one's root first)
    import tropekg
    from tropekg.namespaces import PREFIXES
    from tropekg.sources import reader
    from tropekg.validate import reports, runner
    from tropekg.validate.columnar import columnar_hits
    from tropekg.validate.columns import Columns
    from tropekg.validate.rules import chosen

    vocab = tropekg.load([vocab_path], places=True, lenient=True, deferred=True)
    cols = Columns.read(vocab)
    rules = chosen(None, None)
    hits = {r.id: runner.ANALYSES[r.analysis](vocab, []) if r.analysis in runner._WITHOUT_STORE
            else columnar_hits(cols, r) for r in rules}
    assert vocab.places is not None  # the load's own index done before this process times its own
    large = ["columns_from"] if "columns_from" in inspect.signature(reader.index_places).parameters else []
    files = tuple(Path(p) for p in vocab.sources)
    gc.disable()  # as validate() runs

    try:  # the report's own module since the report left runner.py
        from tropekg.validate.findings import report_of
        from tropekg.validate.naming import labels_from_columns
    except ImportError:
        report_of, labels_from_columns = runner._report, runner.labels_from_columns

    def report():
        return report_of(vocab, rules, {k: list(v) for k, v in hits.items()}, "warning", "en", True,
                              lambda *a, **k: None,
                              lambda iris: labels_from_columns(cols, iris, "en", vocab.invalid_iris))

    timed = {"index_places": lambda: reader.index_places(files, PREFIXES, *[reader.LARGE_INPUT_BYTES] * len(large)),
             "report": report}
    done = report()
    timed.update({name: (lambda render=render: render(done)) for name, render in reports.REPORTS.items()})
    least = {}
    for stage, run in timed.items():
        times = []
        for _ in range(repeats):
            start = time.process_time()
            run()
            times.append(time.process_time() - start)
        least[stage] = round(min(times), 4)
    return {**least, "tree": str(Path(tropekg.__file__).parent.parent)}


if __name__ == "__main__":
    raise SystemExit(main())
