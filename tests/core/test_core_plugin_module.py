"""``conciliazione.plugin``: the one module plugin authors import from."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import conciliazione.plugin as kit

PLUGINS = Path(__file__).parents[2] / "plugins"


@pytest.mark.parametrize("name", kit.__all__)
def test_every_name_it_lists_can_be_imported(name: str) -> None:
    assert getattr(kit, name) is not None


def test_an_unknown_name_is_an_attribute_error_naming_it() -> None:
    with pytest.raises(AttributeError, match="no attribute 'PageTxt'"):
        kit.PageTxt  # noqa: B018


def test_importing_it_to_register_an_adapter_loads_neither_pydantic_nor_pyarrow() -> None:
    code = (
        "import sys; from conciliazione.plugin import AtsAdapter, BuiltinPage, hookimpl; "
        "print(sorted(m for m in ('pydantic', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _core_imports(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return {m for m in modules if m == "conciliazione" or m.startswith("conciliazione.")}


@pytest.mark.parametrize(
    "path",
    sorted(PLUGINS.glob("*/src/*/*.py")),
    ids=lambda p: f"{p.parts[-4]}/{p.name}",
)
def test_plugins_import_the_core_only_through_it(path: Path) -> None:
    assert _core_imports(path) <= {"conciliazione", "conciliazione.plugin"}
