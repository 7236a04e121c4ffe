"""Per-rule time of validate's columnar forms (validate.columnar) against the same rules on the store, on one
vocabulary, in interleaved rounds (store, columns, store, ...): medians, and whether both gave the same hits.

    python bench/columnar_rules.py                               # gen_vocab 100000, 3 rounds, columnar_labels' rules
    python bench/columnar_rules.py --rules all --rounds 5 --json bench/results/columnar_rules.json
    python bench/columnar_rules.py --path ../shared/vocabs/stw-9.16.ttl --rules ol,label-duplicate

One process: the file is loaded once (with validate's entailment) and read into columns once (timed apart);
each rule then runs on both engines, from cold memos each round: label-duplicate and ol share their label groups
and the label rules the literals' texts, built by whichever runs first in a round, as validate runs them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from vocabs import vocabulary  # noqa: E402

from tropekg.sources.reader import load  # noqa: E402
from tropekg.validate import columnar_homonyms, columnar_labels, runner  # noqa: E402
from tropekg.validate.columnar import COLUMNAR, columnar_hits  # noqa: E402
from tropekg.validate.columns import Columns  # noqa: E402
from tropekg.validate.entailment import entailed  # noqa: E402
from tropekg.validate.rules import all_rules  # noqa: E402


def _timed(call, *args):
    start = time.perf_counter()
    result = call(*args)
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="concepts of the synthetic vocabulary")
    parser.add_argument("--path", type=Path, help="a vocabulary file instead of the synthetic one")
    parser.add_argument("--rules", default="labels", help="rule ids, comma-separated; 'labels' (columnar_labels' and"
                                                          " columnar_homonyms') or 'all' (every columnar rule)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each engine per rule, alternated (medians)")
    parser.add_argument("--gen-vocab", type=Path, default=ROOT.parent / "shared" / "bench" / "gen_vocab.py")
    parser.add_argument("--json", help="write the results here (- for stdout)")
    args = parser.parse_args()
    path = args.path or vocabulary(args.size, args.gen_vocab if args.gen_vocab.exists() else None)["path"]
    labels = {*columnar_labels.FORMS, *columnar_homonyms.FORMS}
    wanted = labels if args.rules == "labels" else set(COLUMNAR) if args.rules == "all" else set(args.rules.split(","))
    rules = [r for r in all_rules() if r.id in wanted and r.id in COLUMNAR]
    load_s, vocab = _timed(lambda: load([Path(path)], lenient=True))
    figures: dict[str, dict] = {}
    with entailed(vocab):
        columns_s, cols = _timed(lambda: Columns.of(vocab))
        times: dict[str, dict[str, list[float]]] = {r.id: {"store": [], "columns": []} for r in rules}
        equal: dict[str, bool] = {}
        for _ in range(args.rounds):
            vocab.forget("validate.label_groups")
            columnar_labels._BY_ID.clear()
            columnar_homonyms._GROUPS.clear()
            for rule in rules:
                t_store, want = _timed(runner._hits, vocab, rule)
                t_cols, got = _timed(columnar_hits, cols, rule)
                times[rule.id]["store"].append(t_store)
                times[rule.id]["columns"].append(t_cols)
                equal[rule.id] = got is None or sorted(got) == sorted(want)
    for rule in rules:
        store, cols_s = (statistics.median(times[rule.id][k]) for k in ("store", "columns"))
        figures[rule.id] = {"store_s": round(store, 3), "columns_s": round(cols_s, 3), "equal": equal[rule.id]}
        print(f"{rule.id:18} store {store:7.3f} s   columns {cols_s:7.3f} s   equal {equal[rule.id]}")
    print(f"load {load_s:.2f} s, columns (read + entailment, once) {columns_s:.2f} s")
    result = {"vocabulary": str(path), "rounds": args.rounds, "load_s": round(load_s, 2),
              "columns_s": round(columns_s, 2), "rules": figures}
    if args.json:
        text = json.dumps(result, indent=2)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0 if all(equal.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
