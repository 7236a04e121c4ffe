"""`python -m tropekg` and the `tropekg` console script: run the CLI.

The CLI is two files at the top of the repository: cli.py (the commands) and cli_options.py (their Click
configuration). A wheel ships them inside the package as tropekg/cli.py and tropekg/cli_options.py (pyproject.toml,
force-include), so nothing generic named `cli` lands in site-packages; in a checkout or an editable install they
are loaded from the repository root, beside this package, under the same module names.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

# The CLI's modules, in the order they are loaded: cli.py imports tropekg.cli_options.
CLI_MODULES = ("cli_options", "cli")


def _from_checkout(name: str) -> ModuleType:
    """tropekg.<name> from <name>.py at the repository root."""
    path = Path(__file__).resolve().parent.parent / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"tropekg.{name}", path)
    if spec is None or spec.loader is None or not path.exists():
        raise ImportError(f"{path}: the tropekg CLI is missing; reinstall tropekg (pip install .)")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[spec.name]
        raise
    return module


def cli_module() -> ModuleType:
    """The module that holds the Click group: tropekg.cli, from the wheel's package or the checkout's root."""
    if "tropekg.cli" in sys.modules:
        return sys.modules["tropekg.cli"]
    if importlib.util.find_spec("tropekg.cli") is not None:  # a wheel
        return importlib.import_module("tropekg.cli")
    for name in CLI_MODULES:
        module = sys.modules.get(f"tropekg.{name}") or _from_checkout(name)
    return module


def main() -> None:
    cli_module().main()


if __name__ == "__main__":
    main()
