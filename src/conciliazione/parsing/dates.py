"""Italian dates, exact or vague: ``27/02/2020``, ``8 Luglio 2024``, ``nel primo semestre 2020``.

Month names come from babel's Italian locale data rather than a hand-written list. Vague dates
keep their precision (see :class:`~conciliazione.vague.FuzzyDate`): "giugno 2020" is a month, not
the 1st of June.
"""

from __future__ import annotations

import re
from datetime import date

from babel.dates import get_day_names, get_month_names

from conciliazione.errors import ParseError
from conciliazione.parsing.text import normalize_text
from conciliazione.vague import DatePrecision, FuzzyDate

__all__ = ["format_date", "parse_date", "parse_fuzzy_date"]


def _names(names: dict[int, str]) -> dict[str, int]:
    return {str(name).casefold(): number for number, name in names.items()}


MONTHS: dict[str, int] = {
    **_names(dict(get_month_names("abbreviated", locale="it"))),
    **_names(dict(get_month_names("wide", locale="it"))),
}
"""Italian month names (wide and abbreviated, lower-case) to month numbers, from babel."""

_WEEKDAYS = sorted(str(n).casefold() for n in get_day_names("wide", locale="it").values())
_MONTH_RX = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RX = "|".join(re.escape(d) for d in _WEEKDAYS)

_NUMERIC_DAY = re.compile(
    r"(?P<day>[0-9]{1,2})\s?(?P<sep>[./-])\s?(?P<month>[0-9]{1,2})\s?(?P=sep)\s?(?P<year>[0-9]{4})"
)
_WORDED_DAY = re.compile(
    rf"(?:(?:{_WEEKDAY_RX}),?\s)?(?P<day>[0-9]{{1,2}})(?:°|º)?\s(?P<month>{_MONTH_RX})\.?"
    r",?\s(?P<year>[0-9]{4})",
    re.IGNORECASE,
)
_MONTH = re.compile(
    r"(?:(?:nel\smese\sdi|durante\sil\smese\sdi|mese\sdi|nel|a|in)\s)?"
    rf"(?P<month>{_MONTH_RX})\.?\s(?:del\s)?(?P<year>[0-9]{{4}})",
    re.IGNORECASE,
)
_NUMERIC_MONTH = re.compile(r"(?P<month>[0-9]{1,2})\s?[/.-]\s?(?P<year>[0-9]{4})")
_HALF = re.compile(
    r"(?:(?:nel|durante\sil|il|del)\s)?"
    r"(?P<half>primo|secondo|1°|2°|1º|2º|I|II)\ssemestre\s(?:del\s|dell'anno\s)?"
    r"(?P<year>[0-9]{4})",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:(?:nel|nell'anno|anno|del|in)\s)?(?P<year>[0-9]{4})", re.IGNORECASE)
_DAY_PREFIX = re.compile(r"(?:in\sdata\sdel|in\sdata|dell'|del|il)\s?", re.IGNORECASE)


def _make_date(kind: str, text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ParseError(kind, text, f"no such day: {exc}") from exc


def _day(cleaned: str) -> tuple[int, int, int] | None:
    numeric = _NUMERIC_DAY.fullmatch(cleaned)
    if numeric:
        return int(numeric["year"]), int(numeric["month"]), int(numeric["day"])
    worded = _WORDED_DAY.fullmatch(cleaned)
    if worded:
        return int(worded["year"]), MONTHS[worded["month"].casefold()], int(worded["day"])
    return None


def parse_date(text: str) -> date:
    """A calendar day written the Italian way: ``27/02/2020``, ``11.11.2019``, ``8 Luglio 2024``.

    Why: act dates and "last updated" stamps are day-first, with ``/``, ``.`` or ``-``, or with
    the month in words (any case, from babel's Italian month names; a weekday and ``1°`` are
    allowed). Years must have four digits: ``/21`` is left to the act parser, which knows it
    means 2021. Impossible days (``31/02/2020``) raise :class:`~conciliazione.errors.ParseError`.

    >>> parse_date("27/02/2020")
    datetime.date(2020, 2, 27)
    >>> parse_date("8 Luglio 2024")
    datetime.date(2024, 7, 8)
    """
    found = _day(normalize_text(text))
    if found is None:
        raise ParseError("date", text, "not a day-month-year date")
    return _make_date("date", text, *found)


def parse_fuzzy_date(text: str) -> FuzzyDate:
    """A date at the precision the source gives: a day, a month, a half-year or a year.

    Why: the pages say "validato nel mese di giugno 2020" or "approvato nel primo semestre
    2020"; turning those into a day would invent precision. Reads any form of
    :func:`parse_date` (optionally after ``il``/``del``/``in data``) as a day; ``giugno 2020``,
    ``nel mese di giugno 2020`` or ``06/2020`` as a month; ``primo``/``secondo semestre 2021``
    as a half-year; ``2019``/``nel 2019`` as a year. Two-digit years are refused. The result's
    ``text`` is the input, stripped.

    >>> june = parse_fuzzy_date("nel mese di giugno 2020")
    >>> june.value, june.precision, june.end
    (datetime.date(2020, 6, 1), <DatePrecision.MONTH: 'month'>, datetime.date(2020, 6, 30))
    >>> str(parse_fuzzy_date("nel primo semestre 2020"))
    '2020-H1'
    """
    written = text.strip()
    cleaned = normalize_text(text)
    kind = "fuzzy date"

    day = _day(cleaned)
    if day is None:
        prefixed = _DAY_PREFIX.match(cleaned)
        if prefixed and prefixed.end() < len(cleaned):
            day = _day(cleaned[prefixed.end() :])
    if day is not None:
        return FuzzyDate(_make_date(kind, text, *day), DatePrecision.DAY, written)

    month = _MONTH.fullmatch(cleaned)
    if month:
        value = _make_date(kind, text, int(month["year"]), MONTHS[month["month"].casefold()], 1)
        return FuzzyDate(value, DatePrecision.MONTH, written)
    numeric_month = _NUMERIC_MONTH.fullmatch(cleaned)
    if numeric_month:
        value = _make_date(kind, text, int(numeric_month["year"]), int(numeric_month["month"]), 1)
        return FuzzyDate(value, DatePrecision.MONTH, written)

    half = _HALF.fullmatch(cleaned)
    if half:
        first = half["half"].casefold() in ("primo", "1°", "1º", "i")
        value = _make_date(kind, text, int(half["year"]), 1 if first else 7, 1)
        return FuzzyDate(value, DatePrecision.HALF_YEAR, written)

    year = _YEAR.fullmatch(cleaned)
    if year:
        value = _make_date(kind, text, int(year["year"]), 1, 1)
        return FuzzyDate(value, DatePrecision.YEAR, written)

    raise ParseError(kind, text, "not a day, month, half-year or year")


def format_date(value: date) -> str:
    """A date as ``dd/mm/yyyy``, the way the pages write it.

    Why: messages and exports quote dates as the reader will find them in the source, and
    :func:`parse_date` reads the result back to the same day.

    >>> format_date(date(2020, 2, 27))
    '27/02/2020'
    """
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
