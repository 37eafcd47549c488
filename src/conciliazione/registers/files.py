"""Register files opened and streamed as text batches, whatever the file format.

Every reader yields :class:`RawBatch` objects: the layout's columns as Arrow strings, exactly as
the file has them (null when empty), with the file's row number of each row. Values are read as
text and checked afterwards (:mod:`conciliazione.registers.checks`), because pyarrow's typed CSV
reader fails a whole file on one bad cell, and a register must report bad cells row by row.

- CSV is streamed with ``pyarrow.csv.open_csv`` in blocks of ``block_size`` bytes, joined into
  batches of ``batch_rows`` rows, so memory stays flat however large the file. Rows with the
  wrong number of fields are not fatal: they come out as :class:`MalformedRow` objects, with
  their row number, and are rejected.
- XLSX (and XLS/ODS) is read with python-calamine, whose cells are typed; they are turned back
  into the text a CSV export would hold (dates as ``dd/mm/yyyy``, decimals with a comma).

Headers are matched to the layout ignoring case and spaces; columns the layout does not know are
ignored, optional columns the file lacks are null, and a missing required column is a
:class:`~conciliazione.errors.SourceError`: nothing can be checked without it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from conciliazione.errors import SourceError
from conciliazione.registers.layout import RegisterLayout
from conciliazione.registers.raw import MalformedRow, RawBatch, SourceInfo, match_headers
from conciliazione.registers.sniff import CsvDialect, file_kind, read_sample, sniff_csv

BLOCK_SIZE = 2 << 20
"""Bytes of CSV pyarrow parses at a time (2 MiB). Each block costs a fixed few milliseconds of
parser set-up, and pyarrow's read-ahead holds several blocks. Measured at 10,000,000 rows
(issue 15): 1 MiB blocks 18.6 CPU-s and 399 MB peak, 2 MiB 16.5 CPU-s and 483 MB, 4 MiB no less
CPU and 560 MB (over the 512 MB budget); with 8 MiB blocks reading alone peaks above 500 MB."""


BATCH_ROWS = 65_536
"""Rows checked and written at a time: parsed blocks are joined up to this many rows, so that
the fixed cost of each of the ~200 column operations of a batch is paid rarely."""

MIN_BATCH_ROWS = 8_192


def default_batch_rows(path: Path) -> int:
    """:data:`BATCH_ROWS`, or fewer for a small file (about an eighth of its rows), so that
    even a 10 MB register makes several batches and reading, checking and writing overlap."""
    try:
        size = path.stat().st_size
    except OSError:
        return BATCH_ROWS
    estimated_rows = size // 100  # a register row is about 100 bytes
    return max(MIN_BATCH_ROWS, min(BATCH_ROWS, estimated_rows // 8))


def arange(start: int, length: int) -> pa.Array:
    """``start, start + 1, …`` as int64, without a Python loop."""
    if length == 0:
        return pa.array([], pa.int64())
    ones = pa.repeat(pa.scalar(1, pa.int64()), length)
    return pc.add(pc.cumulative_sum(ones), start - 1)


class RowNumbersUnknown(Exception):
    """A malformed row was met while parsing with threads, which cannot number it: the caller
    reads the file again with ``exact_rows=True`` (an internal signal, never shown)."""


class RegisterReader:
    """One register file, checked on opening (exists, readable, right columns) and read in
    batches by :meth:`batches`.

    CSV is parsed with pyarrow's threads, which cannot say on which row a malformed line is.
    Malformed lines are rare, so the fast way is tried first; if one turns up,
    :class:`RowNumbersUnknown` asks the caller to start again with ``exact_rows=True``
    (single-threaded parsing, exact row numbers)."""

    def __init__(
        self,
        path: Path,
        layout: RegisterLayout,
        *,
        block_size: int,
        batch_rows: int,
        exact_rows: bool = False,
    ) -> None:
        self.path = path
        self.layout = layout
        self.block_size = block_size
        self.batch_rows = batch_rows
        self.exact_rows = exact_rows
        sample = read_sample(path, 8)
        self.kind = file_kind(path, sample)
        if self.kind == "xlsx":
            from conciliazione.registers.xlsx import open_sheet

            self._sheet = open_sheet(path, layout, batch_rows)
            self.info = self._sheet.info
        else:
            self._dialect = sniff_csv(path, layout.headers)
            positions, missing, ignored = match_headers(layout, self._dialect.header, str(path))
            self._positions = positions
            self.info = SourceInfo(
                path=str(path),
                name=path.name,
                kind="csv",
                columns={f: self._dialect.header[i] for f, i in positions.items()},
                missing=missing,
                ignored=ignored,
                encoding=self._dialect.encoding_label,
                delimiter=self._dialect.delimiter,
            )

    def batches(self) -> Iterator[RawBatch]:
        """The rows, ``batch_rows`` at a time (the last batch may be shorter)."""
        if self.kind == "xlsx":
            return self._sheet.batches()
        blocks = _csv_batches(
            self.path,
            self.layout,
            self._dialect,
            self._positions,
            self.block_size,
            exact_rows=self.exact_rows,
        )
        return coalesce(blocks, self.batch_rows)


def coalesce(batches: Iterable[RawBatch], rows: int) -> Iterator[RawBatch]:
    """Join consecutive batches until each has at least ``rows`` rows."""
    pending: list[RawBatch] = []
    count = 0
    for batch in batches:
        pending.append(batch)
        count += batch.num_rows
        if count >= rows:
            yield _join(pending)
            pending, count = [], 0
    if pending:
        yield _join(pending)


def _join(parts: Sequence[RawBatch]) -> RawBatch:
    if len(parts) == 1:
        return parts[0]
    columns = {f: pa.concat_arrays([p.columns[f] for p in parts]) for f in parts[0].columns}
    rows = pa.concat_arrays([p.rows for p in parts])
    return RawBatch(columns, rows, tuple(m for p in parts for m in p.malformed))


def _number_rows(
    start: int, length: int, skipped: list[int], cursor: int
) -> tuple[pa.Array, int, int]:
    """Row numbers for ``length`` rows from ``start``, stepping over the skipped (malformed)
    row numbers at ``skipped[cursor:]``. Returns the numbers, the next start and cursor."""
    pieces: list[pa.Array] = []
    while length:
        while cursor < len(skipped) and skipped[cursor] < start:
            cursor += 1
        gap = skipped[cursor] - start if cursor < len(skipped) else length
        take = min(gap, length)
        if take:
            pieces.append(arange(start, take))
            start += take
            length -= take
        if length:  # the next row number belongs to a malformed row
            start += 1
            cursor += 1
    numbers = pa.concat_arrays(pieces) if pieces else pa.array([], pa.int64())
    return numbers, start, cursor


def _csv_batches(
    path: Path,
    layout: RegisterLayout,
    dialect: CsvDialect,
    positions: dict[str, int],
    block_size: int,
    *,
    exact_rows: bool,
) -> Iterator[RawBatch]:
    import pyarrow.csv as pcsv

    names = [f"c{i}" for i in range(len(dialect.header))]
    include = {names[i]: field for field, i in positions.items()}
    malformed: list[MalformedRow] = []

    def on_invalid(row: pcsv.InvalidRow) -> str:
        malformed.append(
            MalformedRow(row.number, row.text, row.actual_columns, row.expected_columns)
        )
        return "skip"

    read_options = pcsv.ReadOptions(
        block_size=block_size,
        column_names=names,
        skip_rows=1,
        encoding="utf8" if dialect.encoding == "utf-8" else dialect.encoding,
        # Only single-threaded parsing lets pyarrow number malformed rows.
        use_threads=not exact_rows,
    )
    parse_options = pcsv.ParseOptions(
        delimiter=dialect.delimiter, newlines_in_values=True, invalid_row_handler=on_invalid
    )
    convert_options = pcsv.ConvertOptions(
        column_types={name: pa.string() for name in include},
        include_columns=list(include),
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
    )
    try:
        reader = pcsv.open_csv(
            path,
            read_options=read_options,
            parse_options=parse_options,
            convert_options=convert_options,
        )
    except pa.ArrowInvalid as exc:
        if "Empty CSV file" in str(exc):
            return
        raise _csv_error(path, dialect, exc) from None
    next_row, cursor, reported = 2, 0, 0
    skipped: list[int] = []  # row numbers of the malformed rows, in file order
    with reader:
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
                raise _csv_error(path, dialect, exc) from None
            if any(m.row is None for m in malformed):
                raise RowNumbersUnknown(str(path))
            skipped.extend(m.row for m in malformed[len(skipped) :] if m.row is not None)
            rows, next_row, cursor = _number_rows(next_row, batch.num_rows, skipped, cursor)
            columns = {field: batch.column(name) for name, field in include.items()}
            for field in layout.fields:
                columns.setdefault(field, pa.nulls(batch.num_rows, pa.string()))
            done = [m for m in malformed[reported:] if m.row is None or m.row < next_row]
            reported += len(done)
            yield RawBatch(columns, rows, tuple(done))
    if any(m.row is None for m in malformed):
        raise RowNumbersUnknown(str(path))
    if reported < len(malformed):
        empty = {field: pa.array([], pa.string()) for field in layout.fields}
        yield RawBatch(empty, pa.array([], pa.int64()), tuple(malformed[reported:]))


def _csv_error(path: Path, dialect: CsvDialect, exc: Exception) -> SourceError:
    message = str(exc)
    if "UTF8" in message or "UTF-8" in message or isinstance(exc, UnicodeDecodeError):
        return SourceError(
            str(path),
            "the file is not valid UTF-8 past its first megabyte (mixed encodings?): "
            "re-save it as UTF-8 CSV",
        )
    return SourceError(str(path), f"cannot be read as CSV: {message.splitlines()[0]}")


def open_register(
    path: str | Path,
    layout: RegisterLayout,
    *,
    block_size: int | None = None,
    batch_rows: int | None = None,
    exact_rows: bool = False,
) -> RegisterReader:
    """Open a register (CSV or spreadsheet) for ``layout``: the checks that can fail before any
    row is read (missing, directory, binary, undecodable, wrong columns) happen here.

    ``block_size`` is the bytes of CSV parsed at a time (:data:`BLOCK_SIZE`), ``batch_rows``
    the rows per batch (:func:`default_batch_rows`)."""
    p = Path(path)
    return RegisterReader(
        p,
        layout,
        block_size=block_size or BLOCK_SIZE,
        batch_rows=batch_rows or default_batch_rows(p),
        exact_rows=exact_rows,
    )
