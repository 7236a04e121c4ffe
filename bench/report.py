"""Ratios, the issue's targets as PASS/FAIL, the printed table, and the machine the figures came from."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from measure import Measurement

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("rdflib", "pyoxigraph", "oxrdflib", "pyshacl", "skosify", "networkx", "click", "pyinstrument")
# Issue 7's limits for exports, as a multiple of Oxigraph's own N-Triples serialisation of the same graph.
EXPORT_LIMITS = {"rdf": 3.0, "catalog": 5.0, "page": 10.0}
TARGET_SIZE = 100_000  # the size the issue states its targets at


@dataclass
class Target:
    """One target of the issue, checked on the figures of this run."""

    name: str
    measured: float | None
    limit: float | None  # None: not a target, a note that something could not be measured
    at_most: bool  # True: measured <= limit passes; False: measured >= limit passes
    unit: str
    size: int | str
    note: str = ""
    failed: bool = False  # the command exists but did not run to its end: the target is not met

    @property
    def status(self) -> str:
        if self.failed:
            return "FAIL"
        if self.measured is None or self.limit is None:
            return "n/a"
        ok = self.measured <= self.limit if self.at_most else self.measured >= self.limit
        return "PASS" if ok else "FAIL"

    def line(self) -> str:
        if self.limit is None:
            return f"n/a   {self.name} @ {self.size}"
        sign = "<=" if self.at_most else ">="
        value = f"{self.measured:.3g}{self.unit}" if self.measured is not None else "not measured"
        value = "failed" if self.failed else value
        note = f"  ({self.note})" if self.note else ""
        return f"{self.status:4}  {self.name} @ {self.size}: {value} (target {sign} {self.limit:g}{self.unit}){note}"

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "size": self.size, "measured": self.measured, "limit": self.limit,
                "comparison": "<=" if self.at_most else ">=", "unit": self.unit, "status": self.status,
                "note": self.note}


def _find(ms: list[Measurement], kind: str, size: int | str, what: str | None = None) -> Measurement | None:
    for m in ms:
        if m.kind == kind and m.size == size and (what is None or m.what == what) and m.ok:
            return m
    return None


def add_ratios(ms: list[Measurement]) -> None:
    """Each figure against its baseline: exports against N-Triples, Skosify and pySHACL against our validate
    (how many times slower they are), everything else against the streaming parse of the same file."""
    for m in ms:
        if m.kind in ("parse", "startup") or not m.ok:
            continue
        if m.kind == "export":
            base, m.baseline = _find(ms, "ntriples", m.size), "ox N-Triples"
        elif m.kind in ("skosify", "pyshacl"):
            base, m.baseline = _find(ms, "validate", m.size), "tropekg validate"
        else:
            base, m.baseline = _find(ms, "parse", m.size), "streaming parse"
        m.ratio = m.wall_s / base.wall_s if base and base.wall_s else None


def targets(ms: list[Measurement], sizes: list[int]) -> list[Target]:
    """Issue 7's targets, checked at the largest size measured (the issue states them at 100,000 concepts)."""
    found: list[Target] = []
    if sizes:
        big = max(sizes)
        note = "" if big == TARGET_SIZE else f"the issue states this at {TARGET_SIZE}"
        found += _validate_targets(ms, big, note)
        found += _export_targets(ms, big, note)
        found += _scaling_targets(ms, sorted(sizes))
    helps = _find(ms, "startup", "-", "--help")
    found.append(Target("tropekg --help", helps and helps.wall_s, 0.15, True, " s", "-"))
    bundled = _find(ms, "startup", "bundled")
    found.append(Target("tropekg validate (bundled taxonomy)", bundled and bundled.wall_s, 0.6, True, " s", "bundled"))
    return found


def _validate_targets(ms: list[Measurement], size: int, note: str) -> list[Target]:
    validate, parse = _find(ms, "validate", size), _find(ms, "parse", size)
    found = []
    for kind, tool in (("skosify", "Skosify"), ("pyshacl", "pySHACL")):
        other = _find(ms, kind, size)
        speedup = other.wall_s / validate.wall_s if other and validate else None
        found.append(Target(f"validate faster than {tool}", speedup, 25, False, "x", size, note))
    ratio = validate.wall_s / parse.wall_s if validate and parse else None
    found.append(Target("validate / streaming parse", ratio, 4, True, "x", size, note))
    rss = validate.rss_mb / 1000 if validate else None
    found.append(Target("validate peak RSS", rss, 0.6, True, " GB", size, note))
    return found


