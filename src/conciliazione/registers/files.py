"""Register files opened and streamed as text batches, whatever the file format.

Every reader yields :class:`RawBatch` objects: the layout's columns as Arrow strings, exactly as
the file has them (null when empty), with the line of each row in the file (a sheet's row
number for spreadsheets). Values are read as
text and checked afterwards (:mod:`conciliazione.registers.checks`), because pyarrow's typed CSV
reader fails a whole file on one bad cell, and a register must report bad cells row by row.

- CSV is streamed with ``pyarrow.csv.open_csv`` in blocks of ``block_size`` bytes, joined into
  batches of ``batch_rows`` rows, so memory stays flat however large the file. Rows with the
  wrong number of fields are not fatal: they come out as :class:`MalformedRow` objects, with
  their line number, and are rejected. A quote left open makes pyarrow run the following lines
  into one record: that record is split back into its lines, the one that opened the quote is
  rejected (naming the lines that ran together), and the others are read as rows.
- XLSX (and XLS/ODS) is read with python-calamine, whose cells are typed; they are turned back
  into the text a CSV export would hold (dates as ``dd/mm/yyyy``, decimals with a comma).

Headers are matched to the layout ignoring case and spaces; columns the layout does not know are
ignored, optional columns the file lacks are null, and a missing required column is a
:class:`~conciliazione.errors.SourceError`: nothing can be checked without it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import attrs
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
    malformed = tuple(m for p in parts for m in p.malformed)
    if any(p.records is None for p in parts):
        return RawBatch(columns, rows, malformed)
    records = pa.concat_arrays([p.records for p in parts if p.records is not None])
    return RawBatch(columns, rows, malformed, records)


class RecordCounter:
    """Numbers the records of one file, group by group, in file order.

    A group is what the reader reports for one parsed stretch of the file: its rows, its
    malformed rows and the rows read back from a malformed record's lines. They interleave by
    line but lie after every earlier group's lines, so a record's number is the count of
    earlier groups' records plus its rank by line within its group."""

    def __init__(self) -> None:
        self.seen = 0

    def number(
        self, batch: RawBatch, recovered: RawBatch | None = None
    ) -> tuple[RawBatch, RawBatch | None]:
        """``batch`` (and ``recovered``) with ``records`` set, malformed rows' too."""
        extra = len(batch.malformed) + (
            (recovered.num_rows + len(recovered.malformed)) if recovered is not None else 0
        )
        if not extra:  # the common case: consecutive records, no Python loop
            numbered = attrs.evolve(batch, records=arange(self.seen + 1, batch.num_rows))
            self.seen += batch.num_rows
            return numbered, None
        parts = [batch] if recovered is None else [batch, recovered]
        lines: list[tuple[int, int, int]] = []  # (line, part, position): sorted, a rank each
        for part_index, part in enumerate(parts):
            lines.extend((line, part_index, i) for i, line in enumerate(part.rows.to_pylist()))
            lines.extend(
                (m.row if m.row is not None else 0, part_index, -1 - i)
                for i, m in enumerate(part.malformed)
            )
        lines.sort()
        rank = {(part, i): self.seen + n for n, (_, part, i) in enumerate(lines, start=1)}
        self.seen += len(lines)
        out = [
            attrs.evolve(
                part,
                records=pa.array([rank[(part_index, i)] for i in range(part.num_rows)], pa.int64()),
                malformed=tuple(
                    attrs.evolve(m, record=rank[(part_index, -1 - i)])
                    for i, m in enumerate(part.malformed)
                ),
            )
            for part_index, part in enumerate(parts)
        ]
        return out[0], (out[1] if recovered is not None else None)


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
    """The file's rows in batches, each numbered by its line in the file (the header is line
    1). pyarrow counts records, so the numbers are turned into lines here: blank lines are
    counted, and so are the line breaks inside quoted cells. A malformed record that runs
    across lines — a quote left open — is split back into its lines: the line that opened the
    quote is rejected, naming the lines that ran together, and the lines after it are read as
    rows of their own."""
    import pyarrow.csv as pcsv

    names = [f"c{i}" for i in range(len(dialect.header))]
    include = {names[i]: field for field, i in positions.items()}
    malformed: list[MalformedRow] = []
    consumed: list[int | None] = []  # record numbers of invalid rows: malformed or blank

    def on_invalid(row: pcsv.InvalidRow) -> str:
        consumed.append(row.number)
        if row.text.strip():
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
    # Without a quote character anywhere, no cell can hold a line break: the parser need not
    # look for them (a fifth faster) and no cell needs counting them.
    quoted = _has_quote(path)
    parse_options = pcsv.ParseOptions(
        delimiter=dialect.delimiter,
        newlines_in_values=quoted,
        invalid_row_handler=on_invalid,
        ignore_empty_lines=False,  # a blank line is a line: it must be counted
    )
    convert_options = pcsv.ConvertOptions(
        # Every column, ignored ones too: a line break in any quoted cell moves the lines
        # after it, and a line is blank only if all its cells are empty.
        column_types={name: pa.string() for name in names},
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
    lines = _LineMap()
    counter = RecordCounter()
    splitter = _Splitter(layout, dialect, positions, len(names))
    next_row, cursor, reported = 2, 0, 0
    skipped: list[int] = []  # record numbers of the invalid rows, in file order
    with reader:
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
                raise _csv_error(path, dialect, exc) from None
            if any(n is None for n in consumed):
                raise RowNumbersUnknown(str(path))
            skipped.extend(n for n in consumed[len(skipped) :] if n is not None)
            records, next_row, cursor = _number_rows(next_row, batch.num_rows, skipped, cursor)
            columns = {field: batch.column(name) for name, field in include.items()}
            for field in layout.fields:
                columns.setdefault(field, pa.nulls(batch.num_rows, pa.string()))
            done = [m for m in malformed[reported:] if m.row is None or m.row < next_row]
            reported += len(done)
            for m in done:
                lines.add(m.row or 0, m.text.count("\n"))
            cells = [batch.column(name) for name in names]
            rows, at = lines.batch(records, cells if quoted else [], [m.row for m in done])
            numbered = [attrs.evolve(m, row=n) for m, n in zip(done, at, strict=True)]
            bad, recovered = splitter.split(numbered)
            columns, rows = _without_blank_lines(columns, rows, cells)
            numbered_batch, recovered = counter.number(
                RawBatch(columns, rows, tuple(bad)), recovered
            )
            yield numbered_batch
            if recovered is not None:
                yield recovered
    if any(n is None for n in consumed):
        raise RowNumbersUnknown(str(path))
    if reported < len(malformed):
        rest = malformed[reported:]
        for m in rest:
            lines.add(m.row or 0, m.text.count("\n"))
        _, at = lines.batch(pa.array([], pa.int64()), [], [m.row for m in rest])
        numbered = [attrs.evolve(m, row=n) for m, n in zip(rest, at, strict=True)]
        bad, recovered = splitter.split(numbered)
        empty = {field: pa.array([], pa.string()) for field in layout.fields}
        last, recovered = counter.number(
            RawBatch(empty, pa.array([], pa.int64()), tuple(bad)), recovered
        )
        yield last
        if recovered is not None:
            yield recovered


def _has_quote(path: Path, chunk: int = 1 << 20) -> bool:
    """Whether the file holds a double quote anywhere: one scan of its bytes, a megabyte at a
    time into one buffer (about 10 ms per 100 MB; a memory map would be as fast but would count
    the whole file in the process's resident memory). In every encoding a register may have
    here, ``"`` is the byte 0x22."""
    buffer = bytearray(chunk)
    with path.open("rb", buffering=0) as handle:
        while read := handle.readinto(buffer):
            if buffer.find(b'"', 0, read) >= 0:
                return True
    return False


def _without_blank_lines(
    columns: dict[str, pa.Array], rows: pa.Array, cells: Sequence[pa.Array]
) -> tuple[dict[str, pa.Array], pa.Array]:
    """Drop the records with no value in any column: blank lines (pyarrow reads them as
    records, which keeps them counted in the line numbers), as a spreadsheet's blank rows are
    not rows either."""
    if not len(rows) or not cells:
        return columns, rows
    filled = pc.is_valid(cells[0])
    for column in cells[1:]:
        filled = pc.or_(filled, pc.is_valid(column))
    if filled.false_count == 0:
        return columns, rows
    return {f: pc.filter(c, filled) for f, c in columns.items()}, pc.filter(rows, filled)


class _LineMap:
    """Record numbers → line numbers. A record that spans ``k`` extra lines (line breaks in a
    malformed record, or in its quoted cells) puts every later record ``k`` lines further down.

    Batches come in file order: the extra lines of earlier batches are summed in ``_base``; a
    batch's own cells are counted with one cumulative sum, so the cost stays linear."""

    def __init__(self) -> None:
        self._base = 0
        self._pending: list[tuple[int, int]] = []  # malformed records not yet passed

    def add(self, record: int, extra: int) -> None:
        """A malformed record and the line breaks inside it."""
        if extra:
            self._pending.append((record, extra))

    def batch(
        self, records: pa.Array, cells: Sequence[pa.Array], malformed: Sequence[int | None]
    ) -> tuple[pa.Array, list[int | None]]:
        """The line numbers of a batch's records and of the malformed records met with it."""
        import bisect

        shifted = pc.add(records, self._base) if len(records) else records
        cumulative: list[int] = []
        if len(records) and cells:
            counts = pc.cast(pc.fill_null(pc.count_substring(cells[0], "\n"), 0), pa.int64())
            for column in cells[1:]:
                found = pc.fill_null(pc.count_substring(column, "\n"), 0)
                counts = pc.add(counts, pc.cast(found, pa.int64()))
            if pc.sum(counts).as_py():
                running = pc.cumulative_sum(counts)
                shifted = pc.add(shifted, pc.subtract(running, counts))
                cumulative = running.to_pylist()
        for record, extra in self._pending:
            if len(records):
                after = pc.cast(pc.greater(records, record), pa.int64())
                shifted = pc.add(shifted, pc.multiply(after, extra))
        numbers = records.to_pylist() if malformed and cumulative else []

        def line_of(record: int | None) -> int | None:
            if record is None:
                return None
            at = bisect.bisect_left(numbers, record)
            inside = cumulative[at - 1] if cumulative and at else 0
            extra = sum(k for r, k in self._pending if r < record)
            return record + self._base + inside + extra

        lines = [line_of(r) for r in malformed]
        self._base += (cumulative[-1] if cumulative else 0) + sum(k for _, k in self._pending)
        self._pending = []
        return shifted, lines


class _Splitter:
    """Splits a malformed record that runs across lines back into its lines."""

    def __init__(
        self, layout: RegisterLayout, dialect: CsvDialect, positions: dict[str, int], width: int
    ) -> None:
        self.layout = layout
        self.delimiter = dialect.delimiter
        self.positions = positions
        self.width = width

    def split(self, found: Sequence[MalformedRow]) -> tuple[list[MalformedRow], RawBatch | None]:
        """The malformed rows to reject, and a batch of the lines read back as rows."""
        import csv

        bad: list[MalformedRow] = []
        cells: dict[str, list[str | None]] = {f: [] for f in self.layout.fields}
        numbers: list[int] = []
        for m in found:
            parts = m.text.split("\n")
            if len(parts) == 1 or m.row is None:
                bad.append(m)
                continue
            last = m.row + len(parts) - 1
            problem = (
                f"a quote opened on line {m.row} is not closed where the line ends: lines "
                f"{m.row}–{last} ran together; this line is rejected and the lines after it "
                "are read on their own"
            )
            first = parts[0].rstrip("\r")
            bad.append(attrs.evolve(m, text=first, problem=problem))
            for offset, part in enumerate(parts[1:], start=1):
                line = part.rstrip("\r")
                if not line.strip():
                    continue
                fields = next(csv.reader([line], delimiter=self.delimiter), [])
                if len(fields) != self.width:
                    bad.append(MalformedRow(m.row + offset, line, len(fields), self.width))
                    continue
                numbers.append(m.row + offset)
                for field in self.layout.fields:
                    index = self.positions.get(field)
                    value = fields[index] if index is not None else ""
                    cells[field].append(value or None)
        if not numbers:
            return bad, None
        columns = {f: pa.array(v, pa.string()) for f, v in cells.items()}
        return bad, RawBatch(columns, pa.array(numbers, pa.int64()))


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
