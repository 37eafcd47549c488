"""One fact, several sources: comparing the figures two sources state, within their precision.

The Region's release and ATS Pavia's page both state Pavia's funds under D.G.R. XI/2398/2019:
43.400 / 54.200 / 54.200 (rounded to hundreds of euro) and 48.834,00 / 48.834,00 / 54.260,00
(to the cent). Both stay in the dataset, one row each, and are compared here:

- per year: the same ATS, act and year from two sources (:func:`compare_years`);
- per act total: the sum over the years both sources state (:func:`compare_act_totals`);
- against a total the source itself states (2.8 M over 2020-2022; "84mila" for ATS della
  Montagna; 1 M for 2019) (:func:`check_published_totals`).

"Agree" means: within the precision of the figures compared. A figure rounded to ``u`` may be
off by ``u / 2``, so a sum of ``n`` such figures by ``n × u / 2``; two figures (or sums) agree
when they differ by no more than the margins of both sides added. For Pavia: 48.834,00 and
43.400 differ by 5.434,00, far beyond 50 — the yearly tranches disagree; 151.928,00 and 151.800
differ by 128, within 3 × 50 — the three-year total agrees. The library does not pick one
figure: every comparison keeps both values and both sources, and the rules in
:mod:`conciliazione.rules.figures` report the disagreements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import combinations

import attrs

from conciliazione.model import Allocation, AllocationBasis, PublishedTotal


@attrs.frozen
class Side:
    """What one source states: an amount (one year, or a sum of years) and its margin."""

    source_id: str | None
    amount: Decimal
    margin: Decimal
    """How far the true figure may be from ``amount``: half a rounding unit per rounded term."""
    allocations: tuple[Allocation, ...]

    @property
    def rounding_text(self) -> str:
        units = {a.rounding_unit_eur for a in self.allocations if a.rounding_unit_eur}
        return f" (rounded to {', '.join(str(u) for u in sorted(units))})" if units else ""


@attrs.frozen
class FigureComparison:
    """Two sources' figures for one ATS and act over some years, and whether they agree.

    ``first`` is the core's publication when one takes part (else the smaller source id),
    ``second`` the other source: an ATS's page, when there is one.
    """

    ats_id: str
    act_id: str
    years: tuple[int, ...]
    first: Side
    second: Side

    @property
    def difference(self) -> Decimal:
        """The second source's figure minus the first's, in euro."""
        return self.second.amount - self.first.amount

    @property
    def margin(self) -> Decimal:
        """The difference rounding alone can explain: both sides' margins added."""
        return self.first.margin + self.second.margin

    @property
    def agree(self) -> bool:
        return abs(self.difference) <= self.margin

    @property
    def years_text(self) -> str:
        return str(self.years[0]) if len(self.years) == 1 else f"{self.years[0]}-{self.years[-1]}"

    def describe(self) -> str:
        """Both values, both sources, the difference and what rounding allows."""
        verdict = "within" if self.agree else "beyond"
        return (
            f"{self.first.source_id} states {self.first.amount} EUR{self.first.rounding_text}, "
            f"{self.second.source_id} states {self.second.amount} EUR"
            f"{self.second.rounding_text}; difference {self.difference:+} EUR, {verdict} the "
            f"{self.margin} EUR rounding allows"
        )


def _act_key(allocation: Allocation) -> str | None:
    return allocation.act_id or allocation.guideline_id


