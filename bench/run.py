"""Benchmark tropekg validate, export and view against the parser's floor, Oxigraph, Skosify and pySHACL (issue 7).

    .venv/bin/python bench/run.py                          1k, 10k, 100k; 3 runs each (Skosify, pySHACL: 1)
    .venv/bin/python bench/run.py --sizes 1000,10000 --runs 1 --only parse,validate

Every figure is one command in a fresh process: wall time and peak RSS are that process's own. Prints a table and
the issue's targets (PASS/FAIL), and writes everything to bench/results/latest.json. Exit code 0: measured (whatever
the targets say); 1: some measured command failed; 2: could not run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

import plan
import report
from measure import Measurement, Run, harness_rss_mb, run_once
from plan import KINDS, SLOW_KINDS, Task
from views import view_tasks
from vocabs import BENCH, BenchError, vocabulary

RESULTS = BENCH / "results" / "latest.json"
OUT = BENCH / "cache" / "out"
ENV = {**os.environ, "NO_COLOR": "1"}
BASELINE_KINDS = ("parse", "ntriples", "skosify", "pyshacl")  # bench/baselines.py: phase times as JSON on stdout


def options(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--sizes", default="1000,10000,100000", help="concept counts, comma-separated")
    ap.add_argument("--runs", type=int, default=3, help="runs of each figure; the median is quoted (default 3)")
    ap.add_argument("--slow-runs", type=int, default=1, help="runs of Skosify and pySHACL (~90 s each at 100k)")
    ap.add_argument("--only", default=",".join(KINDS), help=f"what to measure, comma-separated: {','.join(KINDS)}")
    ap.add_argument("--json", type=Path, default=RESULTS, help=f"where to write the results (default {RESULTS})")
    ap.add_argument("--reuse-slow", type=Path, metavar="JSON",
                    help="take Skosify and pySHACL figures from an earlier results file where the vocabulary and "
                         "the tool's version are the same (they take minutes at 100k and do not change with us)")
    ap.add_argument("--gen-vocab", type=Path, default=None, help="path of gen_vocab.py (default ../shared/bench/)")
    args = ap.parse_args(argv)
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error(f"--sizes {args.sizes}: give concept counts such as 1000,10000")
    args.only = {k.strip() for k in args.only.split(",") if k.strip()}
    if args.only - set(KINDS):
        ap.error(f"--only: unknown {','.join(sorted(args.only - set(KINDS)))}; choose from {','.join(KINDS)}")
    if min(args.runs, args.slow_runs) < 1 or any(s < 40 for s in args.sizes):
        ap.error("--runs and --slow-runs are at least 1, and every size at least 40 (gen_vocab.py's minimum)")
    return args


class Progress:
    """One line on stderr rewritten in place, only when stderr is a terminal (a log file stays clean)."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.start, self.tty = total, 0, time.monotonic(), sys.stderr.isatty()

    def show(self, text: str) -> None:
        if self.tty:
            elapsed = time.monotonic() - self.start
            sys.stderr.write(f"\r\x1b[K[{self.done}/{self.total} {elapsed:.0f}s] {text}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.tty:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def measure(task: Task, runs: int, progress: Progress) -> Measurement:
    """Run a task `runs` times; the first run picks the first of its command lines that runs at all."""
    m = Measurement(task.tool, task.what, task.size, task.kind, task.family, task.status, task.note)
    if task.status != "ok":
        return m
    ok_codes = (0, 1) if task.kind in ("validate", "startup") else (0,)
    argvs = task.argvs
    for i in range(runs):
        progress.show(f"{task.what} @ {task.size}, run {i + 1}/{runs}")
        run = _run_first(argvs if i == 0 else [m.argv], task)
        m.argv = run[1]
        if run[0].exit not in ok_codes:
            m.status, m.note = "failed", _last_line(run[0])
            break
        m.runs.append(run[0])
    if m.runs and task.kind in BASELINE_KINDS:
        m.phases = _phases(m.runs)
    return m


def _run_first(argvs: list[list[str]], task: Task) -> tuple[Run, list[str]]:
    for argv in argvs:
        _clean(task.output)
        run = run_once(argv, plan.ROOT, ENV)
        _clean(task.output)
        if run.exit != 2:
            break
    return run, argv


def _clean(path: Path | None) -> None:
    if path is not None and path.is_dir():
        shutil.rmtree(path)
    elif path is not None and path.exists():
        path.unlink()


def _last_line(run: Run) -> str:
    lines = [line for line in run.stderr.strip().splitlines() if line.strip()]
    return f"exit {run.exit}: {lines[-1][:200] if lines else 'no message'}"


def _phases(runs: list[Run]) -> dict[str, float]:
    """The baselines' own phase times (JSON on stdout), median per phase over the runs."""
    parsed = [json.loads(r.stdout) for r in runs]
    return {k: round(statistics.median(p[k] for p in parsed), 4) if isinstance(parsed[0][k], float) else parsed[0][k]
            for k in parsed[0]}


def reusable(path: Path | None, vocabs: dict[int, dict]) -> dict[tuple[str, int], Measurement]:
    """Skosify and pySHACL figures of an earlier run, where they were measured on the same file by the same
    version of the tool; the note says which run they come from."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise BenchError(f"--reuse-slow {path}: cannot read it ({e})") from None
    files = {v["size"]: v.get("sha256") for v in data.get("vocabularies", [])}
    versions = data.get("machine", {}).get("packages", {})
    now = report.machine()["packages"]
    found = {}
    for item in data.get("measurements", []):
        m = Measurement.from_dict(item)
        same = m.size in vocabs and files.get(m.size) == vocabs[m.size].get("sha256")
        if m.kind in SLOW_KINDS and m.ok and same and versions.get(m.kind) == now.get(m.kind):
            m.note = f"reused from the run of {data.get('started')} (--reuse-slow)"
            found[(m.kind, m.size)] = m
    return found


def tasks_for(args: argparse.Namespace, vocabs: dict[int, dict], cli: dict, progress: Progress) -> list[Task]:
    tools = {name: importlib.util.find_spec(name) is not None for name in SLOW_KINDS}
    tasks: list[Task] = plan.startup_tasks(cli) if "startup" in args.only else []
    for size in args.sizes:
        path = str(vocabs[size]["path"])
        base = plan.baseline_tasks(size, path, OUT, args.only, tools)
        tasks += [t for t in base if t.kind in ("parse", "ntriples")]
        if "validate" in args.only:
            tasks.append(plan.validate_task(size, path, cli))
        if "export" in args.only:
            tasks += plan.export_tasks(size, path, OUT, cli)
        if "view" in args.only:
            progress.show(f"choosing a ~1,000-node view selection @ {size}")
            tasks += view_tasks(size, path, OUT, cli)
        tasks += [t for t in base if t.kind in SLOW_KINDS]
    return tasks


def main(argv: list[str] | None = None) -> int:
    args = options(argv)
    started, load_before = time.time(), os.getloadavg()
    try:
        # Generating the 100k file takes a second or two; say so on a terminal.
        Progress(0).show("generating or reusing vocabularies")
        vocabs = {size: vocabulary(size, args.gen_vocab) for size in args.sizes}
        cli = plan.cli_options()
        earlier = reusable(args.reuse_slow, vocabs)
    except (BenchError, RuntimeError) as e:
        sys.stderr.write(f"bench/run.py: error: {e}\n")
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    progress = Progress(0)
    tasks = tasks_for(args, vocabs, cli, progress)
    progress.total = len(tasks)
    results = []
    for task in tasks:
        reused = earlier.get((task.kind, task.size))
        runs = args.slow_runs if task.kind in SLOW_KINDS else args.runs
        results.append(reused if reused and task.status == "ok" else measure(task, runs, progress))
        progress.done += 1
    progress.close()
    report.add_ratios(results)
    checks = report.targets(results, args.sizes)
    print(report.table(results, args.slow_runs))
    print("\ntargets (issue 7)\n" + "\n".join(t.line() for t in checks))
    write_json(args, started, load_before, vocabs, results, checks)
    return 1 if any(m.status == "failed" for m in results) else 0


def portable(value):
    """`value` with this machine's paths written relative to the checkout (../ for its neighbours, as ../shared)
    and the interpreter as `python`: results files from two machines compare, and name no one's directories."""
    if isinstance(value, str):
        root, parent = str(plan.ROOT) + os.sep, str(plan.ROOT.parent) + os.sep
        if value == sys.executable:
            return "python"
        if value.startswith(root):
            return value[len(root):]
        return "../" + value[len(parent):] if value.startswith(parent) else value
    if isinstance(value, list | tuple):
        return [portable(v) for v in value]
    if isinstance(value, dict):
        return {k: portable(v) for k, v in value.items()}
    return value


def write_json(args: argparse.Namespace, started: float, load_before: tuple[float, ...], vocabs: dict[int, dict],
               results: list[Measurement], checks: list[report.Target]) -> None:
    data = {
        "schema": 1,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "duration_s": round(time.time() - started, 1),
        "command": ["bench/run.py", *sys.argv[1:]],
        "options": {"sizes": args.sizes, "runs": args.runs, "slow_runs": args.slow_runs, "only": sorted(args.only)},
        # Load averages tell a reader whether other work shared the machine during the run.
        "machine": {**report.machine(), "loadavg_start": load_before, "loadavg_end": os.getloadavg(),
                    "harness_peak_rss_mb": round(harness_rss_mb(), 1)},
        "vocabularies": [vocabs[s] for s in args.sizes],
        "measurements": [m.as_dict() for m in results],
        "targets": [t.as_dict() for t in checks],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    partial = args.json.with_name(args.json.name + ".part")
    partial.write_text(json.dumps(portable(data), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(partial, args.json)
    print(f"\nwritten: {args.json}")


if __name__ == "__main__":
    sys.exit(main())
