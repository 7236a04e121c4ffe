"""validate's stages one after another, each timed: every rule's query or analysis, entailment, the report.

    python bench/validate_rules.py V.ttl                     # this tree
    python bench/validate_rules.py V.ttl --tree /tmp/base    # another checkout (git worktree add --detach ...)

Runs on one thread in the order validate() gives them (the stated-triple checks, entailment, the entailed ones,
the analyses, the report), so each figure is that step's own cost and the sum is the work validate spreads over
its two pool threads; also its CPU time (the figure to compare on a shared machine)
and the peak RSS once each step is done. It calls runner.py's internals on purpose (what a
rule costs is not a public API): a tree whose runner differs may need this script adjusted. The store engine only.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vocabulary", type=Path)
    parser.add_argument("--tree", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--json", help="write the steps here (- for stdout)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.tree.resolve()))
    steps = profile(args.vocabulary)
    if args.json:
        text = json.dumps(steps, indent=1)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    else:
        for name, (seconds, cpu, rss) in steps.items():
            print(f"{name:24} {seconds:7.3f} s  {cpu:7.3f} s CPU  {rss:5d} MB")
    return 0


def profile(path: Path) -> dict[str, tuple[float, float, int]]:
    """{step: (wall seconds, CPU seconds, peak RSS in MB after it)}, in the order run."""
    from tropekg.sources.reader import load
    from tropekg.validate import runner
    from tropekg.validate.findings import report_of
    from tropekg.validate.rules import chosen

    steps: dict[str, tuple[float, int]] = {}

    def timed(name: str, fn, *a):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn(*a)
        steps[name] = (round(time.perf_counter() - start, 3), round(time.process_time() - cpu, 3),
                       resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
        return result

    vocab = timed("load", load, [path])
    rules = chosen(None, None)
    gc.disable()
    pooled = [r for r in rules if (r.sparql and not r.analysis) or r.analysis in runner.QUERY_ONLY]
    stated = [r for r in pooled if not runner.reads_entailed(r.sparql or "", r.entailment)]
    hits = {r.id: timed(r.id, runner._hits, vocab, r) for r in stated}
    context = runner.entailed(vocab)
    timed("(entailment)", context.__enter__)
    hits.update({r.id: timed(r.id, runner._hits, vocab, r) for r in pooled if r.id not in hits})
    analysed = sorted((r for r in rules if r.analysis and r.id not in hits),
                      key=lambda r: (r.analysis != "shacl", r.analysis in runner._LABEL_ANALYSES))
    for rule in analysed:
        if rule.analysis in runner._LABEL_ANALYSES:
            if hasattr(vocab, "derived"):  # forget_hierarchy drops the layers too
                vocab.derived.forget_hierarchy()
            else:
                vocab.forget("validate.layers")
                vocab.forget("hierarchy.")

        def analysis(rule=rule):
            rows = runner._run_query(vocab, rule) if rule.sparql else []
            return runner.ANALYSES[rule.analysis](vocab, rows)

        hits[rule.id] = timed(rule.id, analysis)
    report = timed("(report)", report_of, vocab, rules, hits, "warning", "en", True, lambda *a: None)
    context.__exit__(None, None, None)
    from tropekg.validate.reports import REPORTS

    timed("(json)", REPORTS["json"], report)
    steps["(findings)"] = (len(report.findings), 0, 0)
    return steps


if __name__ == "__main__":
    sys.exit(main())
