"""`tropekg validate` at an earlier commit against this tree, on the same vocabulary, interleaved: the cost of
entailment and of issue 13's rule fixes (its target: within 15 % of the time before, under 0.6 GB peak).

    python bench/validate_ab.py                         # f6cde1c (before issue 13) vs this tree, gen_vocab 100000
    python bench/validate_ab.py --base HEAD~3 --rounds 5 --json bench/results/validate-ab.json
    python bench/validate_ab.py --base 251b5e0 --format text --rounds 5   # the CLI's default report (issue 27)
    python bench/validate_ab.py --base 552c6d6 --bundled --format text --rounds 15   # the bundled taxonomy

The earlier commit is checked out with `git worktree` into a temporary folder and removed afterwards; both run with
this interpreter, in fresh processes, default rules, the report (JSON unless --format) to a file. Reports the median
wall time, CPU time (user + system: on a shared machine the steadier figure) and peak RSS of each, their ratios, and
the findings per rule of both (what changed, with the reasons, is in docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import CheckoutError, checkout, compiled, run_once  # noqa: E402
from serve_load import write_report  # noqa: E402
from vocabs import vocabulary  # noqa: E402

BEFORE_ISSUE_13 = "f6cde1c"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=BEFORE_ISSUE_13, help=f"the earlier commit (default {BEFORE_ISSUE_13})")
    parser.add_argument("--size", type=int, default=100_000, help="concepts of the synthetic vocabulary")
    parser.add_argument("--bundled", action="store_true", help="validate the bundled taxonomy instead (no file)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each, alternated (medians)")
    parser.add_argument("--gen-vocab", type=Path, default=ROOT.parent / "shared" / "bench" / "gen_vocab.py")
    parser.add_argument("--format", default="json", help="validate's report format (default json)")
    parser.add_argument("--json", help="write the results here (- for stdout)")
    args = parser.parse_args()
    vocab = None if args.bundled else vocabulary(args.size, args.gen_vocab if args.gen_vocab.exists() else None)["path"]
    with tempfile.TemporaryDirectory(prefix="validate-ab-") as tmp:
        try:
            with checkout(ROOT, args.base, Path(tmp) / "base") as base:
                compiled(ROOT)  # (the base is compiled by checkout)
                runs, findings = _interleave({"base": base, "this": ROOT}, vocab, Path(tmp), args.rounds, args.format)
        except CheckoutError as e:
            print(f"bench/validate_ab.py: {e}", file=sys.stderr)
            return 2
    medians = {tree: {"wall_s": round(statistics.median(r[0] for r in rs), 3),
                      "peak_mb": round(statistics.median(r[1] for r in rs)),
                      "cpu_s": round(statistics.median(r[2] for r in rs), 3)} for tree, rs in runs.items()}
    changed = {rule: [findings["base"].get(rule, 0), findings["this"].get(rule, 0)]
               for rule in sorted(set(findings["base"]) | set(findings["this"]))
               if findings["base"].get(rule, 0) != findings["this"].get(rule, 0)}
    what = "the bundled taxonomy" if args.bundled else f"gen_vocab {args.size}"
    report = {"what": f"validate V -f {args.format} -o F, {what}, {args.rounds} interleaved rounds, "
                      f"medians; base {args.base}, this tree",
              "base": args.base, "vocabulary": vocab, "medians": medians,
              "ratio_wall": round(medians["this"]["wall_s"] / medians["base"]["wall_s"], 3),
              "ratio_cpu": round(medians["this"]["cpu_s"] / medians["base"]["cpu_s"], 3),
              "runs": {tree: [[round(w, 3), round(mb), round(cpu, 3)] for w, mb, cpu in rs]
                       for tree, rs in runs.items()},
              "findings_changed": changed, "when": time.strftime("%Y-%m-%d %H:%M")}
    if write_report(report, args.json):
        for tree, m in medians.items():
            print(f"{tree:5} {m['wall_s']:6.3f} s  {m['peak_mb']:5d} MB  {m['cpu_s']:6.3f} s CPU")
        print(f"ratio: wall {report['ratio_wall']}, CPU {report['ratio_cpu']}; "
              f"findings changed per rule (base, this): {changed or 'none'}")
    return 0


def _interleave(trees: dict[str, Path], vocab: str | None, tmp: Path, rounds: int,
                fmt: str = "json") -> tuple[dict, dict]:
    runs: dict[str, list[tuple[float, float, float]]] = {tree: [] for tree in trees}
    findings: dict[str, Counter] = {}
    for _ in range(rounds):
        for tree, root in trees.items():
            out = tmp / f"{tree}.{fmt}"
            files = [vocab] if vocab else []  # none: the tree's own bundled taxonomy
            run = run_once([sys.executable, str(root / "cli.py"), "validate", *files, "-f", fmt, "-o", str(out)],
                           cwd=root)
            if run.exit not in (0, 1):
                raise SystemExit(f"validate at {tree} failed: {run.stderr.strip()[-500:]}")
            runs[tree].append((run.wall_s, run.rss_mb, run.cpu_s))
            findings[tree] = _per_rule(out, fmt)
    return runs, findings


def _per_rule(out: Path, fmt: str) -> Counter:
    """Findings per rule of a report: from the JSON's findings, or the text report's rule headers."""
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        return Counter(f["rule"] for f in json.loads(text)["findings"])
    if fmt == "text":  # "RULE  SEVERITY  TITLE (N)" at the start of a line
        return Counter({m[1]: int(m[2]) for m in re.finditer(r"^(\S+)  \w+  .*\((\d+)\)$", text, re.M)})
    return Counter({"(all)": len(text.splitlines())})


if __name__ == "__main__":
    raise SystemExit(main())
