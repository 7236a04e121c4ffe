"""The docs are tested: every command example in README.md and docs/*.md runs, and prints what the page shows.

A fenced block with the info string `console` holds commands, each a line `$ COMMAND` (a trailing `\\` continues
it on the next line), followed by exactly what the command prints, stdout then stderr, up to the next `$ ` line or
the fence. A command ending in `# exit N` must exit with N; any other must exit 0. `$ tropekg ARGS` runs in-process
(Click's runner, as the `run` fixture does), with an optional `| ...` tail run by bash on its stdout; any other
command runs in bash with a time limit. The commands of one page run in order in one scratch folder that links
every top-level entry of the repository and has `../shared` beside it, so paths read as from the repository root
and the files an example writes (`-o release/`) land in the scratch folder. Trailing spaces and trailing blank
lines are not compared (editors drop them).

Blocks marked ```sh show commands without running them (servers, long runs); a `$ tropekg` line in any block that
is not `console` fails, so an example cannot hide from this test. Relative links and images must exist.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import ROOT, SHARED

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\s]*)[^`]*$")
EXIT = re.compile(r"\s+#\s*exit\s+(?P<code>\d+)\s*$")
SHELL_TIMEOUT = 120  # seconds for a command that is not tropekg (sqlite3, sed, ...)


@dataclass
class Block:
    page: Path
    line: int  # 1-based line of the opening fence
    info: str
    indent: str
    lines: list[str]


@dataclass
class Example:
    place: str  # page:line of the `$` line
    command: str
    expected: str
    exit_code: int
    block: Block
    output: tuple[int, int]  # the 0-based lines of the page that hold the expected output: [start, end)


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of a Markdown page (CommonMark: a closing fence is as long or longer, same char)."""
    found, current, opening = [], None, None
    for number, text in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        match = FENCE.match(text)
        if current is None:
            if match:
                opening = match
                current = Block(page, number, match["info"].lower(), match["indent"], [])
            continue
        fence = opening["fence"]
        if match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence) and not match["info"]:
            found.append(current)
            current = None
            continue
        indent = opening["indent"]
        current.lines.append(text[len(indent):] if text.startswith(indent) else text.lstrip())
    assert current is None, f"{page.name}:{current.line}: a code block is never closed"
    return found


def examples(block: Block) -> list[Example]:
    """The commands of a `console` block with what each prints."""
    found: list[Example] = []
    lines = list(block.lines)
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    assert index == len(lines) or lines[index].startswith("$ "), \
        f"{block.page.name}:{block.line}: a console block starts with a `$ ` command line"
    while index < len(lines):
        name = block.page.relative_to(ROOT) if block.page.is_relative_to(ROOT) else block.page
        place = f"{name}:{block.line + 1 + index}"
        command = lines[index][2:]
        while command.endswith("\\"):
            index += 1
            command = command[:-1].rstrip() + " " + lines[index].strip()
        index += 1
        start = index
        while index < len(lines) and not lines[index].startswith("$ "):
            index += 1
        match = EXIT.search(command)
        code = int(match["code"]) if match else 0
        found.append(Example(place, command[: match.start()] if match else command, "\n".join(lines[start:index]),
                             code, block, (block.line + start, block.line + index)))
    return found


def normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip("\n").split("\n")).rstrip("\n")


def split_tail(command: str) -> tuple[str, str]:
    """The command before its first `|` outside quotes, and the tail after it (or "")."""
    quote, escaped = "", False
    for index, char in enumerate(command):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "|":
            return command[:index], command[index + 1:]
        else:
            assert char not in ";&<>`$(", f"{command!r}: only a `| ...` tail may follow a tropekg command here"
    return command, ""


def run_tropekg(cli, command: str) -> tuple[str, int]:
    """`tropekg ARGS [| TAIL]`: the CLI in-process; a tail (head, sed, grep) reads its stdout in bash."""
    head, tail = split_tail(command)
    # bash itself splits the words (quotes, globs such as taxonomy/*.ttl), so they read as in a terminal
    args = subprocess.run(["bash", "-c", "printf '%s\\0' " + head], capture_output=True, check=True,
                          timeout=SHELL_TIMEOUT).stdout.decode("utf-8").split("\0")[:-1]
    assert args[0] == "tropekg", command
    result = CliRunner().invoke(cli, args[1:], catch_exceptions=False)
    if not tail:
        return result.stdout + result.stderr, result.exit_code
    piped = subprocess.run(["bash", "-c", tail], input=result.stdout_bytes, capture_output=True,
                           timeout=SHELL_TIMEOUT)
    return (piped.stdout + piped.stderr).decode("utf-8") + result.stderr, result.exit_code


