"""An ingest's Parquet as pipelines read it: DuckDB, Polars and pandas see the typed values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

from conciliazione.registers import ingest

Row = dict[str, str]


@pytest.fixture
def ingested(
    write_csv: Callable[..., Path], service_row: Callable[..., Row], tmp_path: Path
) -> Path:
    rows = [service_row() for _ in range(3)] + [service_row(**{"Costo EUR": "12.5"})]
    summary = ingest([write_csv(rows)], "service_records", tmp_path / "out", ats_id="pavia")
    assert (summary.rows_exported, summary.rows_rejected) == (3, 1)
    return Path(summary.valid_path)


def test_duckdb_reads_money_as_decimal_dates_as_dates_and_the_lines(ingested: Path) -> None:
    query = (
        "SELECT any_value(typeof(cost_eur)), sum(cost_eur), min(start_date), list(source_row)"
        f" FROM '{ingested}'"
    )
    ((kind, total, first, lines),) = duckdb.execute(query).fetchall()
    assert (kind, total, first) == ("DECIMAL(18,2)", Decimal("3703.68"), dt.date(2021, 2, 3))
    assert sorted(lines) == [2, 3, 4]


def test_polars_and_pandas_read_the_same_rows(ingested: Path) -> None:
    frame = pl.read_parquet(ingested)
    assert frame.schema["cost_eur"] == pl.Decimal(18, 2)
    assert frame.schema["cofunded"] == pl.Boolean
    assert frame["source_row"].to_list() == [2, 3, 4]
    table = pd.read_parquet(ingested)
    assert table["record_id"].tolist() == ["SR1", "SR2", "SR3"]
    assert table["cost_eur"].tolist() == [Decimal("1234.56")] * 3
