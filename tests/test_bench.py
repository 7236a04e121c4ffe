"""bench/run.py end to end on a tiny vocabulary: it runs, and its JSON has the structure docs/benchmarks.md relies on.

No timing is asserted: the machines are shared and noisy; speed is what bench/ reports, not what tests check.
"""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT, shared

RUN = ROOT / "bench" / "run.py"


def bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(RUN), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_run_writes_the_table_and_json(tmp_path):
    generator = shared("bench", "gen_vocab.py")
    out = tmp_path / "bench.json"
    # Skosify and pySHACL are left out: they are the slow baselines, and their figures need no test.
    result = bench("--sizes", "200", "--runs", "1", "--only", "parse,ntriples,validate,export,startup",
                   "--gen-vocab", str(generator), "--json", str(out))
    assert result.returncode in (0, 1), result.stderr
    assert "| tool | what | size |" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"schema", "started", "duration_s", "command", "options", "machine", "vocabularies", "measurements",
            "targets"} <= set(data)
    assert {"cpu", "cores", "ram_gb", "python", "packages", "git"} <= set(data["machine"])
    assert data["options"]["sizes"] == [200]
    assert data["vocabularies"][0]["size"] == 200
    kinds = {m["kind"] for m in data["measurements"]}
    assert {"parse", "ntriples", "validate", "startup"} <= kinds
    assert "skosify" not in kinds and "pyshacl" not in kinds
    for m in data["measurements"]:
        assert m["status"] in ("ok", "not available", "failed"), m
        if m["status"] == "ok":
            assert len(m["runs"]) == 1 and m["median_wall_s"] > 0 and m["median_rss_mb"] > 0, m
    parse = next(m for m in data["measurements"] if m["kind"] == "parse")
    assert parse["phases"]["triples"] > 200
    validate = next(m for m in data["measurements"] if m["kind"] == "validate")
    assert validate["baseline"] == "streaming parse" and validate["ratio"] is not None
    for t in data["targets"]:
        assert t["status"] in ("PASS", "FAIL", "n/a") and t["comparison"] in ("<=", ">="), t
    # Portable: no path of this machine (checkout, ../shared, interpreter) is written down.
    text = out.read_text(encoding="utf-8")
    for local in (str(ROOT), str(ROOT.parent), sys.executable):
        assert local not in text
    assert any("cli.py" in arg for m in data["measurements"] for arg in m.get("argv") or [])


def test_missing_generator_is_one_line_that_says_where(tmp_path):
    missing = tmp_path / "nowhere" / "gen_vocab.py"
    result = bench("--sizes", "41", "--only", "parse", "--gen-vocab", str(missing), "--json", str(tmp_path / "x.json"))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0] and "--gen-vocab" in lines[0]


def test_unknown_kind_is_a_usage_error(tmp_path):
    result = bench("--only", "nonsense", "--json", str(tmp_path / "x.json"))
    assert result.returncode == 2 and "--only" in result.stderr
