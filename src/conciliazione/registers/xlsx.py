"""Spreadsheet registers (XLSX, XLS, ODS) through python-calamine, as text batches.

Spreadsheet cells are typed, but a register is checked as text, the same way whatever its
format: each cell becomes the text a CSV export of it would hold, so that one set of rules
applies. Dates become ``dd/mm/yyyy``; numbers become Italian decimals (``1234,5``), whole
numbers without decimals; booleans ``sì``/``no``. A code stored as a number loses its leading
zeros in the spreadsheet itself (ISTAT ``015146`` becomes ``15146``): that is reported, not
repaired, because the reader cannot know the zeros were there.

The sheet read is the first whose header row (its first non-empty row) names the most of the
layout's columns. Calamine loads a sheet whole; spreadsheets stop at 1,048,576 rows anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from conciliazione.errors import SourceError
from conciliazione.registers.layout import RegisterLayout, fold_header
from conciliazione.registers.raw import MalformedRow, RawBatch, SourceInfo, match_headers


def cell_text(value: Any) -> str | None:
    """A spreadsheet cell as the text a CSV export would hold (``None`` when empty)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).replace(".", ",")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            value = value.date()
        else:
            return f"{value.day:02d}/{value.month:02d}/{value.year:04d} {value.time()}"
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return str(value)


class SheetReader:
    """The chosen sheet of a workbook, read in batches of text."""

    def __init__(self, path: Path, layout: RegisterLayout, batch_rows: int) -> None:
        from python_calamine import CalamineError, CalamineWorkbook

        where = str(path)
        self.layout = layout
        self.batch_rows = batch_rows
        try:
            workbook = CalamineWorkbook.from_path(str(path))
            candidates = []
            for name in workbook.sheet_names:
                rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
                header_at = next(
                    (i for i, row in enumerate(rows) if any(cell_text(c) for c in row)), None
                )
                if header_at is None:
                    continue
                header = [cell_text(c) or "" for c in rows[header_at]]
                wanted = {fold_header(h) for h in layout.headers}
                hits = sum(fold_header(h) in wanted for h in header)
                candidates.append((hits, name, header_at, header, rows))
        except (CalamineError, OSError) as exc:
            raise SourceError(where, f"cannot be read as a spreadsheet: {exc}") from None
        if not candidates:
            raise SourceError(where, "the workbook has no sheet with data")
        best = max(candidates, key=lambda c: c[0])  # the first of the best
        hits, sheet, header_at, header, rows = best
        positions, missing, ignored = match_headers(layout, header, f"{where} (sheet {sheet!r})")
        self._positions = positions
        self._width = max((i + 1 for i, h in enumerate(header) if h.strip()), default=0)
        self._header_at = header_at
        self._rows = rows
        self.info = SourceInfo(
            path=where,
            name=path.name,
            kind="xlsx",
            columns={f: header[i] for f, i in positions.items()},
            missing=missing,
            ignored=ignored,
            sheet=sheet,
        )

    def batches(self) -> Iterator[RawBatch]:
        """The rows in batches. A row with a value beyond the last header column is rejected
        whole, like a CSV row with too many fields: the value would otherwise be dropped
        without a word, and the row may be shifted."""
        fields = self.layout.fields
        buffer: dict[str, list[str | None]] = {f: [] for f in fields}
        numbers: list[int] = []
        malformed: list[MalformedRow] = []
        records: list[int] = []
        record = 0  # the data rows met, blank ones not counted
        for index in range(self._header_at + 1, len(self._rows)):
            row = self._rows[index]
            texts = [cell_text(c) for c in row]
            if not any(texts):
                continue  # a blank line is not a row
            record += 1
            if any(texts[self._width :]):
                used = max(i for i, t in enumerate(texts) if t) + 1
                line = ";".join(t or "" for t in texts[:used])
                malformed.append(MalformedRow(index + 1, line, used, self._width, record=record))
                continue
            cells = {
                f: cell_text(row[i]) if i < len(row) else None for f, i in self._positions.items()
            }
            numbers.append(index + 1)
            records.append(record)
            for field in fields:
                buffer[field].append(cells.get(field))
            if len(numbers) == self.batch_rows:
                yield _batch(buffer, numbers, malformed, records)
                buffer = {f: [] for f in fields}
                numbers, malformed, records = [], [], []
        if numbers or malformed:
            yield _batch(buffer, numbers, malformed, records)


def _batch(
    buffer: dict[str, list[str | None]],
    numbers: list[int],
    malformed: list[MalformedRow],
    records: list[int],
) -> RawBatch:
    columns = {f: pa.array(values, pa.string()) for f, values in buffer.items()}
    rows = pa.array(numbers, pa.int64())
    return RawBatch(columns, rows, tuple(malformed), pa.array(records, pa.int64()))


def open_sheet(path: Path, layout: RegisterLayout, batch_rows: int) -> SheetReader:
    return SheetReader(path, layout, batch_rows)
