"""`validate --endpoint` on real triplestores against `validate FILE`: each vocabulary published with `tropekg
publish` (timed) into Oxigraph's server and into Virtuoso 7 (ResultSetMaxRows = 10000, tests/virtuoso.py), then
validated there and locally, once each (the machine is shared: one run, no medians); whether the findings are the
same (tests/test_sources_endpoint.py's comparison) and how long each took, with the load average before and after.
Runs at 100k concepts belong in the big-run lock (../plan/common.md) with a time limit:

    flock /work/plan/big.lock timeout 1800 python bench/stores.py --json bench/figures/stores.json   # STW and 100k
    python bench/stores.py --sizes 20000 --no-stw --json -           # a quick look: gen_vocab 20000 only
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from remote_validate import timed_validate  # noqa: E402
from serve_load import write_report  # noqa: E402
from vocabs import vocabulary  # noqa: E402

GRAPH = "https://example.org/graphs/bench"


def timed_publish(path: str, store: str, user: str | None) -> float:
    env = {**os.environ, **({"TROPEKG_PUBLISH_AUTH": user} if user else {})}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), "publish", path, "--endpoint", store, "--graph",
                           GRAPH, "--replace"], capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        raise SystemExit(f"publish {path} failed: {done.stderr.strip()}")
    return round(time.perf_counter() - started, 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", action="append", default=[], help="a vocabulary file besides STW (repeatable)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000],
                        help="synthetic vocabularies of so many concepts (gen_vocab.py, cached in bench/cache; "
                             "default 100000)")
    parser.add_argument("--no-stw", dest="stw", action="store_false", help="leave STW out")
    parser.add_argument("--json", metavar="PATH", help="write the report as JSON ('-' for stdout)")
    args = parser.parse_args()
    from tests.servers import oxigraph_serve
    from tests.virtuoso import USER, virtuoso_serve

    files = [*([str(ROOT.parent / "shared" / "vocabs" / "stw-9.16.ttl")] if args.stw else []), *args.file,
             *(str(vocabulary(n, ROOT.parent / "shared" / "bench" / "gen_vocab.py")["path"]) for n in args.sizes)]
    report: dict = {"machine": f"{os.cpu_count()} cores shared with other work; one run each",
                    "load_average_before": os.getloadavg(), "vocabularies": []}
    with tempfile.TemporaryDirectory() as folder, oxigraph_serve(Path(folder)) as oxigraph, \
            virtuoso_serve() as virtuoso:
        report["virtuoso_start_s"] = virtuoso.started_s
        stores = {"oxigraph": (oxigraph + "/store", oxigraph + "/query", None),
                  "virtuoso": (virtuoso.store, virtuoso.query, USER)}
        for path in files:
            seconds, local = timed_validate(path)
            entry = {"file": Path(path).name, "findings": len(local), "validate_file_s": seconds}
            for name, (store, query, user) in stores.items():
                entry[f"{name}_publish_s"] = timed_publish(path, store, user)
                seconds, remote = timed_validate("--endpoint", query, "--graph", GRAPH)
                entry[f"{name}_validate_endpoint_s"] = seconds
                entry[f"{name}_same_findings"] = remote == local
            report["vocabularies"].append(entry)
            print(entry, file=sys.stderr)
    report["load_average_after"] = os.getloadavg()
    write_report(report, args.json)
    return 0 if all(e[f"{n}_same_findings"] for e in report["vocabularies"] for n in ("oxigraph", "virtuoso")) else 1


if __name__ == "__main__":
    sys.exit(main())
