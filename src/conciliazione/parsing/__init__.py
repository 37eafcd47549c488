"""Parsers for the Italian the pages are written in, shared by the core and the ATS plugins.

Each module does one job: :mod:`~conciliazione.parsing.numbers` (``48.834,00``, ``sei``),
:mod:`~conciliazione.parsing.dates` (``27/02/2020``, ``nel mese di giugno 2020``),
:mod:`~conciliazione.parsing.acts` (``D.G.R. XI/2398 del 11/11/2019``),
:mod:`~conciliazione.parsing.quantities` (``un centinaio``, ``circa la metà``),
:mod:`~conciliazione.parsing.emails` (``nome[@]ats-pavia.it``),
:mod:`~conciliazione.parsing.text` (normalization, slugs, organization and category kinds) and
:mod:`~conciliazione.parsing.sections` (a page's title, update line, and the lines or bullets
under a lead-in line).

Every parser accepts text as copied from a page (non-breaking spaces, curly quotes) and raises
:class:`~conciliazione.errors.ParseError`, quoting the text, and nothing else, when it cannot
read it. The section finders return ``None`` for a section the page does not have.

>>> from conciliazione.parsing import parse_amount, parse_fuzzy_date
>>> parse_amount("euro 54.260,00"), str(parse_fuzzy_date("giugno 2020"))
(Decimal('54260.00'), '2020-06')
"""

from __future__ import annotations

from conciliazione.parsing.acts import ActReference, find_act_references, parse_act_reference
from conciliazione.parsing.dates import format_date, parse_date, parse_fuzzy_date
from conciliazione.parsing.emails import deobfuscate_email, find_emails
from conciliazione.parsing.numbers import format_amount, parse_amount, parse_count
from conciliazione.parsing.quantities import format_quantity, parse_fraction_of, parse_quantity
from conciliazione.parsing.sections import (
    HEADING_MAX,
    bullets_after,
    find_heading,
    find_update_date,
    lines_after,
)
from conciliazione.parsing.text import (
    guess_category_kind,
    guess_organization_kind,
    normalize_text,
    slugify,
)

__all__ = [
    "HEADING_MAX",
    "ActReference",
    "bullets_after",
    "deobfuscate_email",
    "find_act_references",
    "find_emails",
    "find_heading",
    "find_update_date",
    "format_amount",
    "format_date",
    "format_quantity",
    "guess_category_kind",
    "guess_organization_kind",
    "lines_after",
    "normalize_text",
    "parse_act_reference",
    "parse_amount",
    "parse_count",
    "parse_date",
    "parse_fraction_of",
    "parse_fuzzy_date",
    "parse_quantity",
    "slugify",
]
