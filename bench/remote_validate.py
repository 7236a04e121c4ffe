"""`validate --endpoint` against `validate FILE` on the same vocabulary: the file put into a real `oxigraph serve`
(default graph), both validated with every default rule; reports both times and whether the findings are the
same (tests/test_remote.py's comparison: without places and messages, and without the witness hr and var name).

    python bench/remote_validate.py                     # the 100k-concept synthetic vocabulary (bench/cache)
    python bench/remote_validate.py --file ../shared/vocabs/stw-9.16.ttl --json -
"""

from __future__ import annotations

import argparse
import json
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
    args = parser.parse_args()
    import tropekg
    from tests.servers import oxigraph_serve
    from tropekg.serve.publish import publish

    path = args.file or str(vocabulary(100_000, None)["path"])
    local_s, local = timed_validate(path)
    with tempfile.TemporaryDirectory() as folder, oxigraph_serve(Path(folder)) as base:
        publish(tropekg.load([path]), base + "/store")
        remote_s, remote = timed_validate("--endpoint", base + "/query")
    report = {"file": Path(path).name, "findings": len(local), "same_findings": local == remote,
              "validate_file_s": local_s, "validate_endpoint_s": remote_s}
    if write_report(report, args.json):
        print(f"{report['file']}: {report['findings']} findings, same: {report['same_findings']}; validate FILE "
              f"{local_s} s, validate --endpoint {remote_s} s")
    return 0 if report["same_findings"] else 1


if __name__ == "__main__":
    sys.exit(main())
