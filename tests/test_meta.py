"""Meta tests: commands are documented, the version lives in one place, packaging ships what it must."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

import tropekg

from .conftest import ROOT


def commands(cli):
    return sorted(cli.commands)


def test_every_command_has_help_with_an_example(run, cli):
    for name in commands(cli):
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, f"{name} --help shows no example"


def test_every_command_appears_in_the_readme(cli):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in commands(cli):
        assert re.search(rf"tropekg {name}\b", readme), f"README.md does not show `tropekg {name}`"


def test_version_lives_in_one_place():
    hits = [p for p in ROOT.rglob("*") if p.is_file() and p.suffix in {".py", ".toml", ".cfg"}
            and ".venv" not in p.parts and tropekg.__version__ in p.read_text(encoding="utf-8", errors="ignore")
            and "version" in p.read_text(encoding="utf-8", errors="ignore")]
    assert [p.relative_to(ROOT).as_posix() for p in hits] == ["tropekg/__init__.py"]


def test_library_never_imports_click_prints_or_exits():
    for path in sorted((ROOT / "tropekg").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import click|from click)", text, re.M), path
        assert not re.search(r"(?<![\w.])print\(", text), path
        assert not re.search(r"\b(sys\.exit|exit)\(", text), path


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or os.path.join(os.path.dirname(sys.executable), "ruff")
    if not os.path.exists(ruff):
        pytest.skip("ruff is not installed (pip install '.[test]')")
    paths = [str(p) for p in (ROOT / "tropekg", ROOT / "cli.py", ROOT / "tests", ROOT / "bench") if p.exists()]
    result = subprocess.run([ruff, "check", "--quiet", *paths], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_wheel_ships_cli_inside_the_package_with_data(tmp_path):
    pytest.importorskip("hatchling")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                             "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("tropekg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tropekg/cli.py" in names and "cli.py" not in names
    assert "tropekg/data/ontology/shapes.ttl" in names
    assert "tropekg/data/taxonomy/tropes-ntr.ttl" in names
    assert not any(n.startswith("tests/") for n in names)
