"""`tropekg validate` and `export` at an earlier commit against this tree, interleaved: what issue 22 cost or saved.

    python bench/exports_ab.py                  # 2fbf1d4 vs this tree, STW and gen_vocab 100000, 3 rounds
    python bench/exports_ab.py --quick          # STW only, 1 round (bench/results/exports-ab-quick.json)
    python bench/exports_ab.py --quick --rounds 3   # STW only, 3 interleaved rounds
    python bench/exports_ab.py --only markdown,mediawiki --rounds 5
    python bench/exports_ab.py --quick --only mediawiki,markdown --rounds 15 --control

The earlier commit is checked out with `git worktree` into a temporary folder and removed afterwards; both run with
this interpreter (cli.py of each tree, so each imports its own tropekg), in fresh processes, alternating which
goes first in each round. Every command: validate V -f json -o F; export V -f FORMAT -o OUT for csv, turtle,
jsonld, markdown, mediawiki and site. Reports the median wall time, CPU time (user + sys: less sensitive than wall
time to a busy machine) and peak RSS of each, their ratios (this / base), and the output's size; and the user
CPU time apart (ratio_user), since the system time of a folder export is mostly the file system's: on ext4 without
a journal (the build machine's: perf shows find_inode_bit in recently_deleted), creating a file steps over every
inode freed in the last 60 s (300 s while its inode table block is unwritten), so its cost follows what anyone
deleted just before. Each run's output is kept until the end for that reason, not deleted before the next run.

--control adds a third run in each round: this tree with the wiki pages' Labels and Notes sections left empty
(bench/wiki_control.py), and the ratios paired round by round (ratio_paired: the median of this/base over the
rounds; control_paired: control/base), which tell what those sections, new in issue 22, cost apart from the rest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import CheckoutError, checkout, compiled, run_once  # noqa: E402
from serve_load import write_report  # noqa: E402
from vocabs import BenchError, vocabulary  # noqa: E402

BEFORE_ISSUE_22 = "2fbf1d4"
COMMANDS = ("validate", "csv", "turtle", "jsonld", "markdown", "mediawiki", "site")
STW = ROOT.parent / "shared" / "vocabs" / "stw-9.16.ttl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=BEFORE_ISSUE_22, help=f"the earlier commit (default {BEFORE_ISSUE_22})")
    parser.add_argument("--size", type=int, default=100_000, help="concepts of the synthetic vocabulary")
    parser.add_argument("--rounds", type=int, help="runs of each, alternated (medians; default 3, 1 with --quick)")
    parser.add_argument("--only", default=",".join(COMMANDS), help="commands to run, comma-separated")
    parser.add_argument("--quick", action="store_true", help="STW only, 1 round unless --rounds")
    parser.add_argument("--control", action="store_true",
                        help="also run this tree without the wiki pages' Labels and Notes sections")
    parser.add_argument("--gen-vocab", type=Path, default=ROOT.parent / "shared" / "bench" / "gen_vocab.py")
    parser.add_argument("--json", help="write the results here (- for stdout; default bench/figures/"
                                       "exports-ab-BASE.json, with --quick bench/results/exports-ab-quick.json)")
    args = parser.parse_args()
    commands = [c for c in args.only.split(",") if c]
    unknown = sorted(set(commands) - set(COMMANDS))
    if unknown:
        print(f"bench/exports_ab.py: --only: unknown {', '.join(unknown)} (choose from {', '.join(COMMANDS)})",
              file=sys.stderr)
        return 2
    rounds = args.rounds or (1 if args.quick else 3)
    try:
        vocabs = {"stw": str(STW)} if args.quick else {
            "stw": str(STW), f"syn-{args.size}": str(vocabulary(args.size, _generator(args.gen_vocab))["path"])}
    except BenchError as e:
        print(f"bench/exports_ab.py: {e}", file=sys.stderr)
        return 2
    if not STW.is_file():
        print(f"bench/exports_ab.py: {STW} not found (../shared/vocabs beside the checkout)", file=sys.stderr)
        return 2
    target = args.json or str(ROOT / "bench" / ("results/exports-ab-quick.json" if args.quick
                                                  else f"figures/exports-ab-{args.base}.json"))
    with tempfile.TemporaryDirectory(prefix="exports-ab-") as tmp:
        try:
            with checkout(ROOT, args.base, Path(tmp) / "base") as base:
                compiled(ROOT)  # (the base is compiled by checkout)
                trees = {"base": (base, base / "cli.py"), "this": (ROOT, ROOT / "cli.py")}
                if args.control:
                    trees["control"] = (ROOT, ROOT / "bench" / "wiki_control.py")
                results = _interleave(trees, vocabs, commands, Path(tmp), rounds)
        except CheckoutError as e:
            print(f"bench/exports_ab.py: {e}", file=sys.stderr)
            return 2
    report = {"what": f"validate V -f json and export V -f FORMAT, {rounds} interleaved round(s), medians; "
                      f"base {args.base}, this tree; cpu_s is user + sys of the process",
              "base": args.base, "vocabularies": {k: Path(v).name for k, v in vocabs.items()},
              "load_average": [round(x, 1) for x in os.getloadavg()], "when": time.strftime("%Y-%m-%d %H:%M"),
              "results": results}
    if target != "-":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    if write_report(report, target):
        print(f"{'vocabulary':12} {'command':10} {'base wall/cpu/MB':>22} {'this wall/cpu/MB':>22}  ratio wall cpu "
              "user")
        for r in results:
            b, t = r["base"], r["this"]
            print(f"{r['vocabulary']:12} {r['command']:10} {b['wall_s']:8.2f} {b['cpu_s']:6.2f} {b['peak_mb']:6d} "
                  f"{t['wall_s']:8.2f} {t['cpu_s']:6.2f} {t['peak_mb']:6d}  {r['ratio_wall']:5.3f} "
                  f"{r['ratio_cpu']:5.3f} {r['ratio_user']:5.3f}" + (
                      f"  paired cpu {r['ratio_paired']:5.3f}, control {r['control_paired']:5.3f} "
                      f"({r['control']['output_bytes']:,} bytes against {t['output_bytes']:,})"
                      if "control" in r else ""))
        print(f"written to {target}")
    return 0


def _generator(path: Path) -> Path | None:
    return path if path.exists() else None


def _argv(script: Path, command: str, vocab: str, out: Path) -> list[str]:
    if command == "validate":
        return [sys.executable, str(script), "validate", vocab, "-f", "json", "-o", str(out)]
    return [sys.executable, str(script), "export", vocab, "-f", command, "-o", str(out)]


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def _interleave(trees: dict[str, tuple[Path, Path]], vocabs: dict[str, str], commands: list[str], tmp: Path,
                rounds: int) -> list[dict]:
    """Each command on each vocabulary, base and this (and the control) in turn, the order flipped every round;
    `trees`: name -> (folder, script run in it)."""
    runs: dict[tuple[str, str, str], list[tuple[float, float, float, int]]] = {}
    for n in range(rounds):
        order = list(trees.items()) if n % 2 == 0 else list(reversed(trees.items()))
        for name, vocab in vocabs.items():
            for command in commands:
                for tree, (root, script) in order:
                    out = tmp / f"out-{tree}-{name}-{command}-{n}"  # kept: see the docstring
                    run = run_once(_argv(script, command, vocab, out), cwd=root)
                    if run.exit not in (0, 1):
                        raise SystemExit(f"{command} on {name} at {tree} failed: {run.stderr.strip()[-500:]}")
                    runs.setdefault((name, command, tree), []).append((run.wall_s, run.cpu_s, run.rss_mb,
                                                                        _size(out), run.cpu_s - run.sys_s))
    results = []
    for name in vocabs:
        for command in commands:
            row: dict = {"vocabulary": name, "command": command}
            for tree in trees:
                rs = runs[(name, command, tree)]
                row[tree] = {"wall_s": round(statistics.median(r[0] for r in rs), 2),
                             "cpu_s": round(statistics.median(r[1] for r in rs), 2),
                             "peak_mb": round(statistics.median(r[2] for r in rs)), "output_bytes": rs[-1][3],
                             "user_s": round(statistics.median(r[4] for r in rs), 2),
                             "runs": [[round(w, 2), round(c, 2), round(mb)] for w, c, mb, _, _ in rs]}
            row["ratio_wall"] = round(row["this"]["wall_s"] / row["base"]["wall_s"], 3)
            row["ratio_cpu"] = round(row["this"]["cpu_s"] / row["base"]["cpu_s"], 3)
            row["ratio_user"] = round(row["this"]["user_s"] / row["base"]["user_s"], 3)
            for tree, key in (("this", "ratio_paired"), ("control", "control_paired")):
                if tree in trees:  # round by round: a host whose speed drifts moves both runs of a round alike
                    row[key] = round(statistics.median(
                        t[1] / b[1] for t, b in zip(runs[(name, command, tree)], runs[(name, command, "base")],
                                                    strict=True)), 3)
            results.append(row)
    return results


if __name__ == "__main__":
    raise SystemExit(main())
