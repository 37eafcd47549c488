"""Reading exact decimals from Python values and text, refusing floats."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from conciliazione.allocation.errors import AllocationInputError


def as_decimal(value: object, what: str) -> Decimal:
    """A finite `Decimal` from a Decimal, an int or plain decimal text (``"0.9"``).

    Floats are refused: ``0.1 + 0.2`` must never reach a weight or an amount.
    """
    if isinstance(value, (bool, float)):
        raise AllocationInputError(
            f"{what} must be a Decimal or text, not a {type(value).__name__}"
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise AllocationInputError(f"{what} {value!r} is not a decimal number") from None
    else:
        raise AllocationInputError(f"{what} must be a Decimal, not {type(value).__name__}")
    if not result.is_finite():
        raise AllocationInputError(f"{what} {value!r} is not a finite number")
    return result


def plain(value: Decimal) -> str:
    """A decimal as plain text without exponent (``1E+6`` → ``1000000``)."""
    return f"{value:f}"
