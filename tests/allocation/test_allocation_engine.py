"""The split: base vs multi-year total, formulas, records and their provenance."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conciliazione.allocation import (
    CENT,
    EURO,
    AllocationInputError,
    EqualPlusPopulation,
    PopulationProportional,
    PopulationTable,
    TrancheSchedule,
    allocate,
    allocate_total,
    allocations_to_dataset,
    base_from_total,
    formula_from_name,
)
from conciliazione.model import Allocation, AllocationBasis
from conciliazione.validation import validate

PAVIA_SCHEDULE = TrancheSchedule.parse("2020-2022", "0.9,0.9,1.0")


def test_the_multi_year_total_is_the_base_times_the_sum_of_the_weights() -> None:
    assert PAVIA_SCHEDULE.total_weight == Decimal("2.8")
    assert base_from_total(Decimal("2800000"), PAVIA_SCHEDULE) == Decimal("1000000.00")
    assert base_from_total(Decimal("151928.00"), PAVIA_SCHEDULE) == Decimal("54260.00")


def test_each_year_splits_weight_times_base(population: dict[str, int]) -> None:
    result = allocate(Decimal("1000000"), population, PopulationProportional(), PAVIA_SCHEDULE)
    assert result.year_totals == (
        (2020, Decimal("900000.00")),
        (2021, Decimal("900000.00")),
        (2022, Decimal("1000000.00")),
    )
    for year, year_total in result.year_totals:
        assert sum(a.amount_eur for a in result.allocations if a.year == year) == year_total
    assert result.total == Decimal("2800000.00")
    assert sum(amount for _, amount in result.bases) == Decimal("1000000.00")


def test_a_total_that_divides_evenly_gives_the_same_split_as_its_base(
    population: dict[str, int],
) -> None:
    by_total = allocate_total(
        Decimal("2800000"), population, PopulationProportional(), PAVIA_SCHEDULE
    )
    by_base = allocate(Decimal("1000000"), population, PopulationProportional(), PAVIA_SCHEDULE)
    assert by_total.by_ats() == by_base.by_ats()


def test_a_total_that_does_not_divide_evenly_is_still_split_exactly(
    population: dict[str, int],
) -> None:
    # 1,000,000.01 / 2.8 is not a whole number of cents; the years and ATS still add up.
    result = allocate_total(
        Decimal("1000000.01"), population, PopulationProportional(), PAVIA_SCHEDULE
    )
    assert result.total == Decimal("1000000.01")
    assert sum(amount for _, amount in result.year_totals) == Decimal("1000000.01")


def test_a_total_finer_than_the_unit_is_refused(population: dict[str, int]) -> None:
    with pytest.raises(AllocationInputError, match="not a whole number of units"):
        allocate_total(
            Decimal("2800000.50"), population, PopulationProportional(), PAVIA_SCHEDULE, EURO
        )


def test_population_shares_on_a_hand_checked_case() -> None:
    # 100.00 EUR for populations 1:1:2 → 25, 25, 50; one year at weight 1.
    result = allocate(
        Decimal("100"),
        {"pavia": 1, "brescia": 1, "milano": 2},
        PopulationProportional(),
        TrancheSchedule.uniform([2022]),
        require_all_ats=False,
    )
    assert result.by_ats() == {
        "milano": {2022: Decimal("50.00")},
        "brescia": {2022: Decimal("25.00")},
        "pavia": {2022: Decimal("25.00")},
    }


def test_equal_plus_population_gives_thirty_percent_in_equal_parts() -> None:
    # 1000 EUR, 30% equal (150 each of 2) + 70% by population 1:3 (175, 525).
    result = allocate(
        Decimal("1000"),
        {"pavia": 1, "milano": 3},
        EqualPlusPopulation(Decimal("0.3"), Decimal("0.7")),
        TrancheSchedule.uniform([2022]),
        EURO,
        require_all_ats=False,
    )
    assert result.by_ats() == {
        "milano": {2022: Decimal("675.00")},
        "pavia": {2022: Decimal("325.00")},
    }


def test_ties_go_to_the_larger_population_then_the_smaller_ats_id() -> None:
    # 1.00 EUR among three equal populations in cents: 34, 33, 33 — "bergamo" first by id.
    result = allocate(
        Decimal("1"),
        {"pavia": 10, "bergamo": 10, "milano": 10},
        PopulationProportional(),
        TrancheSchedule.uniform([2022]),
        require_all_ats=False,
    )
    assert result.amount("bergamo", 2022) == Decimal("0.34")
    assert result.amount("milano", 2022) == Decimal("0.33")
    assert result.amount("pavia", 2022) == Decimal("0.33")


def test_records_are_computed_allocations_with_their_parameters(
    population_csv_table: PopulationTable,
) -> None:
    result = allocate_total(
        Decimal("2800000"),
        population_csv_table,
        EqualPlusPopulation("0.3", "0.7"),
        PAVIA_SCHEDULE,
    )
    record = next(a for a in result.allocations if a.ats_id == "pavia" and a.year == 2020)
    assert isinstance(record, Allocation)
    assert record.basis is AllocationBasis.COMPUTED
    assert record.guideline_id == "dgr-xi-2398-2019"
    assert record.formula == "equal-plus-population"
    assert record.allocation_id == "computed:dgr-xi-2398-2019:pavia:2020"
    parameters = dict(record.parameters)
    assert parameters["equal_weight"] == "0.3"
    assert parameters["population_weight"] == "0.7"
    assert parameters["schedule"] == "2020=0.9;2021=0.9;2022=1.0"
    assert parameters["tranche_weight"] == "0.9"
    assert parameters["unit"] == "0.01"
    assert parameters["base_total"] == "1000000.00"
    assert parameters["multi_year_total"] == "2800000.00"
    assert parameters["population_as_of"] == "2019-01-01"
    assert parameters["population_source"] == "population.csv"
    assert parameters["population"] == "540000"
    assert parameters["tie_break"] == "population-desc,ats_id-asc"


def test_the_records_pass_the_core_rules(population: dict[str, int]) -> None:
    result = allocate_total(
        Decimal("2800000"), population, PopulationProportional(), PAVIA_SCHEDULE
    )
    dataset = allocations_to_dataset(result)
    assert len(dataset.allocations) == 24
    report = validate(dataset)
    assert report.valid, [str(f) for f in report.errors]


def test_amounts_rounded_to_the_euro_have_no_cents(population: dict[str, int]) -> None:
    result = allocate(
        Decimal("1000000"), population, PopulationProportional(), PAVIA_SCHEDULE, EURO
    )
    assert all(a.amount_eur == a.amount_eur.to_integral_value() for a in result.allocations)
    assert result.total == Decimal("2800000")


def test_every_ats_is_required_unless_a_partial_split_is_asked_for() -> None:
    with pytest.raises(AllocationInputError, match=r"population of ATS milano.*missing"):
        allocate(Decimal("100"), {"pavia": 5}, PopulationProportional(), PAVIA_SCHEDULE)
    partial = allocate(
        Decimal("100"),
        {"pavia": 5},
        PopulationProportional(),
        PAVIA_SCHEDULE,
        require_all_ats=False,
    )
    assert partial.total == Decimal("280.00")


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (("0.3", "0.6"), "add up to 0.9, not 1"),
        (("-0.1", "1.1"), "negative"),
        ((0.3, 0.7), "not a float"),
    ],
)
def test_formula_weights_must_be_decimals_adding_up_to_one(
    weights: tuple[object, object], message: str
) -> None:
    with pytest.raises(AllocationInputError, match=message):
        EqualPlusPopulation(*weights)


def test_formulas_by_name() -> None:
    assert formula_from_name("population") == PopulationProportional()
    assert formula_from_name("equal-plus-population", ("0.3", "0.7")) == EqualPlusPopulation(
        Decimal("0.3"), Decimal("0.7")
    )
    with pytest.raises(AllocationInputError, match="needs two weights"):
        formula_from_name("equal-plus-population")
    with pytest.raises(AllocationInputError, match="unknown formula"):
        formula_from_name("per-capita-squared")


@pytest.mark.parametrize(
    ("years", "weights", "message"),
    [
        ("2020-2022", "0.9,0.9", "2 weight"),
        ("2022-2020", None, "ends before it starts"),
        ("2020-2021", "0.9,-1", "negative"),
        ("2020-2021", "0,0", "every tranche weight is zero"),
        ("venti", None, "cannot read years"),
        ("2020-2021", "0.9,,1", "cannot read tranche weights"),
    ],
)
def test_bad_schedules_are_refused(years: str, weights: str | None, message: str) -> None:
    with pytest.raises(AllocationInputError, match=message):
        TrancheSchedule.parse(years, weights)


def test_negative_or_float_totals_are_refused(population: dict[str, int]) -> None:
    with pytest.raises(AllocationInputError, match="negative"):
        allocate(Decimal("-1"), population, PopulationProportional(), PAVIA_SCHEDULE)
    with pytest.raises(AllocationInputError, match="float"):
        allocate(1.5, population, PopulationProportional(), PAVIA_SCHEDULE)


def test_the_rounding_unit_is_a_whole_number_of_cents(population: dict[str, int]) -> None:
    assert allocate(Decimal("1"), population, PopulationProportional(), PAVIA_SCHEDULE, CENT)
    with pytest.raises(AllocationInputError, match="unit"):
        allocate(
            Decimal("1"), population, PopulationProportional(), PAVIA_SCHEDULE, Decimal("0.005")
        )
