"""Shared fixtures: the bundled vocabulary, the CLI runner, and paths to ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import tropekg
from tropekg.__main__ import cli_module

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
SHARED = ROOT.parent / "shared"


def shared(*parts: str) -> Path:
    """A file of ../shared; where it is missing, the test fails under CI=true (CI has ../shared beside the clone,
    so a skip would hide a broken path) and is skipped elsewhere."""
    import os

    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing; CI runs with ../shared beside the checkout")
        pytest.skip(f"{path} is not here (tests read ../shared beside the checkout)")
    return path


@pytest.fixture(scope="session")
def bundled():
    return tropekg.load()


@pytest.fixture(scope="session")
def cli():
    return cli_module().cli


@pytest.fixture
def run(cli):
    """Run the CLI in-process; returns click's Result with stdout and stderr kept apart."""

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def need(tool: str) -> str:
    """The path of an external tool the test drives; under CI=true a missing tool fails instead of skipping."""
    import os
    import shutil

    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed; .ci/run must install it")
        pytest.skip(f"{tool} is not installed")
    return path


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def virtuoso():
    """A real Virtuoso for the whole session (tests/virtuoso.py), started when a test first needs it."""
    from .virtuoso import virtuoso_serve

    with virtuoso_serve() as server:
        yield server
