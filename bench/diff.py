"""Benchmark of `tropekg diff`: two synthetic vocabularies of N concepts that differ in 1 % of them.

    python bench/diff.py [N] [--runs 3] [--out bench/results/diff.json]

OLD is ../shared/bench/gen_vocab.py's vocabulary; NEW is OLD with every hundredth concept edited, in turn:
prefLabel renamed, definition reworded, a parent added, or the concept removed and another added. Measured in one
process, wall and CPU time, medians and bests of the runs: loading both one after the other (the issue's
yardstick), diff_files() (both sides side by side, then the comparison), and compare() on loaded vocabularies.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "bench" / "gen_vocab.py"
sys.path.insert(0, str(ROOT))


def edited(text: str) -> tuple[str, int]:
    """NEW from OLD's Turtle: every hundredth concept block (from c50 on) edited one of four ways."""
    blocks = re.split(r"\n(?=ex:c\d+ a )", text)
    changed = 0
    for n, block in enumerate(blocks):
        found = re.match(r"ex:c(\d+) a ", block)
        if not found or int(found[1]) % 100 != 50:
            continue
        i, kind = int(found[1]), (int(found[1]) // 100) % 4
        changed += 1
        if kind == 0:
            blocks[n] = block.replace(f'"Concept {i}"@en', f'"Renamed concept {i}"@en')
        elif kind == 1:
            blocks[n] = block.replace("made for benchmarks", "made for the diff benchmark")
        elif kind == 2:
            blocks[n] = block.replace("a skos:Concept ;", "a skos:Concept ;\n    skos:broader ex:c1 ;", 1)
        else:
            blocks[n] = f'ex:n{i} a skos:Concept ;\n    skos:prefLabel "New concept {i}"@en .'
    return "\n".join(blocks), changed


def timed(function, *args):
    """(wall seconds, CPU seconds of every thread of the process, value)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = function(*args)
    return time.perf_counter() - start, time.process_time() - cpu, value


def load_both(old: Path, new: Path):
    import tropekg

    return tropekg.load([old]), tropekg.load([new])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "diff.json"))
    args = parser.parse_args()
    from tropekg.diff import compare, diff_files

    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old.ttl", Path(tmp) / "new.ttl"
        text = subprocess.run([sys.executable, str(GEN), str(args.n)], capture_output=True, text=True,
                              check=True).stdout
        old.write_text(text, encoding="utf-8")
        changed_text, changed = edited(text)
        new.write_text(changed_text, encoding="utf-8")
        runs: dict[str, list[float]] = {}
        for _ in range(args.runs):
            for name, function, arguments in (("load_both", load_both, (old, new)),
                                              ("diff_files", diff_files, (str(old), str(new)))):
                wall, cpu, value = timed(function, *arguments)
                runs.setdefault(f"{name}_s", []).append(wall)
                runs.setdefault(f"{name}_cpu_s", []).append(cpu)
            wall, cpu, result = timed(compare, *load_both(old, new))
            runs.setdefault("compare_s", []).append(wall)
            runs.setdefault("compare_cpu_s", []).append(cpu)
        summary = result.summary
    replaced = sum(1 for i in range(50, args.n, 100) if (i // 100) % 4 == 3)
    expected = {"added": replaced, "removed": replaced, "changed": changed - replaced}
    report = {"concepts": args.n, "edited": changed, "expected": expected, "runs": args.runs,
              "medians": {k: round(statistics.median(v), 2) for k, v in runs.items()},
              "best": {k: round(min(v), 2) for k, v in runs.items()},
              "times": {k: [round(x, 2) for x in v] for k, v in runs.items()},
              "found": {"concepts": summary["concepts"], "triples": summary["triples"]}}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
