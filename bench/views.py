"""`tropekg view` of about 1,000 nodes: the selection (--root, --depth) is found by trying, on each file."""

from __future__ import annotations

import math
import re
from pathlib import Path

from measure import run_once
from plan import CLI, ROOT, VIEW_FORMATS, Task

GOAL = 1000
# A concept near the top of gen_vocab.py's hierarchy: concepts from c40 on take their parents among c20 and
# later, so c20's neighbourhood grows with depth on every size instead of stopping at a leaf.
ROOT_CONCEPT = "https://example.org/syn/c20"
# How to count the nodes a view drew, per format that can tell.
NODE_PATTERNS = {"graphml": rb"<node\b", "gexf": rb"<node\b", "dot": rb'(?m)^\s*"?[^\s"\[\]-]+"?\s*\[(?!.*->)'}


def view_tasks(size: int, path: str, out: Path, cli: dict[str, dict]) -> list[Task]:
    """One task per view format, all drawing the same selection of about GOAL nodes."""
    opts = cli.get("view")
    if opts is None:
        return [Task("tropekg", "view", size, "view", status="not available", note="no view command yet")]
    offered = list((opts.get("--format") or {}).get("choices") or [])
    selection, note = select(path, out, opts, offered)
    tasks = []
    for fmt in [*VIEW_FORMATS, *[f for f in offered if f not in VIEW_FORMATS]]:
        task = Task("tropekg", f"view -f {fmt}", size, "view", note=note)
        if fmt not in offered:
            task.status, task.note = "not available", "the CLI offers no such view format yet"
        elif selection is None:
            task.status = "not available"
        else:
            target = out / f"view-{size}.{fmt}"
            task.argvs, task.output = [[*CLI, "view", "-f", fmt, *selection, "-o", str(target), path]], target
        tasks.append(task)
    return tasks


def select(path: str, out: Path, opts: dict[str, dict], offered: list[str]) -> tuple[list[str] | None, str]:
    """The view options that select about GOAL nodes, and a note saying how many nodes they select."""
    if "--root" not in opts or "--depth" not in opts:
        return None, "view has no --root/--depth to select ~1,000 nodes"
    counting = next((f for f in NODE_PATTERNS if f in offered), None)
    if counting is None:
        return None, "no view format whose nodes the benchmark can count (graphml, gexf, dot)"
    limit = ["--max-nodes", str(100 * GOAL)] if "--max-nodes" in opts else []
    best: tuple[float, list[str], int] | None = None
    previous, error = -1, ""
    for depth in range(1, 12):
        selection = ["--root", ROOT_CONCEPT, "--depth", str(depth), *limit]
        nodes, error = count_nodes(path, out, counting, selection)
        if nodes is None:
            break
        distance = abs(math.log(max(nodes, 1) / GOAL))
        if best is None or distance < best[0]:
            best = (distance, selection, nodes)
        if nodes >= GOAL or nodes == previous:  # past the goal, or the selection stopped growing
            break
        previous = nodes
    if best is None:
        return None, f"view --root {ROOT_CONCEPT} --depth 1 did not run ({error})"
    return best[1], f"{best[2]} nodes: {' '.join(best[1])}"


def count_nodes(path: str, out: Path, fmt: str, selection: list[str]) -> tuple[int | None, str]:
    """How many nodes `view` draws with `selection`, or None and why not."""
    target = out / f"view-count.{fmt}"
    run = run_once([*CLI, "view", "-f", fmt, *selection, "-o", str(target), path], ROOT)
    if run.exit != 0 or not target.exists():
        lines = run.stderr.strip().splitlines()
        return None, f"exit {run.exit}: {lines[-1][:200] if lines else 'no output file'}"
    nodes = len(re.findall(NODE_PATTERNS[fmt], target.read_bytes()))
    target.unlink()
    return nodes, ""
