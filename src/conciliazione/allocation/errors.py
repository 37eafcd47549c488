"""The exceptions of the allocation engine: bad input, never data findings.

A population file with a negative figure, formula weights that do not add up to one or a schedule
with more weights than years cannot produce any split at all, so they raise instead of being
reported. Each error names what was wrong and where (file, row, column), because the command line
shows the message as it is. An ATS id that is not one of the eight raises the library-wide
:class:`~conciliazione.errors.UnknownAtsError` instead.
"""

from __future__ import annotations

from conciliazione.errors import ConciliazioneError


class AllocationInputError(ConciliazioneError, ValueError):
    """An input of the allocation engine (total, population, formula, schedule, unit) is invalid."""


class PopulationFileError(AllocationInputError):
    """A population file has a bad cell or header; the message names file, row and column."""

    def __init__(
        self, path: str, problem: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        self.path = path
        self.problem = problem
        self.row = row
        self.column = column
        where = path
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}")
