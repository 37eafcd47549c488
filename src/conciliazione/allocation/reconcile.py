"""Reconciliation: computed allocations against published ones, every difference a finding.

Two comparisons:

- :func:`reconcile` matches computed :class:`~conciliazione.model.Allocation` records with the
  published ones (those the ATS plugins read from their pages) by ATS and year;
- :func:`reconcile_schedule` checks one ATS's published yearly amounts against ``weight × base``
  for a given base and schedule, which needs no population at all: ATS Pavia's 48.834,00,
  48.834,00 and 54.260,00 are consistent with a base of 54.260,00 and 0.9/0.9/1.0.

A :class:`Tolerance` accepts published figures that were rounded (to the euro, to the thousand):
a difference within it is reported as information, not as a warning. The result keeps every
comparison as data (amounts, absolute and relative difference) beside the findings.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import attrs

from conciliazione.allocation._decimal import as_decimal
from conciliazione.allocation.errors import AllocationInputError
from conciliazione.allocation.finding_types import (
    ALLOCATION_DIFFERS,
    ALLOCATION_MISSING_COMPUTED,
    ALLOCATION_MISSING_PUBLISHED,
    ALLOCATION_ROUNDING_DIFFERENCE,
)
from conciliazione.allocation.rounding import CENT, check_unit, from_units, round_half_up, to_units
from conciliazione.allocation.schedule import TrancheSchedule
from conciliazione.findings import Finding, FindingType, Report
from conciliazione.model import Allocation, AllocationBasis

_RELATIVE_PLACES = Decimal("0.000001")


def _non_negative(value: object, what: str) -> Decimal:
    result = as_decimal(value, what)
    if result < 0:
        raise AllocationInputError(f"{what} is negative ({result})")
    return result


def _absolute(value: object) -> Decimal:
    return _non_negative(value, "the absolute tolerance")


def _relative(value: object) -> Decimal:
    return _non_negative(value, "the relative tolerance")


@attrs.frozen
class Tolerance:
    """How far a published figure may be from the computed one and still count as equal.

    A difference is tolerated when it is within ``absolute`` euro **or** within ``relative``
    (a fraction: ``0.001`` is 0.1%) of the computed amount. The default tolerates nothing.
    """

    absolute: Decimal = attrs.field(default=Decimal(0), converter=_absolute)
    relative: Decimal = attrs.field(default=Decimal(0), converter=_relative)

    def allows(self, difference: Decimal, reference: Decimal) -> bool:
        size = abs(difference)
        return size <= self.absolute or size <= self.relative * abs(reference)

    def at_least(self, absolute: Decimal) -> Tolerance:
        """This tolerance, widened to ``absolute`` euro if it is narrower (a source's rounding)."""
        return self if absolute <= self.absolute else Tolerance(absolute, self.relative)


class ComparisonStatus(enum.StrEnum):
    EQUAL = "equal"
    WITHIN_TOLERANCE = "within-tolerance"
    DIFFERENT = "different"
    MISSING_PUBLISHED = "missing-published"
    MISSING_COMPUTED = "missing-computed"


@attrs.frozen
class Comparison:
    """One ATS and year: the computed and the published amount, and how they compare."""

    ats_id: str | None
    year: int
    computed: Decimal | None
    published: Decimal | None
    status: ComparisonStatus
    computed_id: str | None = None
    published_id: str | None = None
    source_id: str | None = None

    @property
    def difference(self) -> Decimal | None:
        """Published minus computed, in euro (None when one side is missing)."""
        if self.computed is None or self.published is None:
            return None
        return self.published - self.computed

    @property
    def relative_difference(self) -> Decimal | None:
        """The difference as a fraction of the computed amount, to six decimals.

        None when a side is missing or the computed amount is zero.
        """
        difference = self.difference
        if difference is None or not self.computed:
            return None
        exact = Fraction(difference) / Fraction(self.computed)
        scaled = exact / Fraction(_RELATIVE_PLACES)
        sign = -1 if scaled < 0 else 1
        return Decimal(sign * round_half_up(abs(scaled))) * _RELATIVE_PLACES

    @property
    def consistent(self) -> bool:
        return self.status in (ComparisonStatus.EQUAL, ComparisonStatus.WITHIN_TOLERANCE)

    def _where(self) -> str:
        return f"ATS {self.ats_id}, {self.year}" if self.ats_id else str(self.year)

    def _difference_text(self) -> str:
        difference = self.difference
        assert difference is not None
        relative = self.relative_difference
        percent = (
            "n/a"
            if relative is None
            else f"{(relative * 100).quantize(Decimal('0.01'), ROUND_HALF_UP):+f}%"
        )
        return f"difference {difference:+f} EUR ({percent})"

    def finding(self) -> Finding | None:
        """The finding this comparison reports, None when the amounts are equal."""
        finding_type: FindingType
        if self.status is ComparisonStatus.EQUAL:
            return None
        if self.status is ComparisonStatus.MISSING_PUBLISHED:
            finding_type = ALLOCATION_MISSING_PUBLISHED
            message = f"{self._where()}: computed {self.computed} EUR, nothing published"
            record_id = self.computed_id
        elif self.status is ComparisonStatus.MISSING_COMPUTED:
            finding_type = ALLOCATION_MISSING_COMPUTED
            message = f"{self._where()}: published {self.published} EUR, nothing computed"
            record_id = self.published_id
        else:
            finding_type = (
                ALLOCATION_DIFFERS
                if self.status is ComparisonStatus.DIFFERENT
                else ALLOCATION_ROUNDING_DIFFERENCE
            )
            message = (
                f"{self._where()}: published {self.published} EUR, computed {self.computed} EUR; "
                f"{self._difference_text()}"
            )
            record_id = self.published_id or self.computed_id
        return Finding(
            code=finding_type.code,
            severity=finding_type.severity,
            message=message,
            entity="allocation",
            entity_id=record_id,
            path="amount_eur",
            ats_id=self.ats_id,
            source_id=self.source_id,
        )


@attrs.frozen
class Reconciliation:
    """Every comparison of a reconciliation, and the findings they report."""

    comparisons: tuple[Comparison, ...]
    tolerance: Tolerance = Tolerance()

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for c in self.comparisons if (f := c.finding()) is not None)

    @property
    def consistent(self) -> bool:
        """True when every published figure matches a computed one within the tolerance."""
        return all(c.consistent for c in self.comparisons)

    @property
    def differences(self) -> tuple[Comparison, ...]:
        """The comparisons beyond the tolerance."""
        return tuple(c for c in self.comparisons if c.status is ComparisonStatus.DIFFERENT)

    def report(self) -> Report:
        return Report(list(self.findings))