def _export_targets(ms: list[Measurement], size: int, note: str) -> list[Target]:
    found = []
    for m in ms:
        if m.kind == "export" and m.size == size and m.family in EXPORT_LIMITS and m.status != "not available":
            found.append(Target(f"{m.what} / ox N-Triples", m.ratio, EXPORT_LIMITS[m.family], True, "x", size,
                                note, failed=m.status == "failed"))
    missing = [m.what.split(" -f ")[1] for m in ms if m.kind == "export" and m.size == size
               and m.status == "not available" and " -f " in m.what]
    if missing:
        found.append(Target(f"export formats not offered yet: {', '.join(missing)}", None, None, True, "", size))
    return found


def _scaling_targets(ms: list[Measurement], sizes: list[int]) -> list[Target]:
    """time(big) / time(small) for validate and each export; the issue's 12 for 10x is 1.2 x the size ratio."""
    if len(sizes) < 2:
        return []
    small, big = sizes[-2], sizes[-1]
    limit = round(1.2 * big / small, 2)
    found = []
    for m in ms:
        if m.kind in ("validate", "export") and m.size == big and m.status != "not available":
            before = _find(ms, m.kind, small, m.what)
            ratio = m.wall_s / before.wall_s if m.ok and before else None
            found.append(Target(f"{m.what} time({big})/time({small})", ratio, limit, True, "", f"{small}->{big}",
                                failed=m.status == "failed"))
    return found


def table(ms: list[Measurement], slow_runs: int) -> str:
    """The figures as a Markdown table (it reads in a terminal and pastes into docs/benchmarks.md)."""
    head = ["tool", "what", "size", "runs", "median wall s", "peak RSS MB", "ratio", "vs"]
    rows = [head, ["---"] * len(head)]
    notes: list[str] = []
    for m in ms:
        if m.ok:
            ratio = "" if m.ratio is None else f"{m.ratio:.2f}x"
            runs = str(len(m.runs)) + ("*" if "--reuse-slow" in m.note else "")
            rows.append([m.tool, m.what, str(m.size), runs, f"{m.wall_s:.3f}", f"{m.rss_mb:.0f}",
                         ratio, m.baseline if ratio else ""])
            if "--reuse-slow" in m.note:
                notes.append(f"{m.what} @ {m.size}: {m.note}")
            elif m.kind == "view" and m.note:
                notes.append(f"view selection @ {m.size}: {m.note}")
        else:
            rows.append([m.tool, m.what, str(m.size), "", m.status, "", "", m.note])
    rows = _merge_unavailable(rows)
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    if any(m.kind in ("skosify", "pyshacl") and m.ok for m in ms):
        lines.append(f"\nSkosify and pySHACL: {slow_runs} run(s) each (--slow-runs); the others: median of --runs.")
    lines += [f"* {n}" if "--reuse-slow" in n else n for n in dict.fromkeys(notes)]
    return "\n".join(lines)


def _merge_unavailable(rows: list[list[str]]) -> list[list[str]]:
    """Formats not offered yet, one row per command and size instead of one per format."""
    merged: list[list[str]] = []
    for row in rows:
        last = merged[-1] if merged else None
        if (last and row[4] == last[4] == "not available" and row[7] == last[7] and row[2] == last[2]
                and row[1].split(" -f ")[0] == last[1].split(" -f ")[0] and " -f " in row[1]):
            last[1] += ", " + row[1].split(" -f ")[1]
        else:
            merged.append(list(row))
    return merged


def machine() -> dict[str, object]:
    """CPU, cores, RAM, OS, Python, package versions and the checkout's commit: what a reader needs to compare."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    cpu = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    ram = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M)
    versions: dict[str, str | None] = {"tropekg": _tropekg_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"cpu": cpu.group(1).strip() if cpu else platform.processor(), "cores": os.cpu_count(),
            "ram_gb": round(int(ram.group(1)) / 1024**2, 1) if ram else None, "os": platform.platform(),
            "python": platform.python_version(), "packages": versions, "git": _git()}


def _tropekg_version() -> str | None:
    # Read from the checkout being measured, not from whatever tropekg is installed in the environment.
    text = (ROOT / "tropekg" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    return found.group(1) if found else None


def _git() -> dict[str, object]:
    """The commit measured and whether the checkout had uncommitted changes (read-only git commands)."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode != 0:
        return {"commit": None, "dirty": None}
    return {"commit": head.stdout.strip(), "dirty": bool(status.stdout.strip())}
