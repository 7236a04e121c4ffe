"""A longer run of the property test that every output survives every string RDF can carry
(tests/test_sinks.py): thousands of drawn labels, definitions and notes through every export, view, compare and diff
format.

    python bench/sinks.py                  # 2000 examples
    python bench/sinks.py --examples 300 --json -
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST = "tests/test_sinks.py::test_any_text_survives_every_output"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--json", help="write the result as JSON to this file (- for stdout)")
    args = parser.parse_args()
    env = {**os.environ, "TROPEKG_PROPERTY_EXAMPLES": str(args.examples)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "ignore", TEST],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = round(time.perf_counter() - started, 1)
    result = {"test": TEST, "examples": args.examples, "passed": done.returncode == 0, "seconds": seconds}
    if args.json:
        text = json.dumps(result, indent=2, sort_keys=True) + "\n"
        if args.json == "-":
            sys.stdout.write(text)
        else:
            Path(args.json).write_text(text, encoding="utf-8")
    print(f"{args.examples} examples, {'passed' if result['passed'] else 'FAILED'}, {seconds} s", file=sys.stderr)
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:])
    return 0 if done.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
