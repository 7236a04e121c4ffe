"""What the benchmark measures: the command lines, found from the CLI at run time, and the baselines beside them."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CLI = [sys.executable, str(ROOT / "cli.py")]
BASELINES = [sys.executable, str(BENCH / "baselines.py")]
SHAPES = BENCH / "skos-shapes.ttl"

# The formats issue 4 and issue 5 promise; one the CLI does not offer yet is reported as "not available".
EXPORT_FAMILIES = {
    "turtle": "rdf", "ntriples": "rdf", "nquads": "rdf", "trig": "rdf", "rdfxml": "rdf", "jsonld": "rdf",
    "jsonld-expanded": "rdf", "csv": "catalog", "json": "catalog", "sqlite": "catalog",
    "markdown": "page", "mediawiki": "page", "site": "page",
}
VIEW_FORMATS = ("dot", "graphml", "gexf", "mermaid", "svg", "png", "html")
KINDS = ("parse", "ntriples", "validate", "export", "view", "skosify", "pyshacl", "startup")
SLOW_KINDS = ("skosify", "pyshacl")


@dataclass
class Task:
    """One thing to measure: a command line (or alternatives, the first one that runs wins) on one size."""

    tool: str
    what: str
    size: int | str
    kind: str
    argvs: list[list[str]] = field(default_factory=list)
    family: str = ""
    status: str = "ok"
    note: str = ""
    output: Path | None = None  # a file or directory the command writes, removed after each run


def cli_options() -> dict[str, dict[str, dict]]:
    """The CLI's commands and their options, asked from Click in a child process (the harness stays light)."""
    result = subprocess.run([*BASELINES, "cli-options"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        raise RuntimeError(f"cannot read the CLI's options: {lines[-1] if lines else result.returncode}")
    return json.loads(result.stdout)


def _choices(options: dict[str, dict], command: str, option: str = "--format") -> list[str]:
    return list(options.get(command, {}).get(option, {}).get("choices") or [])


def baseline_tasks(size: int, path: str, out: Path, kinds: set[str], tools: dict[str, bool]) -> list[Task]:
    """The floor (streaming parse), the export baseline (Oxigraph to N-Triples), Skosify and pySHACL."""
    tasks = []
    if "parse" in kinds:
        tasks.append(Task("pyoxigraph", "streaming parse", size, "parse", [[*BASELINES, "parse", path]]))
    if "ntriples" in kinds:
        nt = out / f"ox-{size}.nt"
        tasks.append(Task("pyoxigraph", "load + N-Triples", size, "ntriples",
                          [[*BASELINES, "ntriples", path, str(nt)]], output=nt))
    for kind, what, extra in (("skosify", "check and normalise", []), ("pyshacl", "SKOS shapes", [str(SHAPES)])):
        if kind in kinds:
            task = Task(kind if kind == "skosify" else "pySHACL", what, size, kind, [[*BASELINES, kind, path, *extra]])
            if not tools.get(kind):
                task.status, task.note = "not available", f"{kind} is not installed (pip install '.[bench]')"
            tasks.append(task)
    return tasks


def validate_task(size: int | str, path: str | None, options: dict[str, dict]) -> Task:
    """`tropekg validate` with every rule that needs no network ('--select all' where the CLI has it)."""
    if "validate" not in options:
        return Task("tropekg", "validate", size, "validate", status="not available", note="no validate command")
    files = [path] if path else []
    argvs = [[*CLI, "validate", *files]]
    if "--select" in options["validate"] and path:
        argvs.insert(0, [*CLI, "validate", "--select", "all", *files])
    what = "validate (all rules)" if path else "validate bundled taxonomy"
    return Task("tropekg", what, size, "validate" if path else "startup", argvs)


def export_tasks(size: int, path: str, out: Path, options: dict[str, dict]) -> list[Task]:
    """One task per export format: the promised ones, plus any new one the CLI offers (family "other")."""
    offered = _choices(options, "export")
    tasks = []
    for fmt in [*EXPORT_FAMILIES, *[f for f in offered if f not in EXPORT_FAMILIES]]:
        family = EXPORT_FAMILIES.get(fmt, "other")
        task = Task("tropekg", f"export -f {fmt}", size, "export", family=family)
        if fmt not in offered:
            task.status, task.note = "not available", "the CLI offers no such export format yet"
        else:
            target = out / f"export-{size}-{fmt}"
            # Multi-file formats take a directory; a first try with a file name tells which kind this is.
            task.argvs = [[*CLI, "export", "-f", fmt, "-o", str(target), path],
                          [*CLI, "export", "-f", fmt, "-o", str(target) + "/", path]]
            task.output = target
        tasks.append(task)
    return tasks


def startup_tasks(options: dict[str, dict]) -> list[Task]:
    """The small side: `tropekg --help` and validate on the bundled taxonomy (lazy imports keep them quick)."""
    return [Task("tropekg", "--help", "-", "startup", [[*CLI, "--help"]]), validate_task("bundled", None, options)]
