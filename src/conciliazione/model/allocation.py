"""Allocations (riparto): the regional funds assigned to an ATS for one year."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

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
    amount_text: str | None = None
    """The figure as the source prints it (``48.834,00``, ``117.00``), when kept.

    ``amount_eur`` is the reading of it; when the two differ (a misprint read by the figures
    around it) the rule ``allocation-printed-amount-differs`` reports it, and both stay."""
    rounding_unit_eur: Money | None = None
    """The unit the source rounds its figures to (``100`` for a release that prints hundreds of
    euro); ``None`` when the figure is exact as printed. Comparisons between sources use it to
    tell a disagreement from rounding: a figure rounded to ``u`` may be off by ``u / 2``."""

    @property
    def margin_eur(self) -> Decimal:
        """How far the true amount may be from ``amount_eur``: half the rounding unit, or 0."""
        return self.rounding_unit_eur / 2 if self.rounding_unit_eur else Decimal(0)


class PublishedTotal(BaseModel):
    """A total a source states beside its split: "2,8 M over 2020-2022", "84mila" for one ATS.

    Not an allocation (it is not for one ATS and one year) but the figure the source's yearly
    amounts should add up to, within both precisions. ``ats_id`` ``None`` is a total over every
    ATS; ``years`` are the years it covers.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    source_id: str
    act_id: str
    ats_id: str | None
    years: tuple[int, ...]
    amount_eur: Money
    amount_text: str | None = None
    rounding_unit_eur: Money | None = None
    stated_as: str
    """What the total is, in our words ("the release's headline")."""

    @property
    def margin_eur(self) -> Decimal:
        """Half the rounding unit (0 for an exact total)."""
        return self.rounding_unit_eur / 2 if self.rounding_unit_eur else Decimal(0)
