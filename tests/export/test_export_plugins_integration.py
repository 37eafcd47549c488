"""The four ATS plugins' data, exported and opened in DuckDB, Polars and pandas.

This is the issue's acceptance test. It needs the Milano, Montagna, Pavia and Brescia plugins
installed; until they are, it is skipped with the list of the plugins that are.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import duckdb
import frictionless
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest

from conciliazione.api import load, run_export
from conciliazione.export import ExportSummary, read_export
from conciliazione.plugins import make_plugin_host

REQUIRED_ATS = {"milano", "montagna", "pavia", "brescia"}

MONTAGNA_PROJECTS = {
    "Mobilità sociale empowerment": "CM Valtellina di Tirano",
    "Progetto Doposcuola": "Comune di Niardo",
    "Baby Hub": "Comune di Tirano",
    "Terzo tempo": "Coop. Forme",
    "Doposcuola compiti insieme": "IC Darfo",
}
"""Title → the lead as the Montagna page names it (seed 000)."""


def _installed_ats() -> set[str]:
    return {info.ats_id for info in make_plugin_host().plugins}


_INSTALLED = _installed_ats()
pytestmark = pytest.mark.skipif(
    not REQUIRED_ATS.issubset(_INSTALLED),
    reason="needs the four ATS plugins (milano, montagna, pavia, brescia); installed: "
    + (", ".join(sorted(_INSTALLED)) or "none"),
)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, ExportSummary]]:
    root = tmp_path_factory.mktemp("plugins")
    default = run_export(root / "default", partition=True)
    personal = run_export(root / "personal", include_personal_data=True)
    return {"default": (root / "default", default), "personal": (root / "personal", personal)}


@pytest.fixture(scope="module")
def out(exports: dict[str, tuple[Path, ExportSummary]]) -> Path:
    return exports["default"][0]


def test_duckdb_sums_the_pavia_allocations_as_a_decimal(out: Path) -> None:
    ((total,),) = duckdb.execute(
        f"SELECT sum(amount_eur) FROM '{out}/allocations.parquet' "
        "WHERE ats_id = 'pavia' AND source_id LIKE 'pavia:%'"
    ).fetchall()
    assert total == Decimal("151928.00")
    types = {
        row[0]: row[1]
        for row in duckdb.execute(f"DESCRIBE SELECT * FROM '{out}/allocations.parquet'").fetchall()
    }
    assert types["amount_eur"] == "DECIMAL(18,2)"
    assert types["year"] == "BIGINT"


def test_duckdb_reads_the_pavia_years_from_the_partitions(out: Path) -> None:
    glob = f"{out}/partitioned/allocations/**/*.parquet"
    rows = duckdb.execute(
        f"SELECT year, sum(amount_eur) FROM read_parquet('{glob}', hive_partitioning=true) "
        "WHERE ats_id = 'pavia' AND source_id LIKE 'pavia:%' GROUP BY year ORDER BY year"
    ).fetchall()
    assert rows == [
        (2020, Decimal("48834.00")),
        (2021, Decimal("48834.00")),
        (2022, Decimal("54260.00")),
    ]


RELEASE = "core:publication:release-2019-11-11-dgr-xi-2398-2019"


def test_the_export_has_all_eight_ats_for_2019_2022_with_their_sources(out: Path) -> None:
    rows = duckdb.execute(
        f"SELECT year, count(DISTINCT a.ats_id), list(DISTINCT s.publisher) "
        f"FROM '{out}/allocations.parquet' AS a JOIN '{out}/sources.parquet' AS s "
        "USING (source_id) WHERE a.source_id LIKE 'core:%' GROUP BY year ORDER BY year"
    ).fetchall()
    assert [(year, count) for year, count, _ in rows] == [(y, 8) for y in (2019, 2020, 2021, 2022)]
    assert all(publishers and None not in publishers for _, _, publishers in rows)


def test_duckdb_sums_each_years_release_figures_as_published(out: Path) -> None:
    rows = duckdb.execute(
        f"SELECT year, sum(amount_eur) FROM '{out}/allocations.parquet' "
        "WHERE source_id LIKE 'core:%' GROUP BY year ORDER BY year"
    ).fetchall()
    assert rows == [
        (2019, Decimal("1000000.00")),
        (2020, Decimal("799000.00")),
        (2021, Decimal("999600.00")),
        (2022, Decimal("999600.00")),
    ]


def test_pavia_has_two_rows_a_year_and_a_finding_that_names_both_sources(out: Path) -> None:
    rows = duckdb.execute(
        f"SELECT year, list(source_id ORDER BY source_id) FROM '{out}/allocations.parquet' "
        "WHERE ats_id = 'pavia' AND year >= 2020 GROUP BY year ORDER BY year"
    ).fetchall()
    page = "pavia:003_cc3c723282e7ce42.txt"
    assert rows == [(year, [RELEASE, page]) for year in (2020, 2021, 2022)]
    messages = [
        message
        for (message,) in duckdb.execute(
            f"SELECT message FROM '{out}/findings.parquet' "
            "WHERE code = 'allocation-sources-disagree' AND ats_id = 'pavia'"
        ).fetchall()
    ]
    assert len(messages) == 3
    assert all(RELEASE in m and page in m for m in messages)


def test_montagnas_2017_2018_plan_points_to_its_guideline(out: Path) -> None:
    ((guideline_id,),) = duckdb.execute(
        f"SELECT guideline_id FROM '{out}/plans.parquet' WHERE plan_id = 'montagna:plan:2017-2018'"
    ).fetchall()
    assert guideline_id == "dgr-x-5969-2016"


def test_polars_lists_the_five_montagna_projects_with_their_leads(out: Path) -> None:
    plans = pl.read_parquet(out / "plans.parquet").select("plan_id", "period_start", "period_end")
    projects = (
        pl.read_parquet(out / "projects.parquet")
        .join(plans, on="plan_id")
        .filter(
            (pl.col("ats_id") == "montagna")
            & (pl.col("period_start") == 2020)
            & (pl.col("period_end") == 2023)
        )
        .select("title", "lead_name", "service_types")
        .sort("title")
    )
    assert sorted(projects["title"]) == sorted(MONTAGNA_PROJECTS)
    for title, lead, _types in projects.iter_rows():
        assert MONTAGNA_PROJECTS[title] in (lead or ""), (title, lead)
    assert projects.schema["service_types"] == pl.List(pl.String())


def test_pandas_shows_the_milano_declared_versus_listed_warning(out: Path) -> None:
    findings = pd.read_parquet(out / "findings.parquet", dtype_backend="pyarrow")
    mismatch = findings[
        (findings["code"] == "declared-count-mismatch") & (findings["ats_id"] == "milano")
    ]
    assert len(mismatch) == 1
    assert mismatch["severity"].iloc[0] == "warning"
    assert mismatch["entity"].iloc[0] == "plan"
    plans = pd.read_parquet(out / "plans.parquet", dtype_backend="pyarrow")
    milano = plans[(plans["ats_id"] == "milano") & (plans["period_start"] == 2020)]
    assert milano["declared_project_count"].iloc[0] == 6
    assert milano["listed_project_count"].iloc[0] == 5


def test_personal_contacts_are_absent_by_default_and_present_when_asked(
    exports: dict[str, tuple[Path, ExportSummary]],
) -> None:
    default_out, default = exports["default"]
    personal_out, personal = exports["personal"]
    withheld = pl.read_parquet(default_out / "contacts.parquet").filter(pl.col("personal"))
    assert withheld.height == 0
    assert default.withheld_personal > 0
    included = pl.read_parquet(personal_out / "contacts.parquet").filter(pl.col("personal"))
    assert included.height == default.withheld_personal
    assert personal.withheld_personal == 0


def test_the_summary_counts_the_evidence_rows_withheld_with_personal_data(
    exports: dict[str, tuple[Path, ExportSummary]],
) -> None:
    """As many as the export with personal data has more in ``evidence.parquet``."""
    default_out, default = exports["default"]
    personal_out, personal = exports["personal"]
    with_personal = pl.read_parquet(personal_out / "evidence.parquet").height
    without = pl.read_parquet(default_out / "evidence.parquet").height
    assert default.withheld_evidence == with_personal - without > 0
    assert personal.withheld_evidence == 0
    assert default.tables["evidence"] == without


def test_every_record_survives_the_round_trip(out: Path) -> None:
    loaded = load()
    back = read_export(out)
    for field in ("projects", "plans", "networks", "allocations", "acts", "sources"):
        expected = sorted((r.model_dump() for r in getattr(loaded.dataset, field)), key=str)
        actual = sorted((r.model_dump() for r in getattr(back.dataset, field)), key=str)
        assert actual == expected, field
    assert {p["ats_id"] for p in back.metadata["plugins"]} >= REQUIRED_ATS


def test_the_data_passes_frictionless_validation_against_its_datapackage(
    exports: dict[str, tuple[Path, ExportSummary]],
) -> None:
    """Descriptor as written; rows read by pyarrow and checked against the descriptor's schemas
    (types, enums, primary and foreign keys). See test_export_datapackage for why inline."""
    out = exports["personal"][0]
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert list(frictionless.Package.metadata_validate(descriptor)) == []
    inline = copy.deepcopy(descriptor)
    for resource in inline["resources"]:
        rows = pq.read_table(out / resource.pop("path")).to_pylist()
        for key in ("format", "mediatype", "partitioning"):
            resource.pop(key, None)
        names = [f["name"] for f in resource["schema"]["fields"]]
        resource["data"] = [names, *([row[n] for n in names] for row in rows)]
    report = frictionless.validate(inline, type="package")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])
