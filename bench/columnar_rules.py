"""Per-rule time of the columnar forms (validate.columnar) against the same rules on the store, in one process, on
one vocabulary: interleaved rounds, medians, and whether both gave the same hits.

    python bench/columnar_rules.py                                  # gen_vocab 100000, columnar_more's rules
    python bench/columnar_rules.py --rules all --rounds 5 --json bench/results/columnar-rules.json
    python bench/columnar_rules.py --path ../shared/vocabs/stw-9.16.ttl
    python bench/columnar_rules.py --rules labels                   # columnar_labels' and columnar_homonyms' rules
    python bench/columnar_rules.py --columns-only --rules all       # as validate runs them: no store, two threads
    python bench/columnar_rules.py --columns-only --rules all --size 1000000   # growth: compare with the 100k figures

Each round times every rule's columnar form on the columns (built once, timed apart) and its store form inside
entailment (runner._hits: the rule's query or analysis), alternately. The store's hierarchy is read again for each
analysis (as validate reads it once for all of them, the store's figure for hr includes that read).

With --columns-only no store is loaded: the files are read into columns as `validate` reads large input
(Columns.read), and each round times every rule's form alone (wall and CPU, shared inputs made again each round),
then all of them as validate runs them (columnar.columnar_all: two threads).
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
from tropekg.validate.columnar import COLUMNAR, columnar_all, columnar_hits  # noqa: E402
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
    parser.add_argument("--columns-only", action="store_true", help="no store: the columnar forms alone, each "
                        "rule and then all on two threads (as validate runs them)")
    args = parser.parse_args()
    path = args.path or str(vocabulary(args.size, args.gen_vocab if args.gen_vocab.exists() else None)["path"])
    labels = {*columnar_labels.FORMS, *columnar_homonyms.FORMS}
    wanted = set(FORMS) if args.rules == "more" else labels if args.rules == "labels" else set(
        COLUMNAR) if args.rules == "all" else set(args.rules.split(","))
    rules = [r for r in all_rules() if r.id in wanted and r.id in COLUMNAR]
    gc.disable()  # as validate runs its rules
    if args.columns_only:
        return _columns_only(path, rules, args)
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


def _cold(cols: Columns) -> None:
    """Forget what the rules made and shared, so that each round makes it again (as one validate run does)."""
    cols._memo.clear()
    cols._union = cols._by_p = None


def _columns_only(path: str, rules: list, args: argparse.Namespace) -> int:
    vocab = load([path], deferred=True)
    build, cols = _timed(lambda: Columns.read(vocab))
    wall: dict[str, list[float]] = {r.id: [] for r in rules}
    cpu: dict[str, list[float]] = {r.id: [] for r in rules}
    serial, together, hits = [], [], {}
    for _ in range(args.rounds):
        _cold(cols)
        start, used = time.perf_counter(), time.process_time()
        for rule in rules:
            a, b = time.perf_counter(), time.process_time()
            hits[rule.id] = columnar_hits(cols, rule)
            wall[rule.id].append(time.perf_counter() - a)
            cpu[rule.id].append(time.process_time() - b)
        serial.append((time.perf_counter() - start, time.process_time() - used))
        _cold(cols)
        start, used = time.perf_counter(), time.process_time()
        found = columnar_all(cols, rules, lambda *_: None)
        together.append((time.perf_counter() - start, time.process_time() - used))
        assert found is None or all(sorted(found[r.id]) == sorted(hits[r.id] or []) for r in rules), "threads differ"
    med = statistics.median
    figures = {r.id: {"wall_s": round(med(wall[r.id]), 4), "cpu_s": round(med(cpu[r.id]), 4),
                      "hits": None if hits[r.id] is None else len(hits[r.id])} for r in rules}
    result = {"vocabulary": path, "triples": cols.stated.height, "rounds": args.rounds,
              "columns_read_s": round(build, 2),
              "serial": {"wall_s": round(med(w for w, _ in serial), 3), "cpu_s": round(med(c for _, c in serial), 3)},
              "two_threads": {"wall_s": round(med(w for w, _ in together), 3),
                              "cpu_s": round(med(c for _, c in together), 3)},
              "rules": figures, "load_average_at_end": [round(x, 1) for x in os.getloadavg()]}
    print(f"columns read in {build:.2f} s ({cols.stated.height:,} triples)")
    for rid, f in sorted(figures.items(), key=lambda kv: -kv[1]["wall_s"]):
        print(f"{rid:16} wall {f['wall_s']:7.3f} s   cpu {f['cpu_s']:7.3f} s   {f['hits']} hits")
    one, two = result["serial"], result["two_threads"]
    print(f"all rules, one after another: wall {one['wall_s']} s, cpu {one['cpu_s']} s; "
          f"on two threads (validate): wall {two['wall_s']} s, cpu {two['cpu_s']} s")
    if args.json:
        write_report(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
