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
    paths = [str(p) for p in (ROOT / "tropekg", ROOT / "cli.py", ROOT / "cli_options.py", ROOT / "tests", ROOT / "bench") if p.exists()]
    result = subprocess.run([ruff, "check", "--quiet", *paths], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_wheel_ships_cli_inside_the_package_with_data(tmp_path):
    pytest.importorskip("hatchling")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                             "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("tropekg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"tropekg/cli.py", "tropekg/cli_options.py"} <= names and not {"cli.py", "cli_options.py"} & names
    assert "tropekg/data/ontology/shapes.ttl" in names
    assert "tropekg/data/taxonomy/tropes-ntr.ttl" in names
    assert not any(n.startswith("tests/") for n in names)


def _imports(path, module: str) -> set[str]:
    """The tropekg modules `module` (at `path`) imports anywhere in its body, functions included; importing
    a.b.c runs the packages a and a.b first, so each counts (the root `tropekg` imports nothing eagerly)."""
    import ast

    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            names = [f"{base}.{a.name}" for a in node.names] + [base]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            found |= {".".join(parts[:i]) for i in range(2, len(parts) + 1)} if parts[0] == "tropekg" else set()
    return found


def _modules() -> dict[str, object]:
    found = {}
    for path in sorted((ROOT / "tropekg").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def test_no_import_cycles():
    """No module reaches itself through imports, including those inside functions (they hid two cycles)."""
    import networkx as nx

    modules = _modules()
    graph = nx.DiGraph()
    for module, path in modules.items():
        graph.add_node(module)
        graph.add_edges_from((module, target) for target in _imports(path, module) if target in modules
                             and target != module)
    assert graph.number_of_edges() > 50  # the walk sees the imports at all
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert cycles == []


def test_developers_map_names_every_module():
    """DEVELOPERS.md's architecture map has a line for every module and package of tropekg/."""
    text = (ROOT / "DEVELOPERS.md").read_text(encoding="utf-8")
    missing = [path.relative_to(ROOT).as_posix() for module, path in _modules().items()
               if path.relative_to(ROOT).as_posix() not in text]
    assert missing == []



def test_cli_is_wiring_only():
    """cli.py stays small: parse, one library call, render, exit (the house limit is 300 lines)."""
    assert len((ROOT / "cli.py").read_text(encoding="utf-8").splitlines()) <= 300


def test_the_public_api_is_plain_functions_and_names_imported_on_first_use():
    """tropekg.validate, .serve and .compare are functions even after their packages' modules are imported; the
    module is a plain module (no class swapped in); every name of __all__ resolves."""
    code = ("import sys, types, tropekg\n"
            "import tropekg.validate.runner, tropekg.serve.workers, tropekg.compare.table\n"
            "assert type(tropekg) is types.ModuleType\n"
            "assert all(isinstance(getattr(tropekg, n), types.FunctionType) for n in ('validate', 'serve', 'compare'))\n"
            "assert all(getattr(tropekg, n) is not None for n in tropekg.__all__)\n"
            "vocab = tropekg.load()\n"
            "print(tropekg.validate(vocab, select=['S13']).conforms, len(tropekg.compare(vocab, ['NTR', 'Netori']).columns))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, "True 2\n", "")


def test_help_loads_no_rdf_library():
    """`tropekg --help` stays fast by importing no RDF, graph or XML library (bench: its wall time)."""
    code = ("import sys\nfrom tropekg.__main__ import cli_module\ncli_module()\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pyoxigraph', 'rdflib', 'networkx', 'lxml', "
            "'pyshacl', 'openpyxl'}))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert (done.returncode, done.stdout, done.stderr) == (0, "[]\n", "")
