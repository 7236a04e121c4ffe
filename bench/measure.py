"""Run one command in a fresh process and measure its wall time and peak resident set size."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path


class CheckoutError(Exception):
    """git could not check out the commit asked for; the message is one line naming it."""


@contextmanager
def checkout(root: Path, rev: str, folder: Path) -> Iterator[Path]:
    """`rev` of the repository at `root` checked out into `folder` with `git worktree` (its own tropekg, run as
    folder/cli.py), and removed afterwards: the earlier commit of an A/B benchmark."""
    added = subprocess.run(["git", "-C", str(root), "worktree", "add", "--detach", "-q", str(folder), rev],
                           capture_output=True, text=True, check=False)
    if added.returncode:
        raise CheckoutError(f"--base {rev}: {added.stderr.strip().splitlines()[-1]}")
    try:
        compiled(folder)
        yield folder
    finally:
        subprocess.run(["git", "-C", str(root), "worktree", "remove", "--force", str(folder)], check=False)


def compiled(root: Path) -> None:
    """The tree's modules compiled to bytecode once, as pip compiles an installed package: with
    PYTHONDONTWRITEBYTECODE set (as on some machines) each run would otherwise compile them from source, a cost
    that neither users nor the peers we compare with (installed from wheels) pay."""
    sources = [name for name in ("tropekg", "cli.py", "cli_options.py") if (root / name).exists()]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *sources], cwd=root, check=False,
                   stdout=subprocess.DEVNULL)


@dataclass
class Run:
    """One run of one command: wall seconds, peak RSS in MB (10**6 bytes), exit code, and what it printed."""

    wall_s: float
    rss_mb: float
    exit: int
    stdout: str = field(default="", repr=False)
    stderr: str = field(default="", repr=False)
    cpu_s: float = 0.0  # user + system CPU seconds of the child: less sensitive than wall time to a busy machine
    sys_s: float = 0.0  # of which system: mostly the file system's (creating files), which other processes sway

    def as_dict(self) -> dict[str, float | int]:
        return {"wall_s": round(self.wall_s, 4), "rss_mb": round(self.rss_mb, 1), "exit": self.exit,
                "cpu_s": round(self.cpu_s, 2)}


def run_once(argv: list[str], cwd: Path, env: dict[str, str] | None = None, keep: int = 4000) -> Run:
    """Run `argv` to its end and return its own wall time and peak RSS.

    os.wait4 gives the rusage of exactly this child, so every figure is the child's own. (Deltas of
    RUSAGE_CHILDREN cannot work for ru_maxrss: it is a maximum over all children, not a sum.) The harness stays
    small (it never imports rdflib or pyoxigraph, never reads a whole vocabulary or report), because Linux folds
    the pre-exec RSS of a forked child into its ru_maxrss: once the harness had read a 27 MB file, every child
    showed at least 50 MB. Output goes to temporary files rather than pipes, so a chatty child never blocks on a full
    pipe; `keep` bytes of each are kept for error messages and for baselines that report phases.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen from waiting again
        # ru_maxrss is in KiB on Linux.
        rss_mb = usage.ru_maxrss * 1024 / 1e6
        return Run(wall, rss_mb, proc.returncode, _tail(out, keep), _tail(err, keep),
                   usage.ru_utime + usage.ru_stime, usage.ru_stime)


def _tail(f, keep: int) -> str:
    """The output, or its start and end when longer than `keep` bytes (never all of a 20 MB report: see run_once)."""
    size = f.seek(0, os.SEEK_END)
    f.seek(0)
    if size <= keep:
        return f.read().decode("utf-8", "replace")
    head = f.read(keep // 2)
    f.seek(size - keep // 2)
    return (head + b"\n...\n" + f.read()).decode("utf-8", "replace")


def harness_rss_mb() -> float:
    """This process's own peak RSS: the floor under every child's figure (see run_once)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


@dataclass
class Measurement:
    """Every run of one measured thing (tool, what, size), with medians and, later, its ratio to a baseline."""

    tool: str
    what: str
    size: int | str
    kind: str  # parse, ntriples, validate, export, view, skosify, pyshacl, startup
    family: str = ""  # for exports: rdf, catalog, page, other
    status: str = "ok"  # ok | not available | failed
    note: str = ""
    argv: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)
    baseline: str = ""
    ratio: float | None = None

    @property
    def wall_s(self) -> float | None:
        return statistics.median(r.wall_s for r in self.runs) if self.ok else None

    @property
    def rss_mb(self) -> float | None:
        return statistics.median(r.rss_mb for r in self.runs) if self.ok else None

    @property
    def ok(self) -> bool:
        return self.status == "ok" and bool(self.runs)

    @classmethod
    def from_dict(cls, data: dict) -> Measurement:
        """A measurement as as_dict wrote it (for --reuse-slow)."""
        names = ("tool", "what", "size", "kind", "family", "status", "note", "argv", "phases")
        m = cls(**{k: data[k] for k in names})
        m.runs = [Run(r["wall_s"], r["rss_mb"], r["exit"]) for r in data["runs"]]
        return m

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["runs"] = [r.as_dict() for r in self.runs]
        data["median_wall_s"] = None if self.wall_s is None else round(self.wall_s, 4)
        data["median_rss_mb"] = None if self.rss_mb is None else round(self.rss_mb, 1)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        return data
