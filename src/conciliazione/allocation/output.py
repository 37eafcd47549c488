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
from collections.abc import Iterable
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


def write_allocations(allocations: Iterable[Allocation], path: str | Path) -> Path:
    """Write the allocations to ``path``: CSV for ``.csv``, Parquet for ``.parquet``.

    Raises :class:`~conciliazione.errors.ExportError` for another extension or a write failure.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    records = list(allocations)
    try:
        if suffix == ".csv":
            target.write_text(allocations_csv(records), encoding="utf-8", newline="")
        elif suffix in {".parquet", ".pq"}:
            import pyarrow as pa
            import pyarrow.parquet as pq

            try:
                pq.write_table(allocations_arrow_table(records), target)
            except pa.ArrowException as error:
                raise ExportError(f"{target}: cannot write the Parquet file ({error})") from None
        else:
            raise ExportError(
                f"{target}: unknown output type {suffix or '(none)'!r}; use .csv or .parquet"
            )
    except ExportError:
        raise
    except OSError as error:
        raise ExportError(f"{target}: cannot write the file ({error})") from None
    return target
