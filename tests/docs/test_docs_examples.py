"""The query snippets of the Getting started page run against a fresh export.

The page shows ``docs/examples/*.sql`` and ``*.py`` with ``literalinclude``; here they run,
from a directory holding ``exports/`` as the page tells the reader, and their answers are
checked against facts of the built-in pages and of the core's data (ATS Pavia's allocations as
its page and the Region's release state them).
"""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
PAGE = "pavia:003_cc3c723282e7ce42.txt"
RELEASE = "core:publication:release-2019-11-11-dgr-xi-2398-2019"
PAVIA = [
    ("pavia", 2019, "core:publication:varesenews-2018-12-dgr-1017-2018", Decimal("95710.00")),
    ("pavia", 2020, RELEASE, Decimal("43400.00")),
    ("pavia", 2020, PAGE, Decimal("48834.00")),
    ("pavia", 2021, RELEASE, Decimal("54200.00")),
    ("pavia", 2021, PAGE, Decimal("48834.00")),
    ("pavia", 2022, RELEASE, Decimal("54200.00")),
    ("pavia", 2022, PAGE, Decimal("54260.00")),
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
    from conciliazione.api import run_export
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
    assert relation.columns == [
        "ats_id", "year", "source_id", "amount_eur", "rounding_unit_eur", "allocations",
    ]  # fmt: skip
    assert str(relation.types[3]).startswith("DECIMAL")
    rows = relation.fetchall()
    assert [row[:4] for row in rows if row[0] == "pavia"] == PAVIA
    release: dict[int, Decimal] = {}
    for _, year, source_id, amount, unit, _ in rows:
        if source_id.startswith("core:"):
            release[year] = release.get(year, Decimal(0)) + amount
            assert unit == (None if year == 2019 else Decimal("100.00"))
    assert release == {
        2019: Decimal("1000000.00"),
        2020: Decimal("799000.00"),
        2021: Decimal("999600.00"),
        2022: Decimal("999600.00"),
    }


def test_duckdb_sets_two_sources_of_one_allocation_side_by_side(in_workdir: Path) -> None:
    pytest.importorskip("duckdb")
    relation = _load("duckdb_queries").run("allocation_sources_compared.sql")
    rows = [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]
    assert [(r["ats_id"], r["year"]) for r in rows] == [("pavia", y) for y in (2020, 2021, 2022)]
    for row in rows:
        assert (row["source_a"], row["source_b"]) == (RELEASE, PAGE)
        assert row["rounding_allows"] == Decimal(50)
        assert row["agree"] is False
    assert [r["difference"] for r in rows] == [
        Decimal("5434.00"), Decimal("-5366.00"), Decimal("60.00"),
    ]  # fmt: skip


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
    pavia = [r[:4] for r in allocations.rows() if r[0] == "pavia"]
    assert pavia == PAVIA
    assert typologies.rows() == sql["projects_per_typology"]
