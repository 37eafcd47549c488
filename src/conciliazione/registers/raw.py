"""What every register reader yields, whatever the file format: text batches, the facts found
about a file, and the matching of its header to a layout.

Kept apart from the CSV streaming (:mod:`~conciliazione.registers.files`) and the spreadsheet
reader (:mod:`~conciliazione.registers.xlsx`) so that neither imports the other.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pyarrow as pa

from conciliazione.errors import SourceError
from conciliazione.registers.layout import RegisterLayout, fold_header


@attrs.frozen
class MalformedRow:
    """A CSV row whose number of fields differs from the header's (or a spreadsheet row with a
    value beyond the header), by its line in the file."""

    row: int | None
    text: str
    fields: int
    expected: int
    problem: str | None = None
    """What is wrong, when it is not the number of fields (a quote never closed)."""
    record: int | None = None
    """Its record number (see :class:`RawBatch`); ``None`` before numbering."""

    @property
    def message(self) -> str:
        if self.problem:
            return self.problem
        return f"the row has {self.fields} fields where the header has {self.expected}"


@attrs.frozen
class RawBatch:
    """A batch of rows as text: every layout field (null when empty or absent), the file row
    number of each row, and the malformed rows met since the previous batch.

    ``records`` gives each row's record number beside its line: the 1-based data record,
    header excluded, counting every row the reader reports (valid, rejected or malformed) once
    and blank lines never, so it differs from the line when a quoted cell spans lines or blank
    lines are skipped. ``None`` only for a batch built by hand, before numbering."""

    columns: dict[str, pa.Array]
    rows: pa.Array
    malformed: tuple[MalformedRow, ...] = ()
    records: pa.Array | None = None

    @property
    def num_rows(self) -> int:
        return len(self.rows)


@attrs.frozen
class SourceInfo:
    """What was found out about one register file before reading it."""

    path: str
    name: str
    kind: str
    columns: dict[str, str]
    """Layout field → the header as the file writes it."""
    missing: tuple[str, ...] = ()
    """Headers of optional layout columns the file lacks (their values are null)."""
    ignored: tuple[str, ...] = ()
    """Headers of file columns the layout does not know."""
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


def match_headers(
    layout: RegisterLayout, header: Sequence[str], where: str
) -> tuple[dict[str, int], tuple[str, ...], tuple[str, ...]]:
    """Layout field → column index in the file; the optional headers missing; the file
    headers ignored. A missing required column, or a layout column given twice, is an error."""
    wanted = {fold_header(c.header): c for c in layout.columns}
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header):
        spec = wanted.get(fold_header(cell))
        if spec is None:
            if cell.strip():
                ignored.append(cell)
            continue
        if spec.field in positions:
            raise SourceError(where, f"the column {spec.header!r} appears twice in the header")
        positions[spec.field] = index
    absent = [c for c in layout.columns if c.field not in positions]
    required = [c.header for c in absent if c.required]
    if required:
        found = ", ".join(repr(h) for h in header if h.strip()) or "none"
        raise SourceError(
            where,
            f"the header lacks the required column(s) {', '.join(map(repr, required))} of "
            f"layout {layout.name!r} (columns found: {found})",
        )
    return positions, tuple(c.header for c in absent), tuple(ignored)
