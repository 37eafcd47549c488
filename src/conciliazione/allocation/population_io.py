"""Reading a :class:`PopulationTable` from a CSV or Parquet file, with errors that point at cells.

The file has one row per ATS and the columns ``ats_id`` and ``population``, optionally
``as_of`` (the reference date, ISO ``2019-01-01`` or Italian ``01/01/2019``); other columns
(a name, a note) are ignored. A CSV may be separated by commas or semicolons, and populations may
be written plainly (``1234567``) or the Italian way (``1.234.567``). Every problem names the file,
the row (the header is row 1 in a CSV; data rows count from 1 in Parquet) and the column.

pyarrow is imported only when a Parquet file is read.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from conciliazione.allocation.errors import AllocationInputError, PopulationFileError
from conciliazione.allocation.population import (
    PopulationTable,
    check_population,
    region_order,
    unknown_ats_message,
)
from conciliazione.documents import open_regular_file
from conciliazione.errors import SourceError, UnknownAtsError

REQUIRED_COLUMNS = ("ats_id", "population")
OPTIONAL_COLUMNS = ("as_of",)

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_PLAIN = re.compile(r"-?\d+")
_ITALIAN = re.compile(r"-?\d{1,3}(?:\.\d{3})+")
_ITALIAN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_population_text(text: str) -> int | None:
    """A population from text: ``1234567`` or ``1.234.567``; None when the cell is empty.

    Raises :class:`AllocationInputError` for anything else: decimals (``1.234,5``), English
    thousands separators (``1,234,567``, ambiguous with Italian decimals), words.
    """
    cleaned = _SPACES.sub("", text)
    if not cleaned:
        return None
    if _PLAIN.fullmatch(cleaned):
        return int(cleaned)
    if _ITALIAN.fullmatch(cleaned):
        return int(cleaned.replace(".", ""))
    raise AllocationInputError(
        f"{text!r} is not a whole number of residents (write 1234567 or 1.234.567)"
    )


def parse_reference_date(text: str) -> date | None:
    """A reference date from ``2019-01-01`` or ``01/01/2019``; None when the cell is empty."""
    cleaned = text.strip()
    if not cleaned:
        return None
    match = _ITALIAN_DATE.fullmatch(cleaned)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        return date.fromisoformat(cleaned)
    except ValueError:
        raise AllocationInputError(
            f"{text!r} is not a date (write 2019-01-01 or 01/01/2019)"
        ) from None


def table_from_rows(rows: Iterable[tuple[int, Mapping[str, Any]]], path: str) -> PopulationTable:
    """A validated table from ``(row number, {column: cell})`` pairs read from ``path``.

    Cells may be text (CSV) or typed values (Parquet): ints, dates, None.
    """
    order = region_order()
    populations: dict[str, int] = {}
    first_row: dict[str, int] = {}
    dates: dict[date, int] = {}
    for row_number, row in rows:
        raw_id = row.get("ats_id")
        ats_id = raw_id.strip().lower() if isinstance(raw_id, str) else raw_id
        if not ats_id:
            raise PopulationFileError(
                path, "the ATS id is missing", row=row_number, column="ats_id"
            )
        if not isinstance(ats_id, str) or ats_id not in order:
            raise UnknownAtsError(
                f"{path}, row {row_number}, column 'ats_id': {unknown_ats_message(str(raw_id))}"
            )
        if ats_id in populations:
            raise PopulationFileError(
                path,
                f"ATS {ats_id!r} appears again (first on row {first_row[ats_id]})",
                row=row_number,
                column="ats_id",
            )
        try:
            cell = row.get("population")
            people = parse_population_text(cell) if isinstance(cell, str) else cell
            populations[ats_id] = check_population(ats_id, people)
        except AllocationInputError as error:
            raise PopulationFileError(
                path, str(error), row=row_number, column="population"
            ) from None
        first_row[ats_id] = row_number
        reference = row.get("as_of")
        try:
            day = parse_reference_date(reference) if isinstance(reference, str) else reference
        except AllocationInputError as error:
            raise PopulationFileError(path, str(error), row=row_number, column="as_of") from None
        if day is not None and not isinstance(day, date):
            raise PopulationFileError(
                path, f"{day!r} is not a date", row=row_number, column="as_of"
            )
        if day is not None:
            dates.setdefault(day, row_number)
    if not populations:
        raise PopulationFileError(path, "the file has no population rows")
    if len(dates) > 1:
        listed = ", ".join(f"{d.isoformat()} (row {r})" for d, r in sorted(dates.items()))
        raise PopulationFileError(
            path,
            f"the rows have different reference dates: {listed}; one split uses one date",
            column="as_of",
        )
    as_of = next(iter(dates), None)
    return PopulationTable.from_mapping(populations, as_of=as_of, source=Path(path).name)


def _check_header(columns: Iterable[str], path: str) -> None:
    present = set(columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if missing:
        raise PopulationFileError(
            path,
            f"missing column(s) {', '.join(missing)}; the header must have "
            f"{', '.join(REQUIRED_COLUMNS)} and optionally {', '.join(OPTIONAL_COLUMNS)}",
            row=1,
        )


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(str(path), "no such file") from None
    except IsADirectoryError:
        raise SourceError(str(path), "is a directory, not a file") from None
    except OSError as error:
        raise SourceError(str(path), f"cannot read the file ({error.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(str(path), "is not UTF-8 text") from None


def read_population_csv(path: str | Path) -> PopulationTable:
    """A population table from a CSV file (comma- or semicolon-separated, UTF-8)."""
    file = Path(path)
    text = _read_text(file)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise PopulationFileError(str(file), "the file is empty")
    columns = [name.strip().lower() for name in header]
    _check_header(columns, str(file))

    def rows() -> Iterable[tuple[int, dict[str, Any]]]:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # blank lines are not rows
            if len(cells) > len(columns):
                raise PopulationFileError(
                    str(file),
                    f"{len(cells)} cells for {len(columns)} columns (a decimal comma in a "
                    "comma-separated file? quote it or use ';')",
                    row=number,
                )
            yield number, dict(zip(columns, cells, strict=False))

    return table_from_rows(rows(), str(file))


def read_population_parquet(path: str | Path) -> PopulationTable:
    """A population table from a Parquet file; ``population`` must be an integer column."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    file = Path(path)
    if not file.exists():
        raise SourceError(str(file), "no such file")
    if file.is_dir():
        raise SourceError(str(file), "is a directory, not a file")
    try:
        table = pq.read_table(file)
    except (pa.ArrowException, OSError) as error:
        raise SourceError(str(file), f"cannot read it as Parquet ({error})") from None
    columns = [name.lower() for name in table.column_names]
    _check_header(columns, str(file))
    table = table.rename_columns(columns)
    population_type = table.schema.field("population").type
    if not (pa.types.is_integer(population_type) or pa.types.is_string(population_type)):
        raise PopulationFileError(
            str(file),
            f"the column has type {population_type}; populations are whole numbers (int64)",
            column="population",
        )
    records = table.to_pylist()
    return table_from_rows(enumerate(records, start=1), str(file))


def read_population(path: str | Path) -> PopulationTable:
    """A population table from a ``.csv`` or ``.parquet`` file, chosen by the extension."""
    file = Path(path)
    if file.is_dir():
        raise SourceError(str(file), "is a directory, not a file")
    if not file.exists():
        raise SourceError(str(file), "no such file")
    # Only a regular file: a FIFO would hang the run, a device never ends.
    os.close(open_regular_file(file, "population file"))
    suffix = file.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return read_population_csv(file)
    if suffix in {".parquet", ".pq"}:
        return read_population_parquet(file)
    raise AllocationInputError(
        f"{file}: unknown population file type {suffix or '(none)'!r}; use .csv or .parquet"
    )
