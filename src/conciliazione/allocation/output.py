"""Writing computed allocations to a CSV or Parquet file (the ``allocate --out`` option).

The file is the ``allocations`` table of the export contract
(:mod:`conciliazione.export.schemas`): the Parquet file is built by the export's own
:func:`~conciliazione.export.tables.build_tables`, so its schema is the published one (money
``decimal128(18, 2)``, years ``int64``, enums as strings), and the CSV has the same columns in the
same order, with ``parameters`` as a JSON object in one cell. pyarrow is imported only when a
Parquet file is written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from conciliazione.errors import ExportError
from conciliazione.model import Allocation, Dataset

COLUMNS = (
    "allocation_id",
    "ats_id",
    "guideline_id",
    "year",
    "amount_eur",
    "basis",
    "act_id",
    "formula",
    "parameters",
    "source_id",
    "amount_text",
    "rounding_unit_eur",
)
"""The columns of the ``allocations`` table, in the contract's order."""


def allocations_csv(allocations: Iterable[Allocation]) -> str:
    """The allocations as CSV text; ``parameters`` is a JSON object in one cell."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for a in allocations:
        row: dict[str, object] = {
            "allocation_id": a.allocation_id,
            "ats_id": a.ats_id,
            "guideline_id": a.guideline_id,
            "year": a.year,
            "amount_eur": f"{a.amount_eur:f}",
            "basis": a.basis.value,
            "act_id": a.act_id,
            "formula": a.formula,
            "parameters": json.dumps(dict(a.parameters), ensure_ascii=False),
            "source_id": a.source_id,
            "amount_text": a.amount_text,
            "rounding_unit_eur": None
            if a.rounding_unit_eur is None
            else f"{a.rounding_unit_eur:f}",
        }
        writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
    return buffer.getvalue()


def allocations_arrow_table(allocations: Iterable[Allocation]) -> Any:
    """The allocations as the contract's ``allocations`` table (a ``pyarrow.Table``).

    Raises :class:`ExportError` when an amount does not fit ``decimal128(18, 2)`` (the export
    would leave it out, and this table must hold every computed allocation).
    """
    from conciliazione.export.tables import build_tables

    records = list(allocations)
    built = build_tables(Dataset(allocations=records))
    if built.rejected:
        raise ExportError(
            f"{built.rejected} allocation amount(s) do not fit decimal128(18, 2) (10^16 EUR "
            "or more)"
        )
    return built.tables["allocations"]


def write_allocations(
    allocations: Iterable[Allocation],
    path: str | Path,
    *,
    inputs: Mapping[str, str] | None = None,
) -> Path:
    """Publish the allocations at ``path``: a CSV file for ``.csv``, a Parquet file for
    ``.parquet``, or — a path without an extension, or an existing directory — a directory holding
    ``allocations.parquet``, ``allocations.csv`` and its ``datapackage.json``.

    Everything goes through the one publish path (:mod:`conciliazione.export.publish`): the new
    output replaces the old in one step, and a failure leaves the old one intact. The Parquet
    file carries the metadata every published file carries, ``inputs`` (file name → SHA-256,
    the population file) among it. Raises :class:`~conciliazione.errors.ExportError` for a
    write failure, naming the path.
    """
    from conciliazione.export.publish import publish_directory, publish_file

    target = Path(path)
    suffix = target.suffix.lower()
    records = list(allocations)
    metadata = _metadata(inputs or {})
    if suffix == ".csv" and not target.is_dir():
        text = allocations_csv(records)
        publish_file(target, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""))
    elif suffix in {".parquet", ".pq"} and not target.is_dir():
        table = _stamped(records, metadata)
        publish_file(target, lambda tmp: _write_parquet(table, tmp))
    elif suffix and not target.is_dir():
        raise ExportError(
            f"{target}: unknown output type {suffix!r}; use .csv or .parquet, or a directory "
            "(a path without an extension)"
        )
    else:
        table = _stamped(records, metadata)
        text = allocations_csv(records)

        def build(staging: Path) -> None:
            from conciliazione.export.resources import (
                merged_descriptor,
                parquet_resource,
                write_descriptor,
            )

            _write_parquet(table, staging / "allocations.parquet")
            (staging / "allocations.csv").write_text(text, encoding="utf-8", newline="")
            resource = parquet_resource("allocations", table.schema, "Computed allocations.")
            csv_resource = {
                "name": "allocations_csv",
                "path": "allocations.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "description": "The same allocations as CSV; parameters as a JSON object.",
            }
            descriptor = merged_descriptor(
                None,
                [resource, csv_resource],
                metadata,
                title="Allocations computed by conciliazione",
            )
            write_descriptor(staging, descriptor)

        publish_directory(target, build)
    return target


def _metadata(inputs: Mapping[str, str]) -> dict[str, str]:
    from conciliazione.export.publish import publish_metadata
    from conciliazione.export.schemas import SCHEMA_VERSION

    return publish_metadata(inputs, schema_version=SCHEMA_VERSION)


def _stamped(records: list[Allocation], metadata: Mapping[str, str]) -> Any:
    table = allocations_arrow_table(records)
    return table.replace_schema_metadata({"table": "allocations", **metadata})


def _write_parquet(table: Any, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pq.write_table(table, path, compression="zstd")
    except pa.ArrowException as error:
        raise ExportError(f"{path}: cannot write the Parquet file ({error})") from None