def run_shell(command: str) -> tuple[str, int]:
    """Any other command, in bash, with this interpreter's folder first on PATH (`python` is the venv's)."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    done = subprocess.run(["bash", "-c", command], capture_output=True, timeout=SHELL_TIMEOUT,
                          env={**os.environ, "PATH": path})
    return (done.stdout + done.stderr).decode("utf-8"), done.returncode


def scratch(tmp_path: Path) -> Path:
    """A folder that reads as the repository root: its top-level entries linked, ../shared beside it."""
    work = tmp_path / "repo"
    work.mkdir()
    # What git tracks only: an example writing `-o release` must not reach a release/ folder of the checkout.
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True)
    tracked = {line.split("/")[0] for line in listed.stdout.splitlines()} if listed.returncode == 0 else None
    for entry in ROOT.iterdir():
        if entry.name not in {".git", ".venv"} and (tracked is None or entry.name in tracked):
            (work / entry.name).symlink_to(entry)
    if SHARED.exists():
        (tmp_path / "shared").symlink_to(SHARED)
    return work


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_command_example_prints_what_the_page_shows(page, cli, tmp_path, monkeypatch, update_golden):
    runnable = [example for block in blocks(page) if block.info == "console" for example in examples(block)]
    if any("../shared/" in example.command for example in runnable) and not SHARED.exists():
        from .conftest import shared

        shared()  # fails under CI=true, skips elsewhere
    monkeypatch.chdir(scratch(tmp_path))
    monkeypatch.setenv("NO_COLOR", "1")
    failures, printed_by = [], {}
    for example in runnable:
        if example.command.startswith("tropekg "):
            printed, code = run_tropekg(cli, example.command)
        else:
            printed, code = run_shell(example.command)
        printed_by[example.output] = (printed, example)
        if normal(printed) != normal(example.expected) or code != example.exit_code:
            failures.append(f"{example.place}: $ {example.command}\n  exit {code} (page: {example.exit_code})\n"
                            f"--- printed\n{printed}\n--- the page shows\n{example.expected}\n")
    if failures and update_golden:
        rewrite(page, printed_by)
    assert not failures, "\n".join(failures)


def rewrite(page: Path, printed_by: dict) -> None:
    """`pytest tests/test_docs.py --update-golden`: each example's output on the page becomes what it printed
    (exit codes and commands are left to the author); review the diff before committing it."""
    lines = page.read_text(encoding="utf-8").split("\n")
    for (start, end), (printed, example) in sorted(printed_by.items(), reverse=True):
        new = [example.block.indent + line if line else line for line in normal(printed).split("\n")]
        kept = len(lines[start:end]) - len("\n".join(lines[start:end]).rstrip().split("\n"))  # blank lines after
        lines[start:end] = (new if normal(printed) else []) + [""] * max(kept, 0)
    page.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_commands_are_shown_only_in_console_blocks(page):
    hidden = [f"{block.page.name}:{block.line + 1 + number}: {text}"
              for block in blocks(page) if block.info != "console"
              for number, text in enumerate(block.lines) if re.match(r"\s*\$ tropekg\b", text)]
    assert hidden == [], "a `$ tropekg` line outside a ```console block is never run:\n" + "\n".join(hidden)


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"^(`{3,}|~{3,}).*?^\1", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
            for heading in re.findall(r"^#{1,6} (.+)$", text, re.M)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_and_pictures_exist(page):
    text = re.sub(r"^(`{3,}|~{3,}).*?^\1", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    broken = []
    for target, anchor in re.findall(r"\]\(([^)\s#]*)(?:#([^)\s]*))?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        path = (page.parent / target) if target else page
        if not path.exists():
            broken.append(target)
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            broken.append(f"{target}#{anchor}")
    assert broken == []


def test_readme_is_a_front_door():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 250


def test_the_readme_test_command_is_what_ci_runs():
    """.ci/run ends with the test command the README gives, so the two cannot differ."""
    last = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line.strip()][-1]
    assert last.startswith(".venv/bin/python -m pytest")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(last)}$", readme, re.M), f"README.md does not give the test command {last!r}"


def test_the_parser_reads_commands_outputs_and_exit_codes(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Text.\n\n```console\n$ tropekg expand NTR \\\n    --as vndb\n513\n$ tropekg show nope  # exit 1\n"
                    "x\n\n```\n\n- item\n\n  ```sh\n  $ tropekg serve\n  ```\n", encoding="utf-8")
    console, shown = blocks(page)
    assert (console.info, shown.info, shown.lines) == ("console", "sh", ["$ tropekg serve"])
    first, second = examples(console)
    assert (first.command, first.expected, first.exit_code) == ("tropekg expand NTR --as vndb", "513", 0)
    assert (second.command, normal(second.expected), second.exit_code) == ("tropekg show nope", "x", 1)


def test_a_tail_is_cut_at_the_first_pipe_outside_quotes():
    assert split_tail("tropekg query 'SELECT ?a WHERE { ?a ?b ?c FILTER(?a || ?b) }' | head -1") == \
        ("tropekg query 'SELECT ?a WHERE { ?a ?b ?c FILTER(?a || ?b) }' ", " head -1")
    with pytest.raises(AssertionError, match="only a"):
        split_tail("tropekg stats > out.txt")


def test_an_example_runs_and_is_compared(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_tropekg(cli, 'tropekg expand "NTR family" --as vndb | head -2') == ("513\n514\n", 0)
    printed, code = run_tropekg(cli, "tropekg show nope")
    assert code == 1 and printed.startswith("tropekg: 'nope': no concept has this IRI or label")
