"""Allocations (riparto): the regional funds assigned to an ATS for one year."""

from __future__ import annotations

import enum
from typing import ClassVar

from conciliazione.model.base import Identifier, Money, Record


class AllocationBasis(enum.StrEnum):
    """Where an allocation figure comes from."""

    PUBLISHED = "published"
    """Read from a page or an act."""
    COMPUTED = "computed"
    """Computed by :mod:`conciliazione.allocation` from a formula."""


class Allocation(Record):
    """Funds for one ATS, one guideline, one year ("annualità"), in euro."""

    entity: ClassVar[str] = "allocation"
    id_field: ClassVar[str] = "allocation_id"

    allocation_id: Identifier
    ats_id: str
    guideline_id: str | None = None
    year: int
    amount_eur: Money
    basis: AllocationBasis = AllocationBasis.PUBLISHED
    act_id: str | None = None
    formula: str | None = None
    """For computed allocations: the formula's name (``population``, ``equal-plus-population``)."""
    parameters: tuple[tuple[str, str], ...] = ()
    """For computed allocations: the formula's parameters as (name, value) text pairs."""
