"""The hive-partitioned copies: by ``ats_id`` (and ``year`` for allocations), read back with the
documented partitioning schema by pyarrow and by DuckDB."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

from conciliazione.export import partition_schema, table_names, table_spec
from conciliazione.regional import regional_dataset

PARTITIONED = [n for n in table_names() if table_spec(n).partition_by]


def _read_partitioned(out: Path, name: str) -> pads.Dataset:
    return pads.dataset(
        out / "partitioned" / name,
        format="parquet",
        partitioning=pads.partitioning(partition_schema(name), flavor="hive"),
    )


def test_the_directories_follow_the_documented_layout(exported: Path) -> None:
    allocations = sorted(
        str(p.relative_to(exported))
        for p in (exported / "partitioned" / "allocations").rglob("*.parquet")
    )
    assert allocations == [
        f"partitioned/allocations/ats_id=pavia/year={y}/part-0.parquet"
        for y in (2020, 2021, 2022, 2023)
    ]
    assert sorted(p.name for p in (exported / "partitioned").iterdir()) == sorted(PARTITIONED)
    assert {"ats", "guidelines", "service_types"}.isdisjoint(PARTITIONED)


def test_region_wide_rows_go_to_the_null_partition(exported: Path) -> None:
    acts = exported / "partitioned" / "acts"
    assert sorted(p.name for p in acts.iterdir()) == [
        "ats_id=__HIVE_DEFAULT_PARTITION__",
        "ats_id=pavia",
    ]


@pytest.mark.parametrize("name", PARTITIONED)
def test_pyarrow_reads_back_the_same_rows_with_the_documented_partitioning(
    exported: Path, name: str
) -> None:
    flat = pq.read_table(exported / f"{name}.parquet")
    table = _read_partitioned(exported, name).to_table().select(flat.schema.names)
    assert [f.type for f in table.schema] == [f.type for f in flat.schema]
    key = list(table_spec(name).primary_key) or list(flat.schema.names)
    order = [(k, "ascending") for k in key]
    assert table.sort_by(order).to_pylist() == flat.sort_by(order).to_pylist()


def test_partition_files_keep_the_export_metadata(exported: Path) -> None:
    part = (
        exported / "partitioned" / "allocations" / "ats_id=pavia" / "year=2020" / "part-0.parquet"
    )
    schema = pq.read_schema(part)
    assert schema.metadata[b"table"] == b"allocations"
    assert b"schema_version" in schema.metadata
    assert "ats_id" not in schema.names  # it is in the directory name


def test_duckdb_reads_the_partitions_with_hive_partitioning(exported: Path) -> None:
    glob = f"{exported}/partitioned/allocations/**/*.parquet"
    rows = duckdb.execute(
        f"SELECT ats_id, year, sum(amount_eur) FROM read_parquet('{glob}', hive_partitioning=true) "
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
        for row in duckdb.execute(
            f"DESCRIBE SELECT * FROM read_parquet('{glob}', hive_partitioning=true)"
        ).fetchall()
    }
    assert types["year"] == "BIGINT"
    assert types["amount_eur"] == "DECIMAL(18,2)"


def test_duckdb_reads_the_null_partition_as_null(exported: Path) -> None:
    glob = f"{exported}/partitioned/acts/**/*.parquet"
    rows = duckdb.execute(
        f"SELECT count(*) FILTER (WHERE ats_id IS NULL), count(*) FILTER (WHERE ats_id = 'pavia') "
        f"FROM read_parquet('{glob}', hive_partitioning=true)"
    ).fetchall()
    assert rows == [(len(regional_dataset().acts), 2)]  # the core's acts have no ATS


@pytest.mark.parametrize("name", PARTITIONED)
def test_pandas_duckdb_and_polars_read_every_partitioned_table_whole(
    exported: Path, name: str
) -> None:
    """pandas needs the documented partitioning: its default discovery makes the partition
    column a dictionary, which pyarrow cannot yet unify with the null partition of a table
    that has rows of no ATS (region-wide acts and sources)."""
    import pandas as pd
    import polars as pl

    rows = pq.read_metadata(exported / f"{name}.parquet").num_rows
    base = exported / "partitioned" / name
    partitioning = pads.partitioning(partition_schema(name), flavor="hive")
    frame = pd.read_parquet(base, partitioning=partitioning)
    assert len(frame) == rows
    ((counted,),) = duckdb.execute(
        f"SELECT count(*) FROM read_parquet('{base}/**/*.parquet', hive_partitioning=true)"
    ).fetchall()
    assert counted == rows
    assert pl.scan_parquet(base, hive_partitioning=True).collect().height == rows
    if not (base / "ats_id=__HIVE_DEFAULT_PARTITION__").exists():  # pandas' default works
        assert len(pd.read_parquet(base)) == rows
