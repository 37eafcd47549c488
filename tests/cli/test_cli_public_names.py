"""The command line uses the library through its public names only.

A name the CLI imports from the library must be in the ``__all__`` of the module it comes from,
of that module's package (``conciliazione.registers``), or of ``conciliazione`` itself — or be a
module. So what the commands do, a Python program can do with the same, documented names.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from types import ModuleType

import pytest

CLI = Path(__file__).resolve().parents[2] / "src" / "conciliazione" / "cli"


def library_imports() -> list[tuple[str, str, str]]:
    """``(where, module, name)`` for each name a CLI module imports from the library."""
    found = []
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            if node.module.startswith("conciliazione.cli") or not node.module.startswith(
                "conciliazione"
            ):
                continue
            found += [(f"{path.name}:{node.lineno}", node.module, a.name) for a in node.names]
    return found


def public(module_name: str, name: str) -> bool:
    module = importlib.import_module(module_name)
    if isinstance(getattr(module, name, None), ModuleType):
        return True
    homes = {module_name, ".".join(module_name.split(".")[:2]), "conciliazione"}
    return any(name in getattr(importlib.import_module(h), "__all__", ()) for h in homes)


@pytest.mark.parametrize(("where", "module", "name"), library_imports(), ids=lambda v: str(v))
def test_each_name_the_cli_imports_is_public(where: str, module: str, name: str) -> None:
    assert public(module, name), f"{where} imports {module}.{name}, which is in no __all__"


def test_a_private_helper_would_be_caught() -> None:
    assert not public("conciliazione.api", "_open_source")
    assert public("conciliazione.registers.ingestion", "ingest")  # the package lists it
