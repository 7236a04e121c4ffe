"""`python -m tropekg` and the `tropekg` console script: run the CLI.

The CLI lives in cli.py at the top of the repository. A wheel ships it inside the package as tropekg/cli.py
(pyproject.toml, force-include), so nothing generic named `cli` lands in site-packages; in a checkout or an
editable install it is loaded from the repository root, beside this package.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def cli_module() -> ModuleType:
    """The module that holds the Click group: tropekg.cli in a wheel, the repository's cli.py in a checkout."""
    try:
        from tropekg import cli  # type: ignore[attr-defined]

        return cli
    except ImportError:
        pass
    path = Path(__file__).resolve().parent.parent / "cli.py"
    existing = sys.modules.get("tropekg._cli")
    if existing is not None:
        return existing
    spec = importlib.util.spec_from_file_location("tropekg._cli", path)
    if spec is None or spec.loader is None or not path.exists():
        raise ImportError(f"{path}: the tropekg CLI is missing; reinstall tropekg (pip install .)")
    module = importlib.util.module_from_spec(spec)
    sys.modules["tropekg._cli"] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    cli_module().main()


if __name__ == "__main__":
    main()
