"""bench/import_csv.py end to end on a tiny vocabulary: it runs, checks the round trip, and writes its JSON.

No timing is asserted (shared, noisy machines): speed is what bench/ reports, not what tests check.
"""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT, shared


def test_import_bench_writes_the_table_and_json(tmp_path):
    generator = shared("bench", "gen_vocab.py")
    out = tmp_path / "import.json"
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "import_csv.py"), "--sizes", "150", "--runs", "1",
                             "--gen-vocab", str(generator), "--json", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "| size | export csv (s) | import csv (s) | ratio | target <= 5x | round trip |"
    assert lines[2].startswith("| 150 | ") and lines[2].endswith(" | identical |")
    data = json.loads(out.read_text(encoding="utf-8"))
    (row,) = data["measurements"]
    assert row["size"] == 150 and row["round_trip_identical"] is True and row["csv_bytes"] > 0
    assert row["ratio"] > 0 and row["target"] == "import <= 5.0x export"
    assert {"cpu", "cores", "python", "packages", "git"} <= set(data["machine"])
    text = out.read_text(encoding="utf-8")
    assert str(ROOT) not in text and sys.executable not in text
