"""bench/diff.py on a small vocabulary: it runs, finds exactly the concepts it edited, and writes its JSON.
No timing is asserted (the machines are shared and noisy)."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT, shared


def test_bench_finds_what_it_edited(tmp_path):
    shared("bench", "gen_vocab.py")
    out = tmp_path / "diff.json"
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "diff.py"), "400", "--runs", "1", "--out",
                             str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["edited"] == 4 and data["found"]["concepts"] == data["expected"] == {
        "added": 1, "removed": 1, "changed": 3}
    assert set(data["medians"]) == {"load_both_s", "load_both_cpu_s", "diff_files_s", "diff_files_cpu_s",
                                    "compare_s", "compare_cpu_s"}
