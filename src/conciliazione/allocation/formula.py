"""Formulas of a split: what share of a year's total each ATS receives.

The Region splits the programme's budget "in base alla popolazione residente"
(:class:`PopulationProportional`); a later initiative (D.G.R. 5755/2021, company welfare) split
30% in equal parts and 70% by population (:class:`EqualPlusPopulation`). A formula only says
*shares*, as exact fractions adding up to one; turning shares into euro is the rounding's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

import attrs

from conciliazione.allocation._decimal import as_decimal, plain
from conciliazione.allocation.errors import AllocationInputError


class Formula(Protocol):
    """What the engine needs of a formula: a name, its parameters, and the shares."""

    @property
    def name(self) -> str:
        """The formula's stable name, stored in :attr:`Allocation.formula`."""
        ...

    def parameters(self) -> tuple[tuple[str, str], ...]:
        """The formula's parameters as (name, value) text pairs, for provenance."""
        ...

    def shares(self, populations: Mapping[str, int]) -> dict[str, Fraction]:
        """Each ATS's exact share of a total, from its resident population; they add up to 1."""
        ...


def _population_shares(populations: Mapping[str, int]) -> dict[str, Fraction]:
    total = sum(populations.values())
    if not populations:
        raise AllocationInputError("no ATS to split the total among")
    if total <= 0:
        raise AllocationInputError("the total resident population is zero")
    return {ats_id: Fraction(people, total) for ats_id, people in populations.items()}


@attrs.frozen
class PopulationProportional:
    """Each ATS's share is its resident population over the total population."""

    @property
    def name(self) -> str:
        return "population"

    def parameters(self) -> tuple[tuple[str, str], ...]:
        return ()

    def shares(self, populations: Mapping[str, int]) -> dict[str, Fraction]:
        return _population_shares(populations)


def _equal_weight(value: object) -> Decimal:
    return as_decimal(value, "the equal weight")


def _population_weight(value: object) -> Decimal:
    return as_decimal(value, "the population weight")


@attrs.frozen
class EqualPlusPopulation:
    """``equal_weight`` of the total in equal parts, ``population_weight`` by population.

    The weights are Decimals (or decimal text) that must add up to exactly 1, e.g. 0.3 and 0.7.
    """

    equal_weight: Decimal = attrs.field(converter=_equal_weight)
    population_weight: Decimal = attrs.field(converter=_population_weight)

    def __attrs_post_init__(self) -> None:
        for label, weight in (
            ("equal", self.equal_weight),
            ("population", self.population_weight),
        ):
            if weight < 0:
                raise AllocationInputError(f"the {label} weight is negative ({weight})")
        if self.equal_weight + self.population_weight != 1:
            raise AllocationInputError(
                f"the weights {plain(self.equal_weight)} and {plain(self.population_weight)} "
                f"add up to {plain(self.equal_weight + self.population_weight)}, not 1"
            )

    @property
    def name(self) -> str:
        return "equal-plus-population"

    def parameters(self) -> tuple[tuple[str, str], ...]:
        return (
            ("equal_weight", plain(self.equal_weight)),
            ("population_weight", plain(self.population_weight)),
        )

    def shares(self, populations: Mapping[str, int]) -> dict[str, Fraction]:
        if not populations:
            raise AllocationInputError("no ATS to split the total among")
        equal = Fraction(self.equal_weight) / len(populations)
        by_population = Fraction(self.population_weight)
        if by_population == 0:
            return dict.fromkeys(populations, equal)
        population = _population_shares(populations)
        return {ats_id: equal + by_population * population[ats_id] for ats_id in populations}


FORMULA_NAMES = ("population", "equal-plus-population")
"""The formulas' names, as the command line accepts them."""


def formula_from_name(name: str, weights: tuple[object, ...] | None = None) -> Formula:
    """The formula called ``name``; ``weights`` (equal, population) for equal-plus-population."""
    if name == "population":
        if weights is not None:
            raise AllocationInputError("the population formula takes no weights")
        return PopulationProportional()
    if name == "equal-plus-population":
        if weights is None:
            raise AllocationInputError(
                "the equal-plus-population formula needs two weights (equal, population), "
                "e.g. 0.3,0.7"
            )
        if len(weights) != 2:
            raise AllocationInputError(
                f"the equal-plus-population formula needs two weights, not {len(weights)}"
            )
        return EqualPlusPopulation(weights[0], weights[1])
    raise AllocationInputError(
        f"unknown formula {name!r}; the formulas are: {', '.join(FORMULA_NAMES)}"
    )
