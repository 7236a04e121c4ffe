"""`tropekg serve` against the bare `oxigraph serve-read-only` on the same data, in one run, with Debian's `wrk`:
one point lookup (GET, JSON results) from 50 connections on 2 threads for 10 s each, alternated over 3 rounds;
reports the medians of requests/s, p50 and p99 of both and their ratios (the targets: requests/s ratio >= 0.5, p99
ratio <= 2, 0 errors).

    python bench/serve_wrk.py                           # the UNESCO thesaurus from ../shared/vocabs
    python bench/serve_wrk.py --duration 3 --rounds 1 --json -
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_load import start, write_report  # noqa: E402

UNESCO = ROOT.parent / "shared" / "vocabs" / "unesco-thesaurus-2017.ttl"
QUERY = "SELECT ?p ?o WHERE { <http://skos.um.es/unescothes/C00010> ?p ?o }"
ACCEPT = "application/sparql-results+json"
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, threads: int, connections: int, duration: int, accept: str = ACCEPT,
        script: str | None = None) -> dict:
    """wrk's requests/s, p50 and p99 in ms, and its error counts (socket errors and answers other than 2xx/3xx);
    `script`: a Lua file that makes the requests (bench/reconcile.py's rotating suggest prefixes)."""
    done = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
                           "-H", f"Accept: {accept}", *(["-s", script] if script else []), url],
                          capture_output=True, text=True, check=True)
    out = done.stdout

    def latency(p: str) -> float:
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return round(float(value) * _UNITS[unit], 2)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "p50_ms": latency("50"), "p99_ms": latency("99"),
            "errors": sum(map(int, sockets.groups())) if sockets else 0,
            "non_2xx": int(non2xx.group(1)) if non2xx else 0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(UNESCO))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3, help="alternate the two servers this many times (medians)")
    parser.add_argument("--json", metavar="PATH", help="write the report as JSON ('-' for stdout)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    import tropekg
    from tropekg.serve.oxigraph import engine

    target = "/query?" + urllib.parse.urlencode({"query": QUERY})
    load = (args.threads, args.connections, args.duration)
    rounds: dict[str, list[dict]] = {"oxigraph": [], "tropekg": []}
    url, process = start([args.file])
    try:
        with engine(tropekg.load([args.file])) as bare:  # `oxigraph serve-read-only`, no option
            for _ in range(args.rounds):  # alternated, so a busy moment of a shared machine hits both
                rounds["oxigraph"].append(wrk(bare.base + target, *load))
                rounds["tropekg"].append(wrk(url.removesuffix("/query") + target, *load))
    finally:
        process.terminate()
        process.wait(timeout=30)
    timed = ("requests_per_s", "p50_ms", "p99_ms")
    medians = {name: {key: round(statistics.median(r[key] for r in runs), 2) for key in timed}
               | {"errors": sum(r["errors"] for r in runs), "non_2xx": sum(r["non_2xx"] for r in runs),
                  "requests": sum(r["requests"] for r in runs)} for name, runs in rounds.items()}
    ours, oxigraph = medians["tropekg"], medians["oxigraph"]
    report = {"file": Path(args.file).name, "query": QUERY, "threads": args.threads,
              "connections": args.connections, "duration_s": args.duration, "rounds": args.rounds,
              "oxigraph": oxigraph, "tropekg": ours, "runs": rounds,
              "requests_per_s_ratio": round(ours["requests_per_s"] / oxigraph["requests_per_s"], 3),
              "p99_ratio": round(ours["p99_ms"] / oxigraph["p99_ms"], 2)}
    if write_report(report, args.json):
        for name in ("oxigraph", "tropekg"):
            r = report[name]
            print(f"{name:9} {r['requests_per_s']:9.0f} req/s (median)  p50 {r['p50_ms']} ms  p99 {r['p99_ms']} ms  "
                  f"errors {r['errors']}  non-2xx {r['non_2xx']}")
        print(f"ratio: requests/s {report['requests_per_s_ratio']}, p99 {report['p99_ratio']}")
    ok = report["requests_per_s_ratio"] >= 0.5 and report["p99_ratio"] <= 2 and not ours["errors"] + ours["non_2xx"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
