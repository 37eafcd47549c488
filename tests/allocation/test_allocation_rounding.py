"""The largest-remainder method and half-up rounding, on small cases worked by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from conciliazione.allocation import AllocationInputError, largest_remainder
from conciliazione.allocation.rounding import check_unit, from_units, round_half_up


def by_name(key: str) -> str:
    return key


def test_the_parts_add_up_and_the_leftover_goes_to_the_largest_remainders() -> None:
    # 10 units in thirds: quotas 3.33…, floors 3+3+3, one unit left for the tie-break winner.
    thirds = {"a": Fraction(1, 3), "b": Fraction(1, 3), "c": Fraction(1, 3)}
    assert largest_remainder(10, thirds, tie_key=by_name) == {"a": 4, "b": 3, "c": 3}


def test_remainders_decide_before_the_tie_key() -> None:
    # quotas 4.5, 3.3, 2.2 → floors 4, 3, 2 and one unit left: "a" has the largest remainder.
    shares = {"a": Fraction(45, 100), "b": Fraction(33, 100), "c": Fraction(22, 100)}
    assert largest_remainder(10, shares, tie_key=lambda k: {"a": 2, "b": 1, "c": 0}[k]) == {
        "a": 5,
        "b": 3,
        "c": 2,
    }


def test_the_tie_key_breaks_equal_remainders() -> None:
    halves = {"x": Fraction(1, 2), "y": Fraction(1, 2)}
    assert largest_remainder(3, halves, tie_key=lambda k: 0 if k == "y" else 1) == {"x": 1, "y": 2}


def test_shares_that_do_not_add_up_to_one_are_a_bug_in_the_caller() -> None:
    with pytest.raises(AllocationInputError, match="add up to 1"):
        largest_remainder(10, {"a": Fraction(1, 2)}, tie_key=by_name)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Fraction(5, 2), 3), (Fraction(3, 2), 2), (Fraction(249, 100), 2), (Fraction(0), 0)],
)
def test_half_up_rounds_halves_away_from_zero(value: Fraction, expected: int) -> None:
    assert round_half_up(value) == expected


def test_amounts_come_back_with_two_decimals() -> None:
    assert str(from_units(4883400, Decimal("0.01"))) == "48834.00"
    assert str(from_units(48834, Decimal("1"))) == "48834.00"


@pytest.mark.parametrize("unit", [Decimal("0.001"), Decimal("0"), Decimal("-1"), Decimal("NaN")])
def test_a_unit_finer_than_a_cent_or_not_positive_is_refused(unit: Decimal) -> None:
    with pytest.raises(AllocationInputError, match="unit"):
        check_unit(unit)
