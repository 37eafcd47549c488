"""Fitting a base and a schedule to one ATS's published yearly amounts.

When a page publishes only the yearly amounts (Pavia: 48.834,00, 48.834,00, 54.260,00), two
questions are worth asking without any population figure: given a schedule, what yearly base do
the amounts imply (:func:`fit_base`)? And given the amounts alone, which schedule and base explain
them (:func:`infer_schedule`)? Both answers come with a :class:`Reconciliation`, so "consistent"
is checked, not assumed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from conciliazione.allocation._decimal import as_decimal, plain
from conciliazione.allocation.errors import AllocationInputError
from conciliazione.allocation.reconcile import (
    Reconciliation,
    Tolerance,
    published_by_year,
    reconcile_schedule,
)
from conciliazione.allocation.rounding import CENT, check_unit, from_units, round_half_up, to_units
from conciliazione.allocation.schedule import TrancheSchedule
from conciliazione.model import Allocation

WEIGHT_STEP = Decimal("0.01")
"""Inferred tranche weights are whole percentages unless asked otherwise."""


def _weight_text(weight: Decimal) -> str:
    """``0.90`` → ``0.9``, ``1.00`` → ``1.0``: the way the acts write tranches."""
    short = weight.normalize()
    return f"{short:.1f}" if short == short.to_integral_value() else plain(short)


@attrs.frozen
class ScheduleFit:
    """A base and a schedule that explain (or fail to explain) one ATS's published amounts."""

    ats_id: str | None
    base: Decimal
    schedule: TrancheSchedule
    reconciliation: Reconciliation

    @property
    def consistent(self) -> bool:
        return self.reconciliation.consistent

    def __str__(self) -> str:
        who = f"ATS {self.ats_id}" if self.ats_id else "the published amounts"
        verdict = "consistent" if self.consistent else "NOT consistent"
        weights = "/".join(_weight_text(w) for w in self.schedule.weights)
        years = f"{self.schedule.years[0]}-{self.schedule.years[-1]}"
        return f"{who}: {verdict} with a base of {self.base} EUR and a {weights} schedule ({years})"


def fit_base(
    published: Mapping[int, object] | Iterable[Allocation],
    schedule: TrancheSchedule,
    *,
    unit: Decimal = CENT,
) -> Decimal:
    """The yearly base the published amounts imply under ``schedule``: Σ amounts / Σ weights.

    Only the schedule's years that have a published amount count; a published year outside the
    schedule is an error. For Pavia, 151.928,00 / 2.8 = 54.260,00.
    """
    check_unit(unit)
    _, years = published_by_year(published)
    outside = sorted(set(years) - set(schedule.years))
    if outside:
        raise AllocationInputError(
            f"published year(s) {', '.join(map(str, outside))} are not in the schedule"
        )
    weight = sum((schedule.weight(y) for y in years), Decimal(0))
    if weight == 0:
        raise AllocationInputError("the published years all have a tranche weight of zero")
    amount = sum((p.amount for p in years.values()), Decimal(0))
    return from_units(round_half_up(to_units(Fraction(amount) / Fraction(weight), unit)), unit)


def infer_schedule(
    published: Mapping[int, object] | Iterable[Allocation],
    base: object | None = None,
    *,
    unit: Decimal = CENT,
    weight_step: Decimal = WEIGHT_STEP,
    tolerance: Tolerance | None = None,
    ats_id: str | None = None,
) -> ScheduleFit:
    """The schedule (and base) that explain one ATS's published yearly amounts.

    Without ``base``, the largest published amount is taken as the full yearly tranche (weight
    1): Pavia's 54.260,00 gives the weights 0.9, 0.9, 1.0. Each weight is ``amount / base``
    rounded half up to ``weight_step``; the fit is then reconciled, so a weight that rounding
    made up shows as an inconsistency instead of passing silently.
    """
    check_unit(unit)
    step = as_decimal(weight_step, "the weight step")
    if step <= 0:
        raise AllocationInputError(f"the weight step must be positive, not {step}")
    given = published if isinstance(published, Mapping) else list(published)
    record_ats, years = published_by_year(given)
    full = max(p.amount for p in years.values()) if base is None else as_decimal(base, "the base")
    if full <= 0:
        raise AllocationInputError(f"the base must be positive, not {full}")
    weights = [
        Decimal(round_half_up(Fraction(p.amount) / Fraction(full) / Fraction(step))) * step
        for p in years.values()
    ]
    schedule = TrancheSchedule(tuple(years), tuple(weights))
    who = ats_id or record_ats
    reconciliation = reconcile_schedule(
        given, full, schedule, unit=unit, tolerance=tolerance, ats_id=who
    )
    return ScheduleFit(
        who, from_units(round_half_up(to_units(full, unit)), unit), schedule, reconciliation
    )
