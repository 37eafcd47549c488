"""How money is held, once for the model, the rules and the export: a decimal with 18 digits,
2 of them cents.

The export's Arrow type (``decimal128(18, 2)``) and the largest amount a record may hold are the
same fact: an amount of 10^16 EUR or more does not fit, so a rule reports it (a misread: no
programme comes near it) and the export refuses it rather than overflow. Kept at the bottom of
the layers so that the model, the rules and the export can all read it without pointing up.
"""

from __future__ import annotations

from decimal import Decimal

MONEY_PRECISION = 18
"""Digits of an amount in the export, cents included."""
MONEY_SCALE = 2
"""Digits after the decimal point: euro cents."""
MONEY_LIMIT_EUR = Decimal(10) ** (MONEY_PRECISION - MONEY_SCALE)
"""Amounts must stay below this (10^16 EUR): the digits before the decimal point."""
