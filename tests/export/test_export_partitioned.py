"""The partitioned copies: one directory per ``ats_id`` (and per ``year`` for allocations), each
file a whole slice of the flat table, so that the plain calls of pandas, pyarrow, DuckDB and
Polars read them back with the flat file's rows, columns and types."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conciliazione.export import table_names, table_spec
from conciliazione.export.datapackage import NULL_PARTITION
from conciliazione.model import Dataset
from conciliazione.regional import regional_dataset

PARTITIONED = [n for n in table_names() if table_spec(n).partition_by]


def _sorted(table: pa.Table, name: str) -> list[dict[str, object]]:
    key = list(table_spec(name).primary_key) or list(table.schema.names)
    rows: list[dict[str, object]] = table.sort_by([(k, "ascending") for k in key]).to_pylist()
    return rows


def test_the_directories_follow_the_documented_layout(exported: Path) -> None:
    allocations = sorted(
        str(p.relative_to(exported))
        for p in (exported / "partitioned" / "allocations").rglob("*.parquet")
    )
    assert allocations == [
        f"partitioned/allocations/pavia/{y}/part-0.parquet" for y in (2020, 2021, 2022, 2023)
    ]
    assert sorted(p.name for p in (exported / "partitioned").iterdir()) == sorted(PARTITIONED)
    assert {"ats", "guidelines", "service_types"}.isdisjoint(PARTITIONED)


def test_region_wide_rows_go_to_their_own_directory(exported: Path) -> None:
    acts = exported / "partitioned" / "acts"
    assert sorted(p.name for p in acts.iterdir()) == ["pavia", NULL_PARTITION]
    region_wide = pq.read_table(acts / NULL_PARTITION / "part-0.parquet")
    assert region_wide.column("ats_id").null_count == region_wide.num_rows > 0


def test_a_null_directory_name_is_never_an_ats_id() -> None:
    """Not hidden from readers (``_``/``.`` prefixes are) and not a slug an ATS could have."""
    assert not NULL_PARTITION.startswith(("_", "."))
    assert "=" not in NULL_PARTITION  # no hive key: the value is in the file, and it is null
    assert NULL_PARTITION not in {ats.ats_id for ats in regional_dataset().ats}


def test_partition_files_are_whole_slices_with_the_export_metadata(exported: Path) -> None:
    part = exported / "partitioned" / "allocations" / "pavia" / "2020" / "part-0.parquet"
    schema = pq.read_schema(part)
    assert schema.metadata[b"table"] == b"allocations"
    assert b"schema_version" in schema.metadata
    flat = pq.read_schema(exported / "allocations.parquet")
    assert schema.remove_metadata() == flat.remove_metadata()


@pytest.mark.parametrize("name", PARTITIONED)
def test_pyarrow_reads_back_the_flat_table_with_the_plain_call(exported: Path, name: str) -> None:
    flat = pq.read_table(exported / f"{name}.parquet")
    table = pq.read_table(exported / "partitioned" / name)
    assert table.schema.remove_metadata() == flat.schema.remove_metadata()
    assert _sorted(table, name) == _sorted(flat, name)


@pytest.mark.parametrize("name", PARTITIONED)
def test_pandas_duckdb_and_polars_read_every_partitioned_table_whole(
    exported: Path, name: str
) -> None:
    """The plain calls, no partitioning argument: same rows and values as the flat file, a
    region-wide row's ``ats_id`` null."""
    import pandas as pd
    import polars as pl

    flat = pq.read_table(exported / f"{name}.parquet")
    base = exported / "partitioned" / name
    frame = pd.read_parquet(base)
    assert list(frame.columns) == flat.schema.names
    expected = flat.to_pandas()
    key = list(table_spec(name).primary_key) or list(flat.schema.names)[:3]
    assert _sorted(pa.Table.from_pandas(frame, preserve_index=False).cast(flat.schema), name) == (
        _sorted(pa.Table.from_pandas(expected, preserve_index=False).cast(flat.schema), name)
    ), key
    assert frame["ats_id"].isna().sum() == flat.column("ats_id").null_count

    relation = duckdb.sql(f"SELECT * FROM read_parquet('{base}/**/*.parquet')")
    assert relation is not None
    read: pa.Table = relation.to_arrow_table()
    assert read.schema.names == flat.schema.names
    assert _sorted(read.cast(flat.schema), name) == _sorted(flat, name)

    polars = pl.scan_parquet(base, hive_partitioning=True).collect()
    assert polars.columns == flat.schema.names
    assert polars.height == flat.num_rows
    assert polars["ats_id"].null_count() == flat.column("ats_id").null_count


def test_duckdb_sums_the_pavia_years_from_the_partitions(exported: Path) -> None:
    glob = f"{exported}/partitioned/allocations/**/*.parquet"
    rows = duckdb.execute(
        f"SELECT ats_id, year, sum(amount_eur) FROM read_parquet('{glob}') "
        "GROUP BY ALL ORDER BY year"
    ).fetchall()
    assert rows == [
        ("pavia", 2020, Decimal("48834.00")),
        ("pavia", 2021, Decimal("48834.00")),
        ("pavia", 2022, Decimal("54260.00")),
        ("pavia", 2023, Decimal("50000.50")),
    ]
    types = {
        row[0]: row[1]
        for row in duckdb.execute(f"DESCRIBE SELECT * FROM read_parquet('{glob}')").fetchall()
    }
    assert types["year"] == "BIGINT"
    assert types["amount_eur"] == "DECIMAL(18,2)"


def test_duckdb_reads_a_region_wide_row_as_null(exported: Path) -> None:
    glob = f"{exported}/partitioned/acts/**/*.parquet"
    rows = duckdb.execute(
        f"SELECT count(*) FILTER (WHERE ats_id IS NULL), count(*) FILTER (WHERE ats_id = 'pavia') "
        f"FROM read_parquet('{glob}', hive_partitioning=true)"
    ).fetchall()
    assert rows == [(len(regional_dataset().acts), 2)]  # the core's acts have no ATS


def test_an_empty_table_is_one_empty_file_that_keeps_its_columns(
    export: Callable[..., Path], dataset: Dataset
) -> None:
    import pandas as pd

    dataset.contacts = []
    out = export(dataset, partition=True)
    base = out / "partitioned" / "contacts"
    assert [p.name for p in base.iterdir()] == ["part-0.parquet"]
    frame = pd.read_parquet(base)
    assert len(frame) == 0
    assert list(frame.columns) == pq.read_schema(out / "contacts.parquet").names
