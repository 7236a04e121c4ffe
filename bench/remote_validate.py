"""`validate --endpoint` against `validate FILE` on the same vocabulary: the file put into a real `oxigraph serve`
(default graph), both validated with every default rule; reports the median times of --rounds runs each, whether
the findings are the same (tests/test_sources_endpoint.py's comparison: without places and messages, and without
the witness hr names), and the time of reading the whole graph in one CONSTRUCT (the fallback).

    python bench/remote_validate.py                     # the 100k-concept synthetic vocabulary (bench/cache)
    python bench/remote_validate.py --file ../shared/vocabs/stw-9.16.ttl --json -
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_load import write_report  # noqa: E402
from vocabs import vocabulary  # noqa: E402


def timed_validate(*args: str) -> tuple[float, list[str]]:
    from tests.test_sources_endpoint import comparable

    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), "validate", "-f", "json", *args],
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"validate {' '.join(args)} failed: {done.stderr.strip()}")
    return round(seconds, 2), sorted(comparable(f) for f in json.loads(done.stdout)["findings"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", help="validate this file (default: the 100k synthetic vocabulary)")
    parser.add_argument("--json", metavar="PATH", help="write the report as JSON ('-' for stdout)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each (default 3; medians reported)")
    args = parser.parse_args()
    import tropekg
    from tests.servers import oxigraph_serve
    from tropekg.serve.publish import publish

    path = args.file or str(vocabulary(100_000, None)["path"])
    from tropekg.sources.endpoint import read

    local_s, remote_s, read_s = [], [], []
    with tempfile.TemporaryDirectory() as folder, oxigraph_serve(Path(folder)) as base:
        publish(tropekg.load([path]), base + "/store")
        for _ in range(args.rounds):  # interleaved: the shared machine's load falls on both sides alike
            seconds, local = timed_validate(path)
            local_s.append(seconds)
            seconds, remote = timed_validate("--endpoint", base + "/query")
            remote_s.append(seconds)
            started = time.perf_counter()
            read(base + "/query")
            read_s.append(round(time.perf_counter() - started, 2))
    report = {"file": Path(path).name, "findings": len(local), "same_findings": local == remote,
              "rounds": args.rounds, "validate_file_s": statistics.median(local_s),
              "validate_endpoint_s": statistics.median(remote_s), "whole_graph_read_s": statistics.median(read_s),
              "runs": {"validate_file_s": local_s, "validate_endpoint_s": remote_s, "whole_graph_read_s": read_s}}
    if write_report(report, args.json):
        print(f"{report['file']}: {report['findings']} findings, same: {report['same_findings']}; medians of "
              f"{args.rounds}: validate FILE {report['validate_file_s']} s, validate --endpoint "
              f"{report['validate_endpoint_s']} s, whole graph read {report['whole_graph_read_s']} s")
    return 0 if report["same_findings"] else 1


if __name__ == "__main__":
    sys.exit(main())
