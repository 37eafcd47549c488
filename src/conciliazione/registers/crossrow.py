"""Checks that look across rows, after each batch's cells are checked: repeated ids, and rows
of another ATS.

Column checks (:mod:`.checks`) judge each cell alone. Two mistakes need more: a row whose id
an earlier row of the run already has (the same file passed twice, a row pasted twice) would
export one record twice, and a row whose ATS column names another ATS would be filed in this
ATS's register. Both become failing cells like any other — counted, described, the row
rejected with its reasons — and a repeated id names the row that had it first.

The ids seen are kept in Arrow (:mod:`~conciliazione.registers.seen_ids`): ids that ascend
through the file cost about 5 bytes each, ids in no order about their own length plus 12.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from conciliazione.registers.checks import BatchResult, ColumnRule
from conciliazione.registers.findings import ATS_MISMATCH, DUPLICATE_ID
from conciliazione.registers.layout import RegisterLayout
from conciliazione.registers.seen_ids import SeenIds

ID_FIELD = "record_id"
"""The field that identifies a row, when a layout has it."""
ATS_FIELD = "ats_id"


class CrossRowChecks:
    """The cross-row state of one ingest run: ids seen, and the run's ATS."""

    def __init__(self, layout: RegisterLayout, rules: Sequence[ColumnRule], ats_id: str) -> None:
        by_field = {rule.spec.field: rule for rule in rules}
        self.ats_id = ats_id
        self._id_rule = by_field.get(ID_FIELD)
        self._ats_rule = by_field.get(ATS_FIELD)
        self._seen = SeenIds()
        self._files: list[str] = []

    def check(
        self, file: str, rows: pa.Array, raw: dict[str, pa.Array], result: BatchResult
    ) -> tuple[BatchResult, dict[str, list[str]]]:
        """``result`` with the cross-row failures added, and for each new code the message
        suffix of each failing row, in row order (a repeated id: where it was first seen)."""
        failures = list(result.failures)
        notes: dict[str, list[str]] = {}
        row_ok = result.row_ok
        if self._ats_rule is not None:
            values = result.values(ATS_FIELD)
            other = pc.fill_null(pc.not_equal(values, pa.scalar(self.ats_id)), False)
            if other.true_count:
                failures.append((self._ats_rule, ATS_MISMATCH, other))
                row_ok = pc.and_not(row_ok, other)
        if self._id_rule is not None:
            mask, firsts = self._repeated(file, rows, raw[ID_FIELD])
            if firsts:
                failures.append((self._id_rule, DUPLICATE_ID, mask))
                notes[DUPLICATE_ID] = [f"first seen at {where}" for where in firsts]
                row_ok = pc.and_not(row_ok, mask)
        if len(failures) == len(result.failures):
            return result, notes
        return BatchResult(result.columns, row_ok, tuple(failures)), notes

    def _repeated(self, file: str, rows: pa.Array, ids: pa.Array) -> tuple[pa.Array, list[str]]:
        """Which rows repeat an id seen before (in this batch or an earlier one), and where
        each was first seen (:class:`~conciliazione.registers.seen_ids.SeenIds`: no Python
        object per row). A place is stored as one integer: file index and line."""
        if not self._files or self._files[-1] != file:
            self._files.append(file)
        tag = (len(self._files) - 1) << _LINE_BITS
        keys = pc.utf8_trim_whitespace(ids)
        places = pc.add(rows, pa.scalar(tag, pa.int64()))
        firsts = self._seen.check(keys, places)
        mask = pc.is_valid(firsts)
        if not mask.true_count:
            return mask, []
        return mask, [self._where(p) for p in pc.filter(firsts, mask).to_pylist()]

    def _where(self, place: int) -> str:
        return f"{self._files[place >> _LINE_BITS]}:{place & ((1 << _LINE_BITS) - 1)}"


_LINE_BITS = 40
"""Bits of a stored place that hold the line number (files get the bits above)."""
