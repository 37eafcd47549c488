"""How vague values read in the report: the qualifier and the precision stay visible.

A count the page gives as "quasi cento" is not 100, and a date given as "luglio 2021" is not
1 July 2021; the report writes them ``< 100`` and ``as of July 2021``, with the page's own
words beside them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

QUALIFIER_SIGNS = {"exact": "", "about": "≈ ", "almost": "< ", "at_least": "≥ "}
"""``about``: around the number; ``almost``: just under it; ``at_least``: it or more."""

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def quantity_label(value: int | None, qualifier: str | None) -> str:
    """``119``, ``≈ 100``, ``< 100``, ``≥ 50``; ``not stated`` without a number.

    >>> quantity_label(100, "almost"), quantity_label(100, "about"), quantity_label(7, None)
    ('< 100', '≈ 100', '7')
    """
    if value is None:
        return "not stated"
    return f"{QUALIFIER_SIGNS.get(qualifier or 'exact', '')}{value:,}"


def fuzzy_date_label(value: date | None, precision: str | None) -> str:
    """A date to the precision the page states it: ``8 July 2024``, ``July 2021``,
    ``first half of 2021``, ``2021``; ``date not stated`` without one.

    >>> fuzzy_date_label(date(2021, 7, 1), "month")
    'July 2021'
    """
    if value is None:
        return "date not stated"
    if precision == "month":
        return f"{MONTHS[value.month - 1]} {value.year}"
    if precision == "half_year":
        half = "first" if value.month <= 6 else "second"
        return f"{half} half of {value.year}"
    if precision == "year":
        return str(value.year)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def as_of_label(value: date | None, precision: str | None) -> str:
    """``as of July 2021``, or ``date not stated``."""
    if value is None:
        return "date not stated"
    return f"as of {fuzzy_date_label(value, precision)}"


def euro(amount: Decimal | None) -> str:
    """``€ 1,234,567.89``: every cent, never rounded for display.

    >>> euro(Decimal("48834.00"))
    '€ 48,834.00'
    """
    if amount is None:
        return "—"
    return f"€ {amount:,.2f}"
