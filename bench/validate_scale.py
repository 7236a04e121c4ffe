"""validate at 100k and 1M concepts (issue 27): the parse floor, the store engine, the columnar engine (the files
read into columns, no store) and, at 100k, Skosify and pySHACL, in one run, interleaved rounds, medians.

    python bench/validate_scale.py                     # 100k (3 rounds, peers included) and 1M (1 round)
    python bench/validate_scale.py --peer-rounds 1       # Skosify and pySHACL in the first round only
    python bench/validate_scale.py --quick             # 100k only, 1 round: floor, columns, store
    python bench/validate_scale.py --lock /work/plan/big.lock   # 1M runs one at a time on a shared machine

Each run is a fresh process; wall time and peak RSS are the child's own (measure.run_once). "columns" and "store"
run the same rules (every rule with a columnar form, and invalid-iri) with --engine columns and --engine store, so
their reports must be equal; "store, all rules" and "auto, all rules" run the default rule set as shipped, "auto,
all rules" being `tropekg validate FILE` itself, run at both sizes. The floor is pyoxigraph's parse of the file,
counting triples only. Writes bench/figures/validate-scale.json.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import Run, compiled, run_once  # noqa: E402
from serve_load import write_report  # noqa: E402
from vocabs import vocabulary  # noqa: E402

_COLUMNAR = "from tropekg.validate.columnar import COLUMNAR; print(','.join([*COLUMNAR, 'invalid-iri']))"
TIMEOUT = 1800  # seconds for any one run: a hung run is a result, not a stalled benchmark


def _commands(path: str, out: Path, select: str, store: bool, peers: bool) -> dict[str, list[str]]:
    """What runs at one size: the floor, the columns and the default rules (auto) always; with `store` the store
    on the same rules as the columns; with `peers` the default rules by the store, Skosify and pySHACL."""
    py, cli = sys.executable, [sys.executable, "-m", "tropekg", "validate", path, "-f", "json"]
    commands = {
        "parse floor": [py, str(ROOT / "bench" / "baselines.py"), "parse", path],
        "columns": [*cli, "--select", select, "--engine", "columns", "-o", str(out / "columns.json")],
        # `tropekg validate FILE` as shipped (the default rules, the engine auto chooses): the run issue 27's
        # acceptance times, at both sizes.
        "auto, all rules": [*cli, "--engine", "auto", "-o", str(out / "all-auto.json")],
    }
    if store:
        commands["store"] = [*cli, "--select", select, "--engine", "store", "-o", str(out / "store.json")]
    if peers:
        commands["store, all rules"] = [*cli, "--engine", "store", "-o", str(out / "all-store.json")]
        commands["skosify"] = [py, str(ROOT / "bench" / "baselines.py"), "skosify", path]
        commands["pyshacl"] = [py, str(ROOT / "bench" / "baselines.py"), "pyshacl", path,
                               str(ROOT / "bench" / "skos-shapes.ttl")]
    return commands


_PEERS = ("skosify", "pyshacl")


def _measure(commands: dict[str, list[str]], rounds: int, lock: str | None,
             peer_rounds: int | None = None) -> dict[str, list[Run]]:
    """Each command `rounds` times, interleaved; the peers only in the first `peer_rounds` rounds (pySHACL
    alone takes minutes a run)."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for round_ in range(rounds):  # interleaved: each round runs every command once, so load changes hit all alike
        for name, argv in commands.items():
            if name in _PEERS and peer_rounds is not None and round_ >= peer_rounds:
                continue
            timed = ["timeout", str(TIMEOUT), *argv]
            runs[name].append(run_once(["flock", lock, *timed] if lock else timed, ROOT))
    return runs


