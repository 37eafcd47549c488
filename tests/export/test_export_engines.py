"""The exports as DuckDB, Polars and pandas see them: every table, with the documented types.

Money stays an exact decimal in all three (DuckDB ``DECIMAL(18,2)``, Polars ``Decimal(18, 2)``,
pandas ``decimal128(18, 2)[pyarrow]`` or ``Decimal`` objects); dates stay dates; counts stay
64-bit integers even where they are missing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from conciliazione.export import table_names, table_spec


def _duckdb_type(type_: pa.DataType) -> str:
    if pa.types.is_string(type_):
        return "VARCHAR"
    if pa.types.is_boolean(type_):
        return "BOOLEAN"
    if type_ == pa.int64():
        return "BIGINT"
    if type_ == pa.decimal128(18, 2):
        return "DECIMAL(18,2)"
    if type_ == pa.date32():
        return "DATE"
    if type_ == pa.timestamp("us", tz="UTC"):
        return "TIMESTAMP WITH TIME ZONE"
    if type_ == pa.list_(pa.field("element", pa.string(), nullable=False)):
        return "VARCHAR[]"
    if pa.types.is_list(type_):
        return 'STRUCT("name" VARCHAR, "value" VARCHAR)[]'
    raise AssertionError(type_)


def _polars_type(type_: pa.DataType) -> pl.DataType:
    if pa.types.is_string(type_):
        return pl.String()
    if pa.types.is_boolean(type_):
        return pl.Boolean()
    if type_ == pa.int64():
        return pl.Int64()
    if type_ == pa.decimal128(18, 2):
        return pl.Decimal(18, 2)
    if type_ == pa.date32():
        return pl.Date()
    if type_ == pa.timestamp("us", tz="UTC"):
        return pl.Datetime("us", "UTC")
    if type_ == pa.list_(pa.field("element", pa.string(), nullable=False)):
        return pl.List(pl.String())
    if pa.types.is_list(type_):
        return pl.List(pl.Struct({"name": pl.String(), "value": pl.String()}))
    raise AssertionError(type_)


@pytest.mark.parametrize("name", table_names())
def test_duckdb_sees_the_documented_types(exported: Path, name: str) -> None:
    described = duckdb.execute(f"DESCRIBE SELECT * FROM '{exported / name}.parquet'").fetchall()
    actual = {row[0]: row[1] for row in described}
    expected = {f.name: _duckdb_type(f.type) for f in table_spec(name).schema}
    assert actual == expected


@pytest.mark.parametrize("name", table_names())
def test_polars_sees_the_documented_types(exported: Path, name: str) -> None:
    frame = pl.read_parquet(exported / f"{name}.parquet")
    expected = {f.name: _polars_type(f.type) for f in table_spec(name).schema}
    assert dict(frame.schema) == expected


@pytest.mark.parametrize("name", table_names())
def test_pandas_with_the_arrow_backend_sees_the_arrow_types(exported: Path, name: str) -> None:
    frame = pd.read_parquet(exported / f"{name}.parquet", dtype_backend="pyarrow")
    for field in table_spec(name).schema:
        dtype = frame[field.name].dtype
        assert isinstance(dtype, pd.ArrowDtype), field.name
        if pa.types.is_string(field.type):
            assert pa.types.is_string(dtype.pyarrow_dtype) or pa.types.is_large_string(
                dtype.pyarrow_dtype
            ), field.name
        else:
            assert dtype.pyarrow_dtype.equals(field.type), field.name


def test_duckdb_sums_money_as_an_exact_decimal(exported: Path) -> None:
    ((total, kind),) = duckdb.execute(
        f"SELECT sum(amount_eur), typeof(sum(amount_eur)) FROM '{exported}/allocations.parquet' "
        "WHERE ats_id = 'pavia' AND basis = 'published'"
    ).fetchall()
    assert total == Decimal("151928.00")
    assert kind.startswith("DECIMAL")


def test_polars_keeps_vague_values_queryable(exported: Path) -> None:
    networks = pl.read_parquet(exported / "networks.parquet")
    approximate = networks.filter(pl.col("member_count_qualifier") != "exact")
    assert approximate.select("ats_id", "member_count", "member_count_text").rows() == [
        ("montagna", 100, "quasi cento")
    ]
    milano = networks.filter(pl.col("ats_id") == "milano").row(0, named=True)
    assert milano["as_of"] == date(2021, 7, 1)
    assert milano["as_of_precision"] == "month"


def test_pandas_default_backend_keeps_decimals_as_decimal_objects(exported: Path) -> None:
    frame = pd.read_parquet(exported / "allocations.parquet")
    assert all(isinstance(v, Decimal) for v in frame["amount_eur"])
    assert frame["year"].dtype == "int64"
    assert frame["amount_eur"].sum() == Decimal("201928.50")


def test_pandas_arrow_backend_keeps_missing_counts_as_integers(exported: Path) -> None:
    projects = pd.read_parquet(exported / "projects.parquet", dtype_backend="pyarrow")
    assert projects["beneficiaries"].dtype == pd.ArrowDtype(pa.int64())
    assert projects["beneficiaries"].isna().tolist() == [False, True]
