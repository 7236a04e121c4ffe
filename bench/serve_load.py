"""A bounded load test of `tropekg serve` on loopback: a few hundred requests from a few concurrent clients,
running every shipped query in turn; reports p50/p99 latency and errors (exit 1 on any error).

    python bench/serve_load.py                      # 400 requests, 4 clients, the bundled taxonomy
    python bench/serve_load.py --requests 12 --clients 2 --json -
    python bench/serve_load.py --file ../shared/vocabs/stw-9.16.ttl
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def queries(files: list[str]) -> list[str]:
    """The shipped queries with their example parameters bound, as a client would send them."""
    import tropekg
    from tropekg.query import sparql

    vocab = tropekg.load(files)
    return [sparql.prepared(vocab, q, q.examples) for q in sparql.named_queries().values()
            if not files or not q.params]


def start(files: list[str]) -> tuple[str, subprocess.Popen]:
    process = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "serve", "--port", "0", *files],
                               stderr=subprocess.PIPE, text=True)
    line = process.stderr.readline()
    found = re.search(r"(http://\S+/query)", line)
    if not found:
        process.kill()
        raise SystemExit(f"serve did not start: {line}{process.stderr.read()}")
    # Drain the request log so the server never blocks on a full pipe.
    threading.Thread(target=process.stderr.read, daemon=True).start()
    return found[1], process


# JSON results for SELECT and ASK, Turtle for the CONSTRUCT queries (content negotiation, RFC 9110 12.5.1).
ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"


def client(url: str, texts: list[str], count: int, offset: int, out: list, errors: list) -> None:
    for i in range(count):
        body = urllib.parse.urlencode({"query": texts[(offset + i) % len(texts)]}).encode()
        request = urllib.request.Request(url, data=body, headers={"Accept": ACCEPT})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
            out.append(time.perf_counter() - started)
        except (urllib.error.URLError, OSError) as e:
            errors.append(str(e))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def write_report(report: dict, target: str | None) -> bool:
    """The report as JSON on stdout (target "-"), or into the file `target` when given; True when the caller
    should also print its one-line summary (not when stdout carries the JSON)."""
    text = json.dumps(report, indent=2) + "\n"
    if target == "-":
        sys.stdout.write(text)
        return False
    if target:
        Path(target).write_text(text, encoding="utf-8")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--file", action="append", default=[], help="serve this SKOS file instead")
    parser.add_argument("--json", metavar="PATH", help="write the report as JSON ('-' for stdout)")
    args = parser.parse_args()
    texts = queries(args.file)
    url, process = start(args.file)
    latencies: list[float] = []
    errors: list[str] = []
    try:
        share = [args.requests // args.clients + (i < args.requests % args.clients) for i in range(args.clients)]
        threads = [threading.Thread(target=client, args=(url, texts, n, i * 7, latencies, errors))
                   for i, n in enumerate(share)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=30)
    ms = {p: round(1000 * percentile(latencies, p), 1) for p in (50, 99)}
    report = {"requests": args.requests, "clients": args.clients, "queries": len(texts), "errors": len(errors),
              "p50_ms": ms[50], "p99_ms": ms[99], "max_ms": round(1000 * max(latencies, default=0), 1),
              "wall_s": round(wall, 2),
              "requests_per_s": round(args.requests / wall, 1), "first_errors": errors[:3]}
    if write_report(report, args.json):
        print(f"{report['requests']} requests, {report['clients']} clients, {report['queries']} queries: "
              f"p50 {report['p50_ms']} ms, p99 {report['p99_ms']} ms, max {report['max_ms']} ms, "
              f"{report['requests_per_s']} req/s, {report['errors']} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
