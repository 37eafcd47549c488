"""The library's layers only point down, and no module imports itself round a cycle.

The layers are declared once, as import-linter's ``layers`` contract in ``pyproject.toml``
(``lint-imports`` checks it from the shell); these tests read that declaration and check it
with grimp, the graph library import-linter is built on. Lazy imports (inside functions) count;
imports under ``if TYPE_CHECKING:`` do not, since they never run.
"""

from __future__ import annotations

import graphlib
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import grimp
import pytest

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
ROOT = "conciliazione"


def contract() -> dict[str, Any]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    (layers,) = [c for c in config["contracts"] if c["type"] == "layers"]
    assert config["exclude_type_checking_imports"] is True
    return dict(layers)


def declared_layers() -> list[grimp.Layer]:
    """The contract's layers, top first, as grimp layers (``a | b``: independent siblings)."""
    found = []
    for line in contract()["layers"]:
        names = [name.strip() for name in line.split("|")]
        found.append(grimp.Layer(*names, independent=True))
    return found


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(ROOT, exclude_type_checking_imports=True)


def illegal(graph: grimp.ImportGraph) -> list[str]:
    """Every upward (or sideways, between independent siblings) import, as 'a -> b' lines."""
    dependencies = graph.find_illegal_dependencies_for_layers(
        layers=declared_layers(), containers={ROOT}
    )
    return sorted(
        f"{head} -> {tail}"
        for dependency in dependencies
        for route in dependency.routes
        for head in route.heads
        for tail in route.tails
    )


@contextmanager
def extra_import(graph: grimp.ImportGraph, importer: str, imported: str) -> Iterator[None]:
    """The graph with one more import, taken out again afterwards (the graph is shared)."""
    graph.add_import(importer=importer, imported=imported)
    try:
        yield
    finally:
        graph.remove_import(importer=importer, imported=imported)


def test_every_module_of_the_library_sits_in_a_layer(graph: grimp.ImportGraph) -> None:
    placed = {name for layer in declared_layers() for name in layer.module_tails}
    parts = {child.removeprefix(f"{ROOT}.") for child in graph.find_children(ROOT)}
    assert parts - placed == set(), "a new top-level module needs a place in the layers"
    assert placed - parts == set(), "the layers name a module that does not exist"


def test_no_module_imports_a_layer_above_its_own(graph: grimp.ImportGraph) -> None:
    assert illegal(graph) == []


def test_an_upward_import_breaks_the_layers(graph: grimp.ImportGraph) -> None:
    """The check can fail: an export module importing the API, or the model importing the
    plugin host, is reported."""
    with (
        extra_import(graph, "conciliazione.export.writer", "conciliazione.api"),
        extra_import(graph, "conciliazione.model.base", "conciliazione.plugins.manager"),
    ):
        assert illegal(graph) == [
            "conciliazione.export.writer -> conciliazione.api",
            "conciliazione.model.base -> conciliazione.plugins.manager",
        ]
    assert illegal(graph) == []


def test_siblings_of_one_layer_do_not_import_each_other(graph: grimp.ImportGraph) -> None:
    with extra_import(graph, "conciliazione.registers.catalog", "conciliazione.allocation.engine"):
        assert illegal(graph) == [
            "conciliazione.registers.catalog -> conciliazione.allocation.engine"
        ]


def module_cycle(graph: grimp.ImportGraph) -> tuple[str, ...] | None:
    """A cycle among the library's modules, if there is one (lazy imports included)."""
    modules = {m for m in graph.modules if m == ROOT or m.startswith(f"{ROOT}.")}
    imports = {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}
    try:
        graphlib.TopologicalSorter(imports).prepare()
    except graphlib.CycleError as exc:
        return tuple(exc.args[1])
    return None


def test_no_module_imports_itself_round_a_cycle(graph: grimp.ImportGraph) -> None:
    assert module_cycle(graph) is None


def test_a_cycle_is_found(graph: grimp.ImportGraph) -> None:
    with extra_import(graph, "conciliazione.registers.raw", "conciliazione.registers.xlsx"):
        cycle = module_cycle(graph)
    assert cycle is not None
    assert {"conciliazione.registers.raw", "conciliazione.registers.xlsx"} <= set(cycle)
