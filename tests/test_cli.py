"""CLI wiring: exit codes, stdout and stderr kept apart, one-line errors for bad input."""

from __future__ import annotations

import contextlib
import json
import shutil

import pytest

from .conftest import ROOT

BAD_TURTLE = '@prefix ex: <http://x/> .\nex:a ex:b ex:c .\nex:d ex:e "open .\n'


def test_show_json_netorare(run):
    result = run("show", "NTR", "--format", "json")
    assert result.exit_code == 0, result.stderr
    card = json.loads(result.stdout)
    assert card["iri"] == "https://w3id.org/tropekg/id/netorare"
    assert result.stderr == ""


def test_show_text_card(run):
    result = run("show", "寝取らせ")
    assert result.exit_code == 0
    assert result.stdout.startswith("Netorase")
    assert "Mutual agreement" in result.stdout


def test_show_unknown_exits_1_with_suggestions_on_stderr(run):
    result = run("show", "netorar")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "did you mean" in result.stderr and "Netorare" in result.stderr


def test_show_ambiguous_exits_1_listing_candidates(run, tmp_path):
    path = tmp_path / "v.ttl"
    path.write_text('<http://x/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "Same" .\n'
                    '<http://x/b> <http://www.w3.org/2004/02/skos/core#prefLabel> "same" .\n')
    result = run("show", "same", str(path))
    assert result.exit_code == 1
    assert "<http://x/a>" in result.stderr and "<http://x/b>" in result.stderr


# What each command that reads FILES needs besides them, to get as far as loading.
ARGS_BEFORE_FILES = {
    "show": ["NTR"], "stats": [], "validate": [], "export": ["-f", "turtle"], "view": ["-f", "dot"],
    "query": ["SELECT * WHERE { ?s ?p ?o } LIMIT 1"], "search": ["NTR"], "expand": ["NTR"], "build": [],
    "serve": [], "publish": ["--endpoint", "http://127.0.0.1:9/store"], "compare": ["NTR", "Netori"],
    "reconcile": ["tags.csv", "--column", "tag"],
}


def commands_reading_files(cli):
    return sorted(name for name, cmd in cli.commands.items() if any(p.name == "files" for p in cmd.params))


def test_every_command_reading_files_is_covered_here(cli):
    assert set(commands_reading_files(cli)) <= set(ARGS_BEFORE_FILES)


def test_malformed_turtle_is_one_line_with_place_and_exit_2_for_every_command(run, cli, tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(BAD_TURTLE)
    for name in commands_reading_files(cli):
        result = run(name, *ARGS_BEFORE_FILES[name], str(path))
        assert result.exit_code == 2, (name, result.stdout, result.stderr)
        assert result.stdout == "", name
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (name, lines)
        assert lines[0].startswith(f"tropekg: error: {path}:3:"), (name, lines)
        assert "Traceback" not in result.stderr, name


def test_stats_json(run):
    result = run("stats", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["facetCoverage"]["tropes"] == 7


def test_usage_error_exits_2(run):
    result = run("show", "NTR", "--format", "yaml")
    assert result.exit_code == 2
    assert "Invalid value for '-f' / '--format'" in result.stderr


def _on_a_terminal(*args: str) -> tuple[int, str]:
    """Run `tropekg ARGS` with stderr on a pseudo-terminal (stdout a pipe); its exit code and what the terminal got."""
    import os
    import pty
    import subprocess
    import sys

    main, secondary = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], stdout=subprocess.PIPE,
                              stderr=secondary, cwd=ROOT, timeout=120)
    finally:
        os.close(secondary)
    seen = b""
    with contextlib.suppress(OSError):  # EIO: the terminal has nothing more to read
        while chunk := os.read(main, 65536):
            seen += chunk
    os.close(main)
    return proc.returncode, seen.decode("utf-8", "replace")


@pytest.mark.parametrize("args, stages", [
    (("validate",), ("loading", "checking: S14", "writing findings")),
    (("export", "-f", "markdown", "-o", "{tmp}/md"), ("loading", "exporting markdown", "writing")),
    (("build", "-o", "{tmp}/rel"), ("loading", "checking:", "exporting turtle", "exporting mediawiki")),
])
def test_long_work_shows_progress_on_a_terminal_only(args, stages, tmp_path, run):
    args = tuple(a.replace("{tmp}", str(tmp_path)) for a in args)
    code, terminal = _on_a_terminal(*args)
    assert code in (0, 1)
    for stage in stages:
        assert stage in terminal, (stage, terminal)
    assert terminal.endswith("\r\x1b[K") or "\r\x1b[K" in terminal.splitlines()[-1]  # the line is cleared after
    # Not a terminal (CliRunner's stderr is a buffer): not a byte of progress.
    shutil.rmtree(tmp_path, ignore_errors=True)
    tmp_path.mkdir()
    result = run(*args)
    assert result.exit_code in (0, 1)
    assert "\x1b[K" not in result.stderr and "checking:" not in result.stderr and "exporting" not in result.stderr
