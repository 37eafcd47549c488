"""The query snippets of the Getting started page run against a fresh export.

The page shows ``docs/examples/*.sql`` and ``*.py`` with ``literalinclude``; here they run,
from a directory holding ``exports/`` as the page tells the reader, and their answers are
checked against facts of the built-in pages (ATS Pavia's allocations).
"""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
PAVIA = [
    ("pavia", 2020, Decimal("48834.00")),
    ("pavia", 2021, Decimal("48834.00")),
    ("pavia", 2022, Decimal("54260.00")),
]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with a fresh ``exports/`` of every installed plugin's built-in pages."""
    try:
        from conciliazione.export.writer import run_export
    except ImportError as exc:
        pytest.skip(f"the export is not available yet ({exc})")
    from conciliazione.plugins import make_plugin_host

    installed = {p.ats_id for p in make_plugin_host(environ={}).plugins}
    if not {"pavia", "montagna"} <= installed:
        pytest.skip(f"the Pavia and Montagna plugins are not installed (installed: {installed})")
    work = tmp_path_factory.mktemp("getting-started")
    run_export(work / "exports")
    return work


@pytest.fixture
def in_workdir(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(workdir)
    return workdir


def test_duckdb_sums_allocations_per_ats_and_year_as_exact_decimals(in_workdir: Path) -> None:
    pytest.importorskip("duckdb")
    relation = _load("duckdb_queries").run("allocations_per_ats_and_year.sql")
    assert relation.columns == ["ats_id", "year", "amount_eur", "allocations"]
    assert str(relation.types[2]).startswith("DECIMAL")
    rows = [row[:3] for row in relation.fetchall() if row[0] == "pavia"]
    assert rows == PAVIA


def test_duckdb_counts_projects_per_typology(in_workdir: Path) -> None:
    pytest.importorskip("duckdb")
    relation = _load("duckdb_queries").run("projects_per_typology.sql")
    assert relation.columns == ["typology", "stated_by", "projects"]
    rows = relation.fetchall()
    assert {typology for typology, _, _ in rows} <= set("ABCDEF")
    assert {stated_by for _, stated_by, _ in rows} <= {"project", "plan"}
    # Montagna's 2020-2023 plan concentrates its five projects on typologies A and B.
    counts = {(typology, stated_by): n for typology, stated_by, n in rows}
    assert counts.get(("A", "plan"), 0) >= 5
    assert counts.get(("B", "plan"), 0) >= 5


def test_polars_gives_the_same_answers_as_duckdb(in_workdir: Path) -> None:
    pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    queries: Any = _load("polars_queries")
    allocations = queries.allocations_per_ats_and_year(Path("exports"))
    typologies = queries.projects_per_typology(Path("exports"))
    sql = {
        name: duckdb.sql((EXAMPLES / f"{name}.sql").read_text(encoding="utf-8")).fetchall()
        for name in ("allocations_per_ats_and_year", "projects_per_typology")
    }
    assert allocations.rows() == sql["allocations_per_ats_and_year"]
    assert [r for r in allocations.rows() if r[0] == "pavia"] == [(*p, 1) for p in PAVIA]
    assert typologies.rows() == sql["projects_per_typology"]
