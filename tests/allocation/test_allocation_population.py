"""Population tables: read from CSV, Parquet or Python objects, with errors that point at cells."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conciliazione.allocation import (
    AllocationInputError,
    PopulationFileError,
    PopulationTable,
    read_population,
)
from conciliazione.allocation.population_io import parse_population_text
from conciliazione.errors import ConciliazioneError, SourceError, UnknownAtsError

Write = Callable[[str, str], Path]


def test_a_csv_in_italian_format_is_read_in_the_regions_order(
    population_csv: Path, population: dict[str, int]
) -> None:
    table = read_population(population_csv)
    assert table.as_dict() == population
    assert table.ats_ids[0] == "milano"
    assert table.ats_ids[-1] == "pavia"
    assert table.as_of == date(2019, 1, 1)
    assert table.source == "population.csv"
    assert table.missing_ats() == ()


def test_a_plain_comma_csv_without_date_and_with_extra_columns_is_read(write_file: Write) -> None:
    path = write_file("p.csv", "ats_id,name,population\npavia,ATS di Pavia,540000\n")
    table = read_population(path)
    assert table.as_dict() == {"pavia": 540_000}
    assert table.as_of is None
    assert table.missing_ats() == (
        "milano",
        "insubria",
        "montagna",
        "brianza",
        "bergamo",
        "brescia",
        "val_padana",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1234567", 1_234_567), ("1.234.567", 1_234_567), (" 540 000 ", 540_000), ("", None)],
)
def test_populations_are_plain_or_italian_whole_numbers(text: str, expected: int | None) -> None:
    assert parse_population_text(text) == expected


@pytest.mark.parametrize("text", ["1,234,567", "1.234,5", "circa 500 mila", "12.34"])
def test_decimals_and_english_separators_are_not_populations(text: str) -> None:
    with pytest.raises(AllocationInputError, match="whole number"):
        parse_population_text(text)


@pytest.mark.parametrize(
    ("body", "exception", "message"),
    [
        ("pavia;-5\n", PopulationFileError, r"row 2, column 'population'.*negative"),
        ("pavia;\n", PopulationFileError, r"row 2, column 'population'.*missing"),
        ("pavia;0\n", PopulationFileError, r"row 2, column 'population'.*zero"),
        ("pavia;tanti\n", PopulationFileError, r"row 2, column 'population'.*whole number"),
        ("pavia;5\nlodi;7\n", UnknownAtsError, r"row 3, column 'ats_id'.*unknown ATS 'lodi'"),
        ("pavia;5\nPavia;7\n", PopulationFileError, r"row 3, column 'ats_id'.*first on row 2"),
        (";5\n", PopulationFileError, r"row 2, column 'ats_id'.*missing"),
    ],
)
def test_bad_cells_name_the_file_the_row_and_the_column(
    write_file: Write, body: str, exception: type[Exception], message: str
) -> None:
    path = write_file("bad.csv", "ats_id;population\n" + body)
    with pytest.raises(exception, match=message) as caught:
        read_population(path)
    assert "bad.csv" in str(caught.value)
    assert isinstance(caught.value, ConciliazioneError)


def test_a_missing_column_is_named(write_file: Write) -> None:
    path = write_file("p.csv", "ats,abitanti\npavia,5\n")
    with pytest.raises(PopulationFileError, match=r"missing column.*ats_id, population"):
        read_population(path)


def test_a_header_without_rows_is_an_empty_table(write_file: Write) -> None:
    with pytest.raises(PopulationFileError, match="no population rows"):
        read_population(write_file("p.csv", "ats_id,population\n\n"))


def test_rows_with_different_reference_dates_are_refused(write_file: Write) -> None:
    path = write_file("p.csv", "ats_id,population,as_of\npavia,5,2019-01-01\nmilano,7,2020-01-01\n")
    with pytest.raises(PopulationFileError, match="different reference dates"):
        read_population(path)


def test_missing_non_utf8_and_unknown_files_are_input_errors(
    tmp_path: Path, write_file: Write
) -> None:
    with pytest.raises(SourceError, match="no such file"):
        read_population(tmp_path / "absent.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("ats_id,population,nota\npavia,5,città\n".encode("latin-1"))
    with pytest.raises(SourceError, match="not UTF-8"):
        read_population(latin)
    with pytest.raises(AllocationInputError, match=r"use \.csv or \.parquet"):
        read_population(write_file("p.xlsx", "x"))


def test_a_parquet_file_with_integer_populations_is_read(tmp_path: Path) -> None:
    path = tmp_path / "p.parquet"
    pq.write_table(
        pa.table(
            {
                "ats_id": ["pavia", "milano"],
                "population": pa.array([540_000, 3_500_000], pa.int64()),
                "as_of": pa.array([date(2019, 1, 1)] * 2, pa.date32()),
            }
        ),
        path,
    )
    table = read_population(path)
    assert table.as_dict() == {"milano": 3_500_000, "pavia": 540_000}
    assert table.as_of == date(2019, 1, 1)


def test_a_parquet_file_with_float_populations_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({"ats_id": ["pavia"], "population": [540_000.0]}), path)
    with pytest.raises(PopulationFileError, match=r"column 'population'.*whole numbers"):
        read_population(path)


def test_a_parquet_null_population_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "p.parquet"
    pq.write_table(
        pa.table({"ats_id": ["pavia", "milano"], "population": pa.array([5, None], pa.int64())}),
        path,
    )
    with pytest.raises(PopulationFileError, match=r"row 2, column 'population'.*missing"):
        read_population(path)


def test_a_file_that_is_not_parquet_is_a_source_error(write_file: Write) -> None:
    with pytest.raises(SourceError, match="cannot read it as Parquet"):
        read_population(write_file("p.parquet", "not parquet"))


def test_python_objects_are_validated_like_files() -> None:
    assert PopulationTable.from_mapping({"pavia": 5, "milano": 7}).ats_ids == ("milano", "pavia")
    with pytest.raises(UnknownAtsError, match="unknown ATS 'lodi'"):
        PopulationTable.from_mapping({"lodi": 5})
    with pytest.raises(AllocationInputError, match="negative"):
        PopulationTable.from_mapping({"pavia": -1})
    with pytest.raises(AllocationInputError, match="whole number"):
        PopulationTable.from_mapping({"pavia": 5.0})  # type: ignore[dict-item]
    with pytest.raises(AllocationInputError, match="empty"):
        PopulationTable.from_mapping({})


def test_a_partial_table_names_the_missing_ats_when_completeness_is_required() -> None:
    table = PopulationTable.from_mapping({"pavia": 5}, source="p.csv")
    with pytest.raises(AllocationInputError, match=r"milano, insubria.*missing in p\.csv"):
        table.require_complete()
