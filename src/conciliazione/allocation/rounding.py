"""Exact rounding: the largest-remainder (Hamilton) method and half-up rounding, in whole units.

Amounts are counted in integer *units* (cents or euros) and shares are exact fractions
(:class:`fractions.Fraction`, integers underneath), so no float and no decimal precision limit
ever touches a split. The Hamilton method gives every part the floor of its exact quota and hands
the units left over, one each, to the parts with the largest remainders: the parts then add up to
the total exactly, and no part is more than one unit away from its exact quota.

Ties between equal remainders are broken by a key the caller supplies, so the rule is explicit
where it is used (for ATS: larger population first, then ``ats_id`` ascending).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from conciliazione.allocation.errors import AllocationInputError

K = TypeVar("K", bound=Hashable)

CENT = Decimal("0.01")
"""Round to the cent: the precision of the published figures (48.834,00)."""
EURO = Decimal("1")
"""Round to the whole euro."""

UNITS: dict[str, Decimal] = {"cent": CENT, "euro": EURO}
"""Rounding units by their command-line name."""


def check_unit(unit: Decimal) -> Decimal:
    """The unit, if it is a positive whole number of cents (0.01, 1, 10...); raise otherwise.

    Amounts are stored with at most two decimals, so a unit finer than a cent would produce
    figures the ``allocation-amount-precision`` rule rejects.
    """
    if not isinstance(unit, Decimal) or not unit.is_finite() or unit <= 0:
        raise AllocationInputError(f"the rounding unit must be a positive Decimal, not {unit!r}")
    if (unit / CENT) != (unit / CENT).to_integral_value():
        raise AllocationInputError(
            f"the rounding unit {unit} is not a whole number of cents (use 0.01 or 1)"
        )
    return unit


def to_units(amount: Decimal | Fraction, unit: Decimal) -> Fraction:
    """The exact number of units in an amount (possibly fractional)."""
    return Fraction(amount) / Fraction(unit)


def round_half_up(value: Fraction) -> int:
    """The nearest integer to a non-negative fraction, halves rounded up (0.5 → 1, 2.5 → 3).

    Half up ("arrotondamento commerciale") is how Italian administrative acts round amounts.
    """
    if value < 0:
        raise AllocationInputError(f"cannot round a negative amount ({value})")
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def from_units(units: int, unit: Decimal) -> Decimal:
    """An amount in euro with exactly two decimals (``48834.00``), from a count of units."""
    return (Decimal(units) * unit).quantize(CENT)


def largest_remainder(
    total_units: int,
    shares: Mapping[K, Fraction],
    tie_key: Callable[[K], Any],
) -> dict[K, int]:
    """Split ``total_units`` among the keys of ``shares`` by the largest-remainder method.

    ``shares`` are non-negative exact fractions that add up to 1. Each key receives the floor of
    ``total_units * share``; the units left over (fewer than the number of keys) go one each to
    the keys with the largest remainders. Among equal remainders, the key with the smaller
    ``tie_key(key)`` goes first. The result adds up to ``total_units`` exactly and does not
    depend on the order of ``shares``.
    """
    if total_units < 0:
        raise AllocationInputError(f"cannot split a negative total ({total_units} units)")
    if not shares:
        raise AllocationInputError("nothing to split the total among")
    if any(share < 0 for share in shares.values()):
        raise AllocationInputError("a share is negative")
    if sum(shares.values(), Fraction(0)) != 1:
        raise AllocationInputError("the shares do not add up to 1")
    quotas = {key: total_units * share for key, share in shares.items()}
    parts = {key: quota.numerator // quota.denominator for key, quota in quotas.items()}
    left = total_units - sum(parts.values())
    ranked = sorted(quotas, key=lambda key: (-(quotas[key] - parts[key]), tie_key(key)))
    for key in ranked[:left]:
        parts[key] += 1
    return parts
