"""Per-rule time of the columnar forms (validate.columnar) against the same rules on the store, in one process, on
one vocabulary: interleaved rounds, medians, and whether both gave the same hits.

    python bench/columnar_rules.py                                  # gen_vocab 100000, columnar_more's rules
    python bench/columnar_rules.py --rules all --rounds 5 --json bench/results/columnar-rules.json
    python bench/columnar_rules.py --path ../shared/vocabs/stw-9.16.ttl
    python bench/columnar_rules.py --rules labels                   # columnar_labels' and columnar_homonyms' rules

Each round times every rule's columnar form on the columns (built once, timed apart) and its store form inside
entailment (runner._hits: the rule's query or analysis), alternately. The store's hierarchy is read again for each
analysis (as validate reads it once for all of them, the store's figure for hr includes that read).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_load import write_report  # noqa: E402
from vocabs import vocabulary  # noqa: E402

from tropekg.sources.reader import load  # noqa: E402
from tropekg.validate import columnar_homonyms, columnar_labels, runner  # noqa: E402
from tropekg.validate.columnar import COLUMNAR, columnar_hits  # noqa: E402
from tropekg.validate.columnar_more import FORMS  # noqa: E402
from tropekg.validate.columns import Columns  # noqa: E402
from tropekg.validate.entailment import entailed  # noqa: E402
from tropekg.validate.rules import all_rules  # noqa: E402


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="concepts of the synthetic vocabulary")
    parser.add_argument("--path", help="a vocabulary file instead of the synthetic one")
    parser.add_argument("--rules", default="more", help="'more' (columnar_more.py), 'labels' (columnar_labels.py, "
                        "columnar_homonyms.py), 'all' (COLUMNAR) or ids, a,b")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each form, alternated (medians)")
    parser.add_argument("--gen-vocab", type=Path, default=ROOT.parent / "shared" / "bench" / "gen_vocab.py")
    parser.add_argument("--json", help="write the results here (- for stdout)")
    args = parser.parse_args()
    path = args.path or str(vocabulary(args.size, args.gen_vocab if args.gen_vocab.exists() else None)["path"])
    labels = {*columnar_labels.FORMS, *columnar_homonyms.FORMS}
    wanted = set(FORMS) if args.rules == "more" else labels if args.rules == "labels" else set(
        COLUMNAR) if args.rules == "all" else set(args.rules.split(","))
    rules = [r for r in all_rules() if r.id in wanted and r.id in COLUMNAR]
    gc.disable()  # as validate runs its rules
    vocab = load([path], lenient=True)
    build, cols = _timed(lambda: Columns.of(vocab))
    times: dict[str, dict[str, list[float]]] = {r.id: {"columns": [], "store": []} for r in rules}
    equal: dict[str, bool] = {}
    hits: dict[str, int] = {}
    with entailed(vocab):
        for _ in range(args.rounds):
            for rule in rules:
                cols._memo.clear()  # cold, as the store's memos below: the rules share what Columns.memo holds
                took, got = _timed(lambda rule=rule: columnar_hits(cols, rule))
                times[rule.id]["columns"].append(took)
                vocab.derived.forget_hierarchy()
                vocab.forget("validate.")
                took, want = _timed(lambda rule=rule: runner._hits(vocab, rule))
                times[rule.id]["store"].append(took)
                equal[rule.id] = got is None or sorted(got) == sorted(want)
                hits[rule.id] = len(want)
    figures = {rid: {"columns_s": round(statistics.median(t["columns"]), 3),
                     "store_s": round(statistics.median(t["store"]), 3), "hits": hits[rid], "same": equal[rid]}
               for rid, t in times.items()}
    result = {"vocabulary": path, "triples": len(vocab), "rounds": args.rounds, "columns_build_s": round(build, 2),
              "rules": figures, "load_average_at_end": [round(x, 1) for x in os.getloadavg()]}
    print(f"columns built in {build:.2f} s ({len(vocab):,} triples)")
    for rid, f in figures.items():
        print(f"{rid:16} columns {f['columns_s']:7.3f} s   store {f['store_s']:7.3f} s   {f['hits']:7} hits   "
              f"{'same' if f['same'] else 'DIFFERENT'}")
    if args.json:
        write_report(result, args.json)
    return 0 if all(equal.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
