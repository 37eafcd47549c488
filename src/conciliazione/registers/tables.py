"""The two tables an ingest writes, as explicit Arrow schemas, and how a batch fills them.

- The **valid** table (``<layout>.parquet``): one column per layout field, typed (text, int64,
  decimal128(18, scale), date32, bool), then ``source_file`` and ``source_row``, the provenance
  of every row. Schema metadata names the layout, the entity, the ATS and the library version;
  each field's metadata keeps its Italian header and description.
- The **rejects** table (``<layout>_rejects.parquet``): every rejected row as the file had it,
  its file, its line (``source_row``) and its record number (``source_record``: the 1-based
  data record, header excluded, blank lines not counted, a record spanning lines counted once),
  one text column per layout header, ``raw_line`` (the whole line, for a row with the wrong
  number of fields), and ``reasons``, a list of ``{code, column}``: every cell that failed, not
  only the first.

Personal columns (a person's fiscal code) are left out of both unless asked for, and so is the
raw line of a malformed row of a layout that has personal columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import accumulate

import pyarrow as pa
import pyarrow.compute as pc

from conciliazione import __version__
from conciliazione.registers.checks import BatchResult, arrow_type
from conciliazione.registers.findings import MALFORMED_ROW
from conciliazione.registers.layout import ColumnSpec, RegisterLayout
from conciliazione.registers.raw import MalformedRow

SOURCE_FILE = "source_file"
SOURCE_ROW = "source_row"
SOURCE_RECORD = "source_record"
RAW_LINE = "raw_line"
REASONS = "reasons"
REASON_TYPE = pa.struct([("code", pa.string()), ("column", pa.string())])


def exported_columns(layout: RegisterLayout, include_personal: bool) -> list[ColumnSpec]:
    return [c for c in layout.columns if include_personal or not c.personal]


def _metadata(layout: RegisterLayout, ats_id: str, table: str) -> dict[str, str]:
    return {
        "conciliazione.version": __version__,
        "conciliazione.table": table,
        "conciliazione.layout": layout.name,
        "conciliazione.layout_origin": layout.origin,
        "conciliazione.entity": layout.entity,
        "conciliazione.ats_id": ats_id,
    }


def valid_schema(layout: RegisterLayout, *, ats_id: str, include_personal: bool) -> pa.Schema:
    """The schema of the table of valid rows."""
    fields = [
        pa.field(
            spec.field,
            arrow_type(spec),
            nullable=not spec.required,
            metadata={"header": spec.header, "description": spec.description},
        )
        for spec in exported_columns(layout, include_personal)
    ]
    fields += [
        pa.field(SOURCE_FILE, pa.string(), nullable=False, metadata={"description": "File name."}),
        pa.field(
            SOURCE_ROW,
            pa.int64(),
            nullable=False,
            metadata={"description": "Line in the file (header: line 1); a sheet's row number."},
        ),
    ]
    return pa.schema(fields, metadata=_metadata(layout, ats_id, layout.name))


def rejects_schema(layout: RegisterLayout, *, ats_id: str, include_personal: bool) -> pa.Schema:
    """The schema of the rejects table: the original row as text, and why it was rejected."""
    fields = [
        pa.field(SOURCE_FILE, pa.string(), nullable=False),
        pa.field(
            SOURCE_ROW,
            pa.int64(),
            metadata={"description": "Line in the file (header: line 1); a sheet's row number."},
        ),
        pa.field(
            SOURCE_RECORD,
            pa.int64(),
            metadata={
                "description": "Record number: the 1-based data record, header excluded (blank "
                "lines not counted, a record spanning lines counted once)."
            },
        ),
        *(
            pa.field(spec.header, pa.string(), metadata={"field": spec.field})
            for spec in exported_columns(layout, include_personal)
        ),
        pa.field(RAW_LINE, pa.string(), metadata={"description": "The line, if malformed."}),
        pa.field(REASONS, pa.list_(REASON_TYPE), nullable=False),
    ]
    return pa.schema(fields, metadata=_metadata(layout, ats_id, f"{layout.name}_rejects"))


def dictionary_columns(
    layout: RegisterLayout, schema: pa.Schema, sample: pa.RecordBatch | None = None
) -> list[str]:
    """The columns worth dictionary-encoding in Parquet: those with few distinct values by
    nature (codelists, value maps, municipality codes, the file name; not yes/no), and, given a
    ``sample`` (the first batch), those whose values repeat in it (:func:`repetitive_columns`:
    a beneficiary's fiscal code, a project id). A dictionary on a column of unique values (a
    record id, the row number) costs a third of the write time for nothing; on a repetitive
    one it pays for itself and makes the file smaller."""
    few = {
        c.field
        for c in layout.columns
        if c.codelist or c.values or c.pattern == "istat_municipality"
    }
    few.add(SOURCE_FILE)
    if sample is not None:
        few.update(repetitive_columns(sample, [n for n in schema.names if n != SOURCE_ROW]))
    # A yes/no column is a bit per value already: a dictionary only adds hashing (a tenth of
    # the write time of a million rows).
    return [f.name for f in schema if f.name in few and not pa.types.is_boolean(f.type)]


def repetitive_columns(sample: pa.RecordBatch | pa.Table, names: Sequence[str]) -> list[str]:
    """The columns of ``sample`` among ``names`` holding at most one distinct value for every
    two values: the ones a Parquet dictionary pays for. (The benchmark applies the same rule
    to the pyarrow floor, so that both write with the same options.)"""
    chosen = []
    for name in names:
        column = sample.column(name)
        values = len(column) - column.null_count
        if values and pc.count_distinct(column).as_py() * 2 <= values:
            chosen.append(name)
    return chosen


def valid_batch(
    schema: pa.Schema, file: str, rows: pa.Array, result: BatchResult
) -> pa.RecordBatch:
    """The rows of a checked batch that passed, typed."""
    keep = result.row_ok
    everything = keep.false_count == 0
    arrays = [result.values(field, None if everything else keep) for field in schema.names[:-2]]
    kept_rows = rows if everything else pc.filter(rows, keep)
    arrays += [pa.repeat(pa.scalar(file), len(kept_rows)), kept_rows]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _reasons(result: BatchResult, rejected: pa.Array, length: int) -> pa.Array:
    """For each rejected row (in order), the list of ``{code, column}`` of its failing cells.

    Built with Arrow kernels, with two small conversions per batch whatever the number of
    rejected rows: the failing cells' positions are concatenated and sorted by row (a stable
    sort: within a row, reasons stay in the layout's column order); each cell's failure number
    indexes the batch's table of ``(code, column)`` pairs; the runs of equal rows give the
    list offsets (every row with a failing cell is rejected, and only those)."""
    failures = result.failures
    if not failures:
        offsets = pa.nulls(len(rejected) + 1, pa.int32()).fill_null(0)
        return pa.ListArray.from_arrays(offsets, pa.array([], REASON_TYPE))
    pairs = pa.StructArray.from_arrays(
        [
            pa.array([code for _, code, _ in failures], pa.string()),
            pa.array([rule.spec.header for rule, _, _ in failures], pa.string()),
        ],
        fields=list(REASON_TYPE),
    )
    positions = pa.concat_arrays([pc.indices_nonzero(mask) for _, _, mask in failures])
    counts = [mask.true_count for _, _, mask in failures]
    run_ends = list(accumulate(counts))
    number = pa.RunEndEncodedArray.from_arrays(
        pa.array(run_ends, pa.int64()), pa.array(range(len(failures)), pa.int32())
    )
    order = pc.sort_indices(positions)
    reasons = pc.take(pairs, pc.take(pc.run_end_decode(number), order))
    rows = pc.run_end_encode(pc.take(positions, order), run_end_type=pa.int32()).run_ends
    offsets = pa.concat_arrays([pa.array([0], pa.int32()), rows])
    return pa.ListArray.from_arrays(offsets, reasons)


def rejects_batch(
    schema: pa.Schema,
    file: str,
    rows: pa.Array,
    raw: Mapping[str, pa.Array],
    result: BatchResult,
    specs: Sequence[ColumnSpec],
    records: pa.Array | None = None,
) -> pa.RecordBatch:
    """The rows of a checked batch that failed, as read, with their reasons (``records``:
    the rows' record numbers; null when not known)."""
    rejected = pc.indices_nonzero(pc.invert(result.row_ok))
    n = len(rejected)
    numbers = pa.nulls(n, pa.int64()) if records is None else pc.take(records, rejected)
    arrays = [pa.repeat(pa.scalar(file), n), pc.take(rows, rejected), numbers]
    arrays += [pc.take(raw[spec.field], rejected) for spec in specs]
    arrays += [pa.nulls(n, pa.string()), _reasons(result, rejected, len(rows))]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def malformed_batch(
    schema: pa.Schema,
    file: str,
    malformed: Sequence[MalformedRow],
    specs: Sequence[ColumnSpec],
    *,
    hide_lines: bool = False,
) -> pa.RecordBatch:
    """Rows with the wrong number of fields: the line as text (unless ``hide_lines``: a layout
    with personal columns whose personal data was not asked for), no cells."""
    n = len(malformed)
    reason = [{"code": MALFORMED_ROW, "column": None}]
    arrays = [
        pa.repeat(pa.scalar(file), n),
        pa.array([m.row for m in malformed], pa.int64()),
        pa.array([m.record for m in malformed], pa.int64()),
        *(pa.nulls(n, pa.string()) for _ in specs),
        pa.array([None if hide_lines else m.text for m in malformed], pa.string()),
        pa.array([reason] * n, pa.list_(REASON_TYPE)),
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
