"""The split itself: a yearly base, a formula and a tranche schedule → one amount per ATS and year.

Semantics of the amounts (why there are two entry points):

- The **base** is what the Region assigns for one full year. Each year's tranche is
  ``weight × base``: with a base of 1,000,000 EUR and the schedule 0.9/0.9/1.0, 2020-2022 receive
  900,000 + 900,000 + 1,000,000 = 2,800,000 EUR. This is how D.G.R. XI/2398/2019 reads for ATS
  Pavia: 48.834,00 + 48.834,00 + 54.260,00 = 151.928,00 = 2.8 × 54.260,00.
  :func:`allocate` takes the base: each year's total is ``weight × base`` rounded half up to the
  unit, and that year's total is split among the ATS by the largest-remainder method, so the
  ATS parts of every year add up to it exactly.
- The acts usually state the **multi-year total** ("2.8 million over 2020-2022").
  :func:`allocate_total` takes that total: it first splits it among the years in proportion to
  the weights (largest remainder again, so the years add up to the total exactly), then splits each
  year among the ATS. When the total divides evenly (2,800,000 / 2.8 = 1,000,000), both entry
  points give the same figures. :func:`base_from_total` gives the yearly base (total / sum of the
  weights).

Ties between equal remainders go to the ATS with the larger population, then to the smaller
``ats_id``; between years, to the larger weight, then the earlier year. Every amount is computed
in whole units with exact fractions: no float anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from conciliazione.allocation._decimal import as_decimal, plain
from conciliazione.allocation.errors import AllocationInputError
from conciliazione.allocation.formula import Formula
from conciliazione.allocation.population import PopulationTable, region_order
from conciliazione.allocation.rounding import (
    CENT,
    check_unit,
    from_units,
    largest_remainder,
    round_half_up,
    to_units,
)
from conciliazione.allocation.schedule import TrancheSchedule
from conciliazione.model import Allocation, AllocationBasis, Dataset
from conciliazione.regional import CURRENT_GUIDELINE_ID

TIE_BREAK = "population-desc,ats_id-asc"
"""The documented tie rule between equal remainders, as stored in the parameters."""


def allocation_id(guideline_id: str, ats_id: str, year: int) -> str:
    """The id of a computed allocation; the prefix keeps it apart from published ones."""
    return f"computed:{guideline_id}:{ats_id}:{year}"


@attrs.frozen
class AllocationResult:
    """A computed split: the records, and the figures they came from."""

    allocations: tuple[Allocation, ...]
    """One record per ATS and year, ATS in the Region's order, then by year."""
    base_total: Decimal
    """The yearly base split among the ATS (a full-year tranche, weight 1)."""
    bases: tuple[tuple[str, Decimal], ...]
    """Each ATS's share of the base (largest remainder, same rule): its full-year tranche."""
    year_totals: tuple[tuple[int, Decimal], ...]
    """What each year splits: ``weight × base`` (or the year's part of a multi-year total)."""
    schedule: TrancheSchedule
    unit: Decimal
    formula: str
    populations: PopulationTable

    @property
    def total(self) -> Decimal:
        """Everything allocated, over all years and ATS."""
        return sum((a.amount_eur for a in self.allocations), Decimal("0.00"))

    def amount(self, ats_id: str, year: int) -> Decimal:
        for record in self.allocations:
            if record.ats_id == ats_id and record.year == year:
                return record.amount_eur
        raise KeyError((ats_id, year))

    def base(self, ats_id: str) -> Decimal:
        return dict(self.bases)[ats_id]

    def by_ats(self) -> dict[str, dict[int, Decimal]]:
        """``{ats_id: {year: amount}}``."""
        table: dict[str, dict[int, Decimal]] = {}
        for record in self.allocations:
            table.setdefault(record.ats_id, {})[record.year] = record.amount_eur
        return table

    def year_total(self, year: int) -> Decimal:
        return dict(self.year_totals)[year]

    def to_dataset(self) -> Dataset:
        return allocations_to_dataset(self.allocations)


def allocations_to_dataset(allocations: Iterable[Allocation] | AllocationResult) -> Dataset:
    """A dataset holding only these allocations, ready for validation or export."""
    records = allocations.allocations if isinstance(allocations, AllocationResult) else allocations
    return Dataset(allocations=list(records))


def _population_table(populations: PopulationTable | Mapping[str, int]) -> PopulationTable:
    if isinstance(populations, PopulationTable):
        return populations
    return PopulationTable.from_mapping(populations)


def _check_amount(value: object, what: str) -> Decimal:
    amount = as_decimal(value, what)
    if amount < 0:
        raise AllocationInputError(f"{what} is negative ({amount})")
    return amount


def base_from_total(total: object, schedule: TrancheSchedule, unit: Decimal = CENT) -> Decimal:
    """The yearly base of a multi-year total: ``total / sum(weights)``, rounded half up to the unit.

    2,800,000 over 0.9/0.9/1.0 → 1,000,000.00. When the division is not exact in the unit, the
    base is rounded; :func:`allocate_total` still splits the total itself exactly.
    """
    amount = _check_amount(total, "the total")
    check_unit(unit)
    units = round_half_up(to_units(Fraction(amount) / Fraction(schedule.total_weight), unit))
    return from_units(units, unit)