def _compare(computed: Decimal, published: Decimal, tolerance: Tolerance) -> ComparisonStatus:
    if computed == published:
        return ComparisonStatus.EQUAL
    if tolerance.allows(published - computed, computed):
        return ComparisonStatus.WITHIN_TOLERANCE
    return ComparisonStatus.DIFFERENT


def reconcile(
    computed: Iterable[Allocation],
    published: Iterable[Allocation],
    tolerance: Tolerance | None = None,
    *,
    every_ats: bool = False,
) -> Reconciliation:
    """Compare computed allocations with published ones, by ATS and year.

    Only published records (basis ``published``) of the computed records' guideline (or of no
    stated guideline) take part: other programmes' allocations are not comparable. A computed
    amount without a published one is reported for the ATS that publish at least one figure, or
    for every ATS with ``every_ats``; two published figures for one ATS and year are each
    compared. A published figure the source rounded (``rounding_unit_eur``) is compared within
    at least half its unit: 43.400 "rounded to 100" equals any computed 43.350-43.450.
    """
    tolerance = tolerance or Tolerance()
    computed_list = list(computed)
    guidelines = {a.guideline_id for a in computed_list}
    by_key = {(a.ats_id, a.year): a for a in computed_list}
    published_list = [
        a
        for a in published
        if a.basis is AllocationBasis.PUBLISHED
        and (a.guideline_id is None or a.guideline_id in guidelines)
    ]
    publishing_ats = {a.ats_id for a in published_list}
    matched: set[tuple[str, int]] = set()
    comparisons: list[Comparison] = []
    for record in published_list:
        key = (record.ats_id, record.year)
        match = by_key.get(key)
        if match is None:
            comparisons.append(
                Comparison(
                    record.ats_id,
                    record.year,
                    None,
                    record.amount_eur,
                    ComparisonStatus.MISSING_COMPUTED,
                    published_id=record.allocation_id,
                    source_id=record.source_id,
                )
            )
            continue
        matched.add(key)
        comparisons.append(
            Comparison(
                record.ats_id,
                record.year,
                match.amount_eur,
                record.amount_eur,
                _compare(
                    match.amount_eur, record.amount_eur, tolerance.at_least(record.margin_eur)
                ),
                computed_id=match.allocation_id,
                published_id=record.allocation_id,
                source_id=record.source_id,
            )
        )
    for key, record in by_key.items():
        if key not in matched and (every_ats or record.ats_id in publishing_ats):
            comparisons.append(
                Comparison(
                    record.ats_id,
                    record.year,
                    record.amount_eur,
                    None,
                    ComparisonStatus.MISSING_PUBLISHED,
                    computed_id=record.allocation_id,
                )
            )
    comparisons.sort(key=lambda c: (c.ats_id or "", c.year, c.status.value))
    return Reconciliation(tuple(comparisons), tolerance)