def _figures(runs: dict[str, list[Run]]) -> dict[str, dict]:
    figures = {name: {"wall_s": round(statistics.median(r.wall_s for r in rs), 2),
                      "cpu_s": round(statistics.median(r.cpu_s for r in rs), 2),
                      "rss_mb": round(statistics.median(r.rss_mb for r in rs), 1),
                      "exits": sorted({r.exit for r in rs})} for name, rs in runs.items()}
    floor, floor_cpu = figures["parse floor"]["wall_s"], figures["parse floor"]["cpu_s"]
    for f in figures.values():
        f["x_floor"] = round(f["wall_s"] / floor, 2)
        f["cpu_x_floor"] = round(f["cpu_s"] / floor_cpu, 2) if floor_cpu else None
    return figures


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def _scale(size: int, rounds: int, store: bool, peers: bool, lock: str | None, gen: Path, select: str,
           peer_rounds: int | None = None) -> dict:
    path = str(vocabulary(size, gen if gen.exists() else None)["path"])
    with tempfile.TemporaryDirectory(prefix="validate-scale-") as tmp:
        out = Path(tmp)
        runs = _measure(_commands(path, out, select, store, peers), rounds, lock, peer_rounds)
        equal = {"reports_equal": _digest(out / "store.json") == _digest(out / "columns.json") != ""} if store else {}
        if peers:
            equal["all_rules_reports_equal"] = _digest(out / "all-store.json") == _digest(out / "all-auto.json") != ""
    result = {"vocabulary": f"gen_vocab {size}", "rounds": rounds, "figures": _figures(runs), **equal}
    if peers and peer_rounds is not None:
        result["peer_rounds"] = min(peer_rounds, rounds)
    for name, f in result["figures"].items():
        print(f"{size:>8} {name:17} {f['wall_s']:8.2f} s {f['rss_mb']:8.1f} MB {f['x_floor']:6.2f}x floor, "
              f"CPU {f['cpu_s']:7.2f} s {f['cpu_x_floor']}x, exit {f['exits']}", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100_000, help="concepts of the smaller vocabulary")
    parser.add_argument("--large", type=int, default=1_000_000, help="concepts of the larger one (0: skip it)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds at the smaller size (medians)")
    parser.add_argument("--peer-rounds", type=int, help="rounds of Skosify and pySHACL (default: --rounds)")
    parser.add_argument("--large-rounds", type=int, default=1, help="rounds at the larger size")
    parser.add_argument("--quick", action="store_true", help="the smaller size only, one round, no peers and no "
                        "default rule set (floor, columns and store)")
    parser.add_argument("--lock", help="a file to flock around every run (a machine shared with other big runs)")
    parser.add_argument("--gen-vocab", type=Path, default=ROOT.parent / "shared" / "bench" / "gen_vocab.py")
    parser.add_argument("--json", default=str(ROOT / "bench" / "figures" / "validate-scale.json"),
                        help="where to write the results (- for stdout)")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.large = 1, 0
    compiled(ROOT)
    select = subprocess.run([sys.executable, "-c", _COLUMNAR], cwd=ROOT, capture_output=True, text=True,
                            check=True, timeout=60).stdout.strip()
    result: dict = {"selected": select.split(","),
                    "small": _scale(args.small, args.rounds, True, not args.quick, args.lock, args.gen_vocab, select,
                                    args.peer_rounds)}
    if args.large:
        result["large"] = _scale(args.large, args.large_rounds, False, False, args.lock, args.gen_vocab, select)
        small, large = result["small"]["figures"]["columns"], result["large"]["figures"]["columns"]
        result["growth_columns"] = round(large["wall_s"] / small["wall_s"], 2)
        print(f"time({args.large}) / time({args.small}), columns: {result['growth_columns']}")
    if not args.quick:
        peers = result["small"]["figures"]
        for peer in ("skosify", "pyshacl"):
            peers[peer]["x_columns"] = round(peers[peer]["wall_s"] / peers["columns"]["wall_s"], 1)
            # What a user runs: the default rules, engine auto (issue 27's ">= 25x Skosify").
            peers[peer]["x_auto"] = round(peers[peer]["wall_s"] / peers["auto, all rules"]["wall_s"], 1)
    result["load_average_at_end"] = [round(x, 1) for x in os.getloadavg()]
    write_report(result, args.json)
    return 0 if result["small"].get("reports_equal", True) else 1


if __name__ == "__main__":
    sys.exit(main())
