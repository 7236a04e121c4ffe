"""Concept pages: `tropekg serve` against the same site's static files served by Debian's nginx with the
configuration `export -f site` writes, with Debian's `wrk` (50 connections, 2 threads), alternated A/B rounds.
Two steps of a lookup, each for Turtle and for HTML: the negotiation (tropekg's /entity?uri=IRI against nginx's
rules on the IRI's path, both a 303) and the representation itself (/netorare.ttl, /netorare.html, both a 200).
Reports the medians of requests/s and p99 and tropekg/nginx ratios.

    python bench/serve_pages.py --duration 3 --rounds 2 --json bench/figures/pages.json
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_load import start, write_report  # noqa: E402
from serve_wrk import wrk  # noqa: E402

IRI = "https://w3id.org/tropekg/id/netorare"
# (name, tropekg target, nginx target, Accept)
CASES = [("turtle 303", "/entity?uri=" + urllib.parse.quote(IRI, safe=""), "/netorare", "text/turtle"),
         ("html 303", "/entity?uri=" + urllib.parse.quote(IRI, safe=""), "/netorare", "text/html"),
         ("turtle 200", "/netorare.ttl", "/netorare.ttl", "text/turtle"),
         ("html 200", "/netorare.html", "/netorare.html", "text/html")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", metavar="PATH", help="write the report as JSON ('-' for stdout)")
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is not installed (apt-get install {tool})")
    import tropekg
    from tests.servers import static_server
    from tropekg.export import export_to

    load = (args.threads, args.connections, args.duration)
    runs: dict[str, dict[str, list[dict]]] = {name: {"tropekg": [], "nginx": []} for name, *_ in CASES}
    folder = Path(tempfile.mkdtemp(prefix="tropekg-bench-"))
    url, process = start([])
    try:
        export_to(tropekg.load(), "site", str(folder / "site"))
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        ours = url.removesuffix("/query")
        with static_server("nginx", folder / "site") as nginx:
            for _ in range(args.rounds):  # alternated, so a busy moment of a shared machine hits both
                for name, target, static, accept in CASES:
                    runs[name]["tropekg"].append(wrk(ours + target, *load, accept=accept))
                    runs[name]["nginx"].append(wrk(nginx + static, *load, accept=accept))
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    report = {"iri": IRI, "threads": args.threads, "connections": args.connections, "duration_s": args.duration,
              "rounds": args.rounds, "cases": {}}
    for name, by_server in runs.items():
        medians = {server: {key: round(statistics.median(r[key] for r in done), 2)
                            for key in ("requests_per_s", "p50_ms", "p99_ms")}
                   | {"errors": sum(r["errors"] + r["non_2xx"] for r in done)} for server, done in by_server.items()}
        medians["requests_per_s_ratio"] = round(medians["tropekg"]["requests_per_s"]
                                                / medians["nginx"]["requests_per_s"], 3)
        medians["p99_ratio"] = round(medians["tropekg"]["p99_ms"] / medians["nginx"]["p99_ms"], 2)
        report["cases"][name] = medians
    report["runs"] = runs
    if write_report(report, args.json):
        for name, found in report["cases"].items():
            print(f"{name:11} tropekg {found['tropekg']['requests_per_s']:8.0f} req/s  nginx "
                  f"{found['nginx']['requests_per_s']:8.0f} req/s  ratio {found['requests_per_s_ratio']}  "
                  f"p99 ratio {found['p99_ratio']}  errors {found['tropekg']['errors']}/{found['nginx']['errors']}")
    return 0 if all(not c["tropekg"]["errors"] for c in report["cases"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
