"""Properties of the split over generated inputs (Hypothesis).

Populations, totals, schedules and formulas are generated; the properties hold for each:
the parts add up exactly (per year and overall), no part is negative, a larger population never
gets less, equal populations differ by at most one rounding unit, every part is within one unit
of its exact quota, and the order of the input does not matter.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import combinations
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from conciliazione.allocation import (
    CENT,
    EURO,
    AllocationResult,
    EqualPlusPopulation,
    Formula,
    PopulationProportional,
    TrancheSchedule,
    allocate,
    allocate_total,
)
from conciliazione.allocation.rounding import round_half_up
from conciliazione.regional import ats_ids

ATS_IDS = sorted(ats_ids())

PROPERTY = settings(deadline=None, max_examples=150)

populations_st = st.dictionaries(
    st.sampled_from(ATS_IDS),
    # small values collide often, so equal populations and ties are well exercised
    st.one_of(st.integers(1, 20), st.integers(1, 10_000_000)),
    min_size=1,
)
cents_st = st.integers(0, 10**11).map(lambda n: Decimal(n) * CENT)
units_st = st.sampled_from([CENT, EURO])


@st.composite
def schedules(draw: st.DrawFn) -> TrancheSchedule:
    start = draw(st.integers(2015, 2025))
    weights = draw(st.lists(st.integers(0, 100), min_size=1, max_size=4))
    if not any(weights):
        weights[0] = 100
    return TrancheSchedule.of(
        range(start, start + len(weights)), [Decimal(w) / 100 for w in weights]
    )


formulas_st: st.SearchStrategy[Formula] = st.one_of(
    st.just(PopulationProportional()),
    # the ends (all equal, all by population) and D.G.R. 5755/2021's 30/70 come up often
    st.one_of(st.sampled_from([0, 30, 100]), st.integers(0, 100)).map(
        lambda k: EqualPlusPopulation(Decimal(k) / 100, Decimal(100 - k) / 100)
    ),
)


def split_base(
    base: Decimal,
    populations: dict[str, int],
    formula: Formula,
    schedule: TrancheSchedule,
    unit: Decimal,
) -> AllocationResult:
    return allocate(base, populations, formula, schedule, unit, require_all_ats=False)


def year_parts(result: AllocationResult, year: int) -> dict[str, Decimal]:
    return {a.ats_id: a.amount_eur for a in result.allocations if a.year == year}


@PROPERTY
@given(populations_st, cents_st, formulas_st, schedules(), st.just(CENT))
def test_each_year_adds_up_to_weight_times_base(
    populations: dict[str, int],
    base: Decimal,
    formula: Formula,
    schedule: TrancheSchedule,
    unit: Decimal,
) -> None:
    result = split_base(base, populations, formula, schedule, unit)
    for year, weight in schedule.items():
        expected = Decimal(round_half_up(Fraction(weight) * Fraction(base) / Fraction(unit))) * unit
        assert sum(year_parts(result, year).values()) == expected
        assert result.year_total(year) == expected
    assert result.total == sum(amount for _, amount in result.year_totals)


@PROPERTY
@given(populations_st, st.integers(0, 10**9), formulas_st, schedules(), units_st)
def test_a_multi_year_total_is_split_exactly(
    populations: dict[str, int],
    whole_units: int,
    formula: Formula,
    schedule: TrancheSchedule,
    unit: Decimal,
) -> None:
    total = whole_units * unit
    result = allocate_total(total, populations, formula, schedule, unit, require_all_ats=False)
    assert result.total == total
    for year in schedule.years:
        assert sum(year_parts(result, year).values()) == result.year_total(year)
    assert all(a.amount_eur % unit == 0 for a in result.allocations)


@PROPERTY
@given(populations_st, cents_st, formulas_st, schedules(), units_st)
def test_no_part_is_negative_and_each_is_within_one_unit_of_its_quota(
    populations: dict[str, int],
    base: Decimal,
    formula: Formula,
    schedule: TrancheSchedule,
    unit: Decimal,
) -> None:
    result = split_base(base, populations, formula, schedule, unit)
    shares = formula.shares(populations)
    for year in schedule.years:
        year_total = Fraction(result.year_total(year))
        for ats_id, amount in year_parts(result, year).items():
            assert amount >= 0
            assert abs(Fraction(amount) - year_total * shares[ats_id]) < Fraction(unit)


@PROPERTY
@given(populations_st, cents_st, formulas_st, schedules(), units_st)
def test_a_larger_population_never_gets_less(
    populations: dict[str, int],
    base: Decimal,
    formula: Formula,
    schedule: TrancheSchedule,
    unit: Decimal,
) -> None:
    result = split_base(base, populations, formula, schedule, unit)
    for year in schedule.years:
        parts = year_parts(result, year)
        for a, b in combinations(parts, 2):
            if populations[a] > populations[b]:
                assert parts[a] >= parts[b]
            elif populations[a] < populations[b]:
                assert parts[a] <= parts[b]


@PROPERTY
@given(
    st.lists(st.sampled_from(ATS_IDS), min_size=2, unique=True),
    st.integers(1, 10_000_000),
    cents_st,
    formulas_st,
    schedules(),
    units_st,
)
def test_equal_populations_get_equal_parts_within_one_unit(
    equal_ids: list[str],
    people: int,
    base: Decimal,
    formula: Formula,
    schedule: TrancheSchedule,
    unit: Decimal,
) -> None:
    populations = dict.fromkeys(equal_ids, people)
    others = [a for a in ATS_IDS if a not in populations]
    populations.update({a: people * 2 + i for i, a in enumerate(others)})
    result = split_base(base, populations, formula, schedule, unit)
    for year in schedule.years:
        parts = year_parts(result, year)
        amounts = [parts[a] for a in equal_ids]
        assert max(amounts) - min(amounts) <= unit


@PROPERTY
@given(populations_st, cents_st, formulas_st, schedules(), units_st, st.randoms())
def test_the_result_does_not_depend_on_input_order(
    populations: dict[str, int],
    base: Decimal,
    formula: Formula,
    schedule: TrancheSchedule,
    unit: Decimal,
    random: Random,
) -> None:
    items = list(populations.items())
    random.shuffle(items)
    first = split_base(base, populations, formula, schedule, unit)
    second = split_base(base, dict(items), formula, schedule, unit)
    assert first.allocations == second.allocations
    assert first.bases == second.bases


@PROPERTY
@given(st.lists(st.integers(1, 10_000_000), min_size=8, max_size=8), st.integers(0, 10**9))
def test_a_complete_table_of_eight_ats_also_adds_up(people: list[int], whole_euros: int) -> None:
    populations = dict(zip(ATS_IDS, people, strict=True))
    schedule = TrancheSchedule.parse("2020-2022", "0.9,0.9,1.0")
    total = Decimal(whole_euros)
    result = allocate_total(total, populations, PopulationProportional(), schedule)
    assert result.total == total
    assert len(result.allocations) == 24