@attrs.frozen
class PublishedYear:
    """A published amount for one year, with the record it came from (if any)."""

    amount: Decimal
    allocation_id: str | None = None
    source_id: str | None = None


def published_by_year(
    published: Mapping[int, object] | Iterable[Allocation],
) -> tuple[str | None, dict[int, PublishedYear]]:
    """One ATS's published amounts by year, from ``{year: amount}`` or allocation records.

    Records must all be of one ATS, one per year; amounts must be Decimals (or text), not floats.
    """
    if isinstance(published, Mapping):
        years: dict[int, PublishedYear] = {}
        for year, amount in published.items():
            if isinstance(year, bool) or not isinstance(year, int):
                raise AllocationInputError(f"years are integers, not {year!r}")
            years[year] = PublishedYear(_non_negative(amount, f"the amount of {year}"))
        ats_id = None
    else:
        records = list(published)
        ats_ids = {r.ats_id for r in records}
        if len(ats_ids) > 1:
            raise AllocationInputError(
                f"published amounts of several ATS ({', '.join(sorted(ats_ids))}); "
                "give one ATS at a time"
            )
        ats_id = next(iter(ats_ids), None)
        years = {}
        for record in records:
            if record.year in years:
                raise AllocationInputError(
                    f"ATS {record.ats_id} has two published amounts for {record.year}"
                )
            years[record.year] = PublishedYear(
                record.amount_eur, record.allocation_id, record.source_id
            )
    if not years:
        raise AllocationInputError("no published amounts to compare")
    return ats_id, dict(sorted(years.items()))


def expected_tranche(base: Decimal, weight: Decimal, unit: Decimal) -> Decimal:
    """``weight × base``, rounded half up to the unit, with two decimals."""
    return from_units(round_half_up(to_units(Fraction(weight) * Fraction(base), unit)), unit)


def reconcile_schedule(
    published: Mapping[int, object] | Iterable[Allocation],
    base: object,
    schedule: TrancheSchedule,
    *,
    unit: Decimal = CENT,
    tolerance: Tolerance | None = None,
    ats_id: str | None = None,
) -> Reconciliation:
    """Check one ATS's published yearly amounts against ``weight × base`` for every year.

    >>> from decimal import Decimal
    >>> pavia = {2020: Decimal("48834.00"), 2021: Decimal("48834.00"), 2022: Decimal("54260.00")}
    >>> schedule = TrancheSchedule.of([2020, 2021, 2022], ["0.9", "0.9", "1.0"])
    >>> reconcile_schedule(pavia, Decimal("54260.00"), schedule, ats_id="pavia").consistent
    True
    """
    tolerance = tolerance or Tolerance()
    check_unit(unit)
    base_amount = _non_negative(base, "the base")
    record_ats, years = published_by_year(published)
    ats = ats_id or record_ats
    comparisons: list[Comparison] = []
    for year, weight in schedule.items():
        expected = expected_tranche(base_amount, weight, unit)
        seen = years.get(year)
        if seen is None:
            comparisons.append(
                Comparison(ats, year, expected, None, ComparisonStatus.MISSING_PUBLISHED)
            )
            continue
        comparisons.append(
            Comparison(
                ats,
                year,
                expected,
                seen.amount,
                _compare(expected, seen.amount, tolerance),
                published_id=seen.allocation_id,
                source_id=seen.source_id,
            )
        )
    for year, seen in years.items():
        if year not in schedule.years:
            comparisons.append(
                Comparison(
                    ats,
                    year,
                    None,
                    seen.amount,
                    ComparisonStatus.MISSING_COMPUTED,
                    published_id=seen.allocation_id,
                    source_id=seen.source_id,
                )
            )
    comparisons.sort(key=lambda c: c.year)
    return Reconciliation(tuple(comparisons), tolerance)


__all__ = [
    "Comparison",
    "ComparisonStatus",
    "PublishedYear",
    "Reconciliation",
    "Tolerance",
    "expected_tranche",
    "published_by_year",
    "reconcile",
    "reconcile_schedule",
]
