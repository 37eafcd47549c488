"""One record batch in, its valid rows and its rejects out: the checks as a pure function.

:func:`validate_batch` holds no state between calls and reads no file: it takes the cells of
one Arrow record batch and gives back the two tables :func:`~conciliazione.registers.ingest`
writes, for those rows. That is the shape engines that spread work over many machines expect
of a function they run on each partition — Spark's ``DataFrame.mapInArrow``, Dask's
``map_partitions``, Ray Data's ``map_batches`` — when one machine is not enough (the
performance page of the documentation shows a Spark recipe).

The batch's columns are matched to the layout by header (ignoring case and spaces, as a file's
header is) or by field name; columns the layout does not know are ignored, an optional column
the batch lacks is empty, and a missing required column is an error. Cells are text, as a CSV
reader gives them (a Spark or Dask CSV reader told to read every column as a string): other
types are cast to text first. An ``int64`` column named ``source_row`` carries the rows'
numbers in their file through to both tables, and one named ``source_record`` their record
numbers to the rejects; without them, rows are numbered from 1 within the batch (as lines and
as records; the record numbers are null when only ``source_row`` is given).
"""

from __future__ import annotations

from functools import lru_cache

import attrs
import pyarrow as pa
import pyarrow.compute as pc

from conciliazione.errors import SourceError
from conciliazione.registers.checks import ColumnRule, check_batch, compile_layout
from conciliazione.registers.crossrow import CrossRowChecks
from conciliazione.registers.files import arange
from conciliazione.registers.layout import RegisterLayout, fold_header
from conciliazione.registers.tables import (
    SOURCE_RECORD,
    SOURCE_ROW,
    exported_columns,
    rejects_batch,
    rejects_schema,
    valid_batch,
    valid_schema,
)


@attrs.frozen
class ValidatedBatch:
    """The rows of one batch that passed every check, typed, and the others as read, each with
    the list of its failing cells (``reasons``)."""

    valid: pa.RecordBatch
    """Schema :func:`~conciliazione.registers.tables.valid_schema`."""
    rejects: pa.RecordBatch
    """Schema :func:`~conciliazione.registers.tables.rejects_schema`."""


@lru_cache(maxsize=64)
def _rules(layout: RegisterLayout) -> tuple[ColumnRule, ...]:
    """Compiled once per layout and process (compiling is pure: this is a cache, not state)."""
    return compile_layout(layout)


def _cells(layout: RegisterLayout, batch: pa.RecordBatch) -> dict[str, pa.Array]:
    by_name: dict[str, pa.Array] = {}
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        by_name.setdefault(fold_header(name), column)
    cells: dict[str, pa.Array] = {}
    for spec in layout.columns:
        column = by_name.get(fold_header(spec.header), by_name.get(fold_header(spec.field)))
        if column is None:
            if spec.required:
                raise SourceError(
                    "record batch", f"the batch lacks the required column {spec.header!r}"
                )
            column = pa.nulls(batch.num_rows, pa.string())
        cells[spec.field] = column if column.type == pa.string() else pc.cast(column, pa.string())
    return cells


def validate_batch(
    layout: RegisterLayout,
    batch: pa.RecordBatch,
    *,
    ats_id: str,
    source_file: str = "",
    include_personal: bool = False,
) -> ValidatedBatch:
    """Check one record batch against ``layout``: its valid rows and its rejects.

    ``ats_id`` and ``source_file`` fill the tables' metadata and ``source_file`` column;
    ``include_personal`` keeps the personal columns, left out by default as in an ingest.
    Raises :class:`~conciliazione.errors.SourceError` when a required column is missing.

    >>> import pyarrow as pa
    >>> from conciliazione.registers import get_layout, validate_batch
    >>> batch = pa.record_batch({"Denominazione": ["Comune di Pavia", None]})
    >>> checked = validate_batch(get_layout("organizations"), batch, ats_id="pavia")
    >>> checked.valid.num_rows, checked.rejects.num_rows
    (1, 1)
    >>> checked.rejects.column("reasons").to_pylist()
    [[{'code': 'register-required-missing', 'column': 'Denominazione'}]]
    """
    cells = _cells(layout, batch)
    index = batch.schema.get_field_index(SOURCE_ROW)
    given = index >= 0
    rows = pc.cast(batch.column(index), pa.int64()) if given else arange(1, batch.num_rows)
    at = batch.schema.get_field_index(SOURCE_RECORD)
    records = pc.cast(batch.column(at), pa.int64()) if at >= 0 else None if given else rows
    rules = _rules(layout)
    result = check_batch(rules, cells)
    # The same cross-row checks as an ingest, within the batch: another ATS, a repeated id.
    result, _ = CrossRowChecks(layout, rules, ats_id).check(source_file, rows, cells, result)
    good = valid_schema(layout, ats_id=ats_id, include_personal=include_personal)
    bad = rejects_schema(layout, ats_id=ats_id, include_personal=include_personal)
    specs = exported_columns(layout, include_personal)
    return ValidatedBatch(
        valid=valid_batch(good, source_file, rows, result),
        rejects=rejects_batch(bad, source_file, rows, cells, result, specs, records),
    )
