"""The yearly tranche schedule: how much of an ATS's base each year ("annualità") receives.

The Region pays each ATS its base in yearly tranches that need not be equal: ATS Pavia received
90%, 90% and 100% of its base over 2020-2022, while the regional press table implies 80%, 100%,
100%. The schedule is therefore always an input, never a constant: a weight per year, where a
weight of 1 is the full yearly base.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from conciliazione.allocation._decimal import as_decimal, plain
from conciliazione.allocation.errors import AllocationInputError


@attrs.frozen
class TrancheSchedule:
    """Years and their tranche weights, in year order (e.g. 2020-2022 → 0.9, 0.9, 1.0)."""

    years: tuple[int, ...]
    weights: tuple[Decimal, ...]

    def __attrs_post_init__(self) -> None:
        if not self.years:
            raise AllocationInputError("the schedule has no years")
        if len(self.years) != len(self.weights):
            raise AllocationInputError(
                f"the schedule has {len(self.weights)} weight(s) for {len(self.years)} year(s) "
                f"({_years_text(self.years)})"
            )
        if any(isinstance(y, bool) or not isinstance(y, int) for y in self.years):
            raise AllocationInputError(f"schedule years must be integers: {self.years!r}")
        if len(set(self.years)) != len(self.years):
            raise AllocationInputError(f"a year appears twice in the schedule: {self.years}")
        if list(self.years) != sorted(self.years):
            raise AllocationInputError(f"schedule years must be in order: {self.years}")
        for year, weight in zip(self.years, self.weights, strict=True):
            if not isinstance(weight, Decimal) or not weight.is_finite():
                raise AllocationInputError(
                    f"the tranche weight of {year} must be a finite Decimal, not {weight!r}"
                )
            if weight < 0:
                raise AllocationInputError(f"the tranche weight of {year} is negative ({weight})")
        if self.total_weight == 0:
            raise AllocationInputError("every tranche weight is zero")

    @classmethod
    def of(cls, years: Iterable[int], weights: Iterable[object]) -> TrancheSchedule:
        """A schedule from years and weights (Decimals, ints or decimal text, not floats)."""
        return cls(tuple(years), tuple(as_decimal(w, "a tranche weight") for w in weights))

    @classmethod
    def uniform(cls, years: Iterable[int]) -> TrancheSchedule:
        """The full base every year (weight 1)."""
        year_list = tuple(years)
        return cls(year_list, (Decimal(1),) * len(year_list))

    @classmethod
    def from_mapping(cls, weights: Mapping[int, object]) -> TrancheSchedule:
        """A schedule from ``{year: weight}``."""
        years = sorted(weights)
        return cls.of(years, (weights[y] for y in years))

    @classmethod
    def parse(cls, years: str, weights: str | None = None) -> TrancheSchedule:
        """From command-line text: ``"2020-2022"`` and ``"0.9,0.9,1.0"`` (default: all 1)."""
        year_list = parse_years(years)
        if weights is None:
            return cls.uniform(year_list)
        return cls.of(year_list, parse_decimal_list(weights, "tranche weight"))

    @property
    def total_weight(self) -> Decimal:
        """The sum of the weights: multi-year total = yearly base × this (2.8 for 0.9/0.9/1.0)."""
        return sum(self.weights, Decimal(0))

    def items(self) -> list[tuple[int, Decimal]]:
        return list(zip(self.years, self.weights, strict=True))

    def weight(self, year: int) -> Decimal:
        try:
            return self.weights[self.years.index(year)]
        except ValueError:
            raise AllocationInputError(f"{year} is not a year of the schedule") from None

    def __str__(self) -> str:
        """``2020=0.9;2021=0.9;2022=1.0``: the form stored in allocation parameters."""
        return ";".join(f"{y}={plain(w)}" for y, w in self.items())


def _years_text(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in years)


MAX_YEARS = 50
"""A guard against typos like 2020-20222: no schedule spans more years than this."""


def parse_years(text: str) -> list[int]:
    """Years from ``"2020-2022"`` (a range, both ends included), ``"2020,2021"`` or ``"2020"``."""
    cleaned = text.strip()
    is_range = "-" in cleaned and "," not in cleaned
    parts = cleaned.partition("-")[::2] if is_range else tuple(cleaned.split(","))
    try:
        numbers = [int(part) for part in parts]
    except ValueError:
        raise AllocationInputError(
            f"cannot read years from {text!r} (write 2020-2022 or 2020,2021,2022)"
        ) from None
    if not is_range:
        return numbers
    start, end = numbers
    if end < start:
        raise AllocationInputError(f"the year range {text!r} ends before it starts")
    if end - start >= MAX_YEARS:
        raise AllocationInputError(f"the year range {text!r} spans more than {MAX_YEARS} years")
    return list(range(start, end + 1))


def parse_decimal_list(text: str, what: str) -> list[Decimal]:
    """Decimals from comma-separated plain text (``"0.3,0.7"``)."""
    parts = [p.strip() for p in text.split(",")]
    if not text.strip() or any(not p for p in parts):
        raise AllocationInputError(f"cannot read {what}s from {text!r} (write e.g. 0.9,0.9,1.0)")
    return [as_decimal(p, what) for p in parts]