def _by_fact(
    allocations: Iterable[Allocation],
) -> dict[tuple[str, str], dict[str | None, dict[int, Allocation]]]:
    """Published allocations by (ATS, act), then by source, then by year."""
    grouped: dict[tuple[str, str], dict[str | None, dict[int, Allocation]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for allocation in allocations:
        act = _act_key(allocation)
        if allocation.basis is not AllocationBasis.PUBLISHED or act is None:
            continue
        grouped[(allocation.ats_id, act)][allocation.source_id].setdefault(
            allocation.year, allocation
        )
    return grouped


def _side(source_id: str | None, records: Sequence[Allocation]) -> Side:
    return Side(
        source_id,
        sum((a.amount_eur for a in records), Decimal(0)),
        sum((a.margin_eur for a in records), Decimal(0)),
        tuple(records),
    )


_BySource = tuple[str | None, dict[int, Allocation]]

CORE_SOURCE_PREFIX = "core:"
"""The source ids of the core's data files and of the publications they cite."""


def _source_order(item: _BySource) -> tuple[bool, str]:
    """The core's sources first, then the others by id: a comparison's second side — the
    record its finding is about — is then an ATS's page whenever one takes part."""
    source_id = item[0] or ""
    return (not source_id.startswith(CORE_SOURCE_PREFIX), source_id)


def _pairs(allocations: Iterable[Allocation]) -> Iterable[tuple[str, str, _BySource, _BySource]]:
    for (ats_id, act), by_source in sorted(_by_fact(allocations).items()):
        ordered = sorted(by_source.items(), key=_source_order)
        for first, second in combinations(ordered, 2):
            yield ats_id, act, first, second


def compare_years(allocations: Iterable[Allocation]) -> list[FigureComparison]:
    """Every year two sources both state for one ATS and act, compared."""
    comparisons: list[FigureComparison] = []
    for ats_id, act, (first_id, first), (second_id, second) in _pairs(allocations):
        for year in sorted(set(first) & set(second)):
            comparisons.append(
                FigureComparison(
                    ats_id,
                    act,
                    (year,),
                    _side(first_id, [first[year]]),
                    _side(second_id, [second[year]]),
                )
            )
    return comparisons


def compare_act_totals(allocations: Iterable[Allocation]) -> list[FigureComparison]:
    """For one ATS and act, the two sources' sums over the years both state (two or more)."""
    comparisons: list[FigureComparison] = []
    for ats_id, act, (first_id, first), (second_id, second) in _pairs(allocations):
        years = tuple(sorted(set(first) & set(second)))
        if len(years) < 2:
            continue  # one common year is compare_years's
        comparisons.append(
            FigureComparison(
                ats_id,
                act,
                years,
                _side(first_id, [first[y] for y in years]),
                _side(second_id, [second[y] for y in years]),
            )
        )
    return comparisons


@attrs.frozen
class TotalCheck:
    """A source's yearly figures summed and set against the total the same source states."""

    total: PublishedTotal
    summed: Side
    expected_rows: int

    @property
    def complete(self) -> bool:
        """Whether every ATS and year the total covers has a figure (else nothing is checked)."""
        return len(self.summed.allocations) == self.expected_rows

    @property
    def difference(self) -> Decimal:
        return self.summed.amount - self.total.amount_eur

    @property
    def margin(self) -> Decimal:
        return self.summed.margin + self.total.margin_eur

    @property
    def agree(self) -> bool:
        return abs(self.difference) <= self.margin

    def describe(self) -> str:
        who = f"ATS {self.total.ats_id}" if self.total.ats_id else "every ATS"
        years = self.total.years
        span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
        stated = f" ({self.total.amount_text!r})" if self.total.amount_text else ""
        verdict = "within" if self.agree else "beyond"
        return (
            f"{self.total.source_id}: the figures for {who}, {span} sum to {self.summed.amount} "
            f"EUR; the total it states, {self.total.stated_as}, is {self.total.amount_eur} EUR"
            f"{stated}; difference {self.difference:+} EUR, {verdict} the {self.margin} EUR "
            "rounding allows"
        )


def check_published_totals(
    allocations: Iterable[Allocation],
    totals: Iterable[PublishedTotal],
    ats_ids: Iterable[str],
) -> list[TotalCheck]:
    """Each published total against the sum of the same source's figures for its ATS and years.

    ``ats_ids`` are the ATS a total over every ATS covers (the eight).
    """
    records = [a for a in allocations if a.basis is AllocationBasis.PUBLISHED]
    every_ats = frozenset(ats_ids)
    checks: list[TotalCheck] = []
    for total in totals:
        covered = every_ats if total.ats_id is None else frozenset({total.ats_id})
        rows = [
            a
            for a in records
            if a.source_id == total.source_id
            and _act_key(a) == total.act_id
            and a.ats_id in covered
            and a.year in total.years
        ]
        checks.append(
            TotalCheck(total, _side(total.source_id, rows), len(covered) * len(total.years))
        )
    return checks


__all__ = [
    "FigureComparison",
    "Side",
    "TotalCheck",
    "check_published_totals",
    "compare_act_totals",
    "compare_years",
]