def _split_year(
    units: int, shares: Mapping[str, Fraction], populations: Mapping[str, int]
) -> dict[str, int]:
    return largest_remainder(units, shares, tie_key=lambda ats: (-populations[ats], ats))


def _compute(
    *,
    year_units: dict[int, int],
    base_units: int,
    populations: PopulationTable,
    formula: Formula,
    schedule: TrancheSchedule,
    unit: Decimal,
    guideline_id: str,
    require_all_ats: bool,
    extra: tuple[tuple[str, str], ...],
) -> AllocationResult:
    if require_all_ats:
        populations.require_complete()
    people = populations.as_dict()
    shares = formula.shares(people)
    base_parts = _split_year(base_units, shares, people)
    common: tuple[tuple[str, str], ...] = (
        *formula.parameters(),
        ("schedule", str(schedule)),
        ("unit", plain(unit)),
        ("rounding", "largest-remainder"),
        ("tie_break", TIE_BREAK),
        ("base_total", plain(from_units(base_units, unit))),
        *extra,
        ("population_total", str(populations.total)),
    )
    if populations.as_of is not None:
        common += (("population_as_of", populations.as_of.isoformat()),)
    if populations.source is not None:
        common += (("population_source", populations.source),)
    by_year = {year: _split_year(units, shares, people) for year, units in year_units.items()}
    order = region_order()
    records: list[Allocation] = []
    for ats_id in sorted(people, key=order.__getitem__):
        for year, weight in schedule.items():
            records.append(
                Allocation(
                    allocation_id=allocation_id(guideline_id, ats_id, year),
                    ats_id=ats_id,
                    guideline_id=guideline_id,
                    year=year,
                    amount_eur=from_units(by_year[year][ats_id], unit),
                    basis=AllocationBasis.COMPUTED,
                    formula=formula.name,
                    parameters=(
                        *common,
                        ("tranche_weight", plain(weight)),
                        ("year_total", plain(from_units(year_units[year], unit))),
                        ("population", str(people[ats_id])),
                    ),
                )
            )
    return AllocationResult(
        allocations=tuple(records),
        base_total=from_units(base_units, unit),
        bases=tuple(
            (ats_id, from_units(base_parts[ats_id], unit))
            for ats_id in sorted(people, key=order.__getitem__)
        ),
        year_totals=tuple((y, from_units(u, unit)) for y, u in year_units.items()),
        schedule=schedule,
        unit=unit,
        formula=formula.name,
        populations=populations,
    )


def allocate(
    base_total: object,
    populations: PopulationTable | Mapping[str, int],
    formula: Formula,
    schedule: TrancheSchedule,
    unit: Decimal = CENT,
    *,
    guideline_id: str = CURRENT_GUIDELINE_ID,
    require_all_ats: bool = True,
) -> AllocationResult:
    """Split a yearly base among the ATS, for every year of the schedule.

    Year ``y`` splits ``weight[y] × base_total`` (rounded half up to ``unit``) by the formula
    (:class:`PopulationProportional` or :class:`EqualPlusPopulation`). The schedule has no
    default: the tranches differ between sources, so no default would be right. With
    ``require_all_ats`` (the default) the population must cover all eight ATS.
    """
    base = _check_amount(base_total, "the base total")
    check_unit(unit)
    table = _population_table(populations)
    year_units = {
        year: round_half_up(to_units(Fraction(weight) * Fraction(base), unit))
        for year, weight in schedule.items()
    }
    return _compute(
        year_units=year_units,
        base_units=round_half_up(to_units(base, unit)),
        populations=table,
        formula=formula,
        schedule=schedule,
        unit=unit,
        guideline_id=guideline_id,
        require_all_ats=require_all_ats,
        extra=(),
    )


def allocate_total(
    total: object,
    populations: PopulationTable | Mapping[str, int],
    formula: Formula,
    schedule: TrancheSchedule,
    unit: Decimal = CENT,
    *,
    guideline_id: str = CURRENT_GUIDELINE_ID,
    require_all_ats: bool = True,
) -> AllocationResult:
    """Split a multi-year total among the years (by the schedule's weights), then among the ATS.

    Every amount of the result adds up to ``total`` exactly, which must therefore be a whole
    number of units (2,800,000.00 in cents or euros; 2,800,000.50 only in cents).
    """
    amount = _check_amount(total, "the total")
    check_unit(unit)
    exact_units = to_units(amount, unit)
    if exact_units.denominator != 1:
        raise AllocationInputError(
            f"the total {plain(amount)} is not a whole number of units of {plain(unit)} EUR; "
            "round it or choose a finer unit"
        )
    total_weight = Fraction(schedule.total_weight)
    year_units = largest_remainder(
        exact_units.numerator,
        {year: Fraction(weight) / total_weight for year, weight in schedule.items()},
        tie_key=lambda year: (-schedule.weight(year), year),
    )
    base = base_from_total(amount, schedule, unit)
    return _compute(
        year_units=dict(sorted(year_units.items())),
        base_units=round_half_up(to_units(base, unit)),
        populations=_population_table(populations),
        formula=formula,
        schedule=schedule,
        unit=unit,
        guideline_id=guideline_id,
        require_all_ats=require_all_ats,
        extra=(("multi_year_total", plain(from_units(exact_units.numerator, unit))),),
    )
