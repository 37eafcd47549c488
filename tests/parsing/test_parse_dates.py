"""Italian dates: exact days, and the vague months and half-years the pages also use."""

from __future__ import annotations

import contextlib
import doctest
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conciliazione.parsing.dates as dates_module
from conciliazione.errors import ParseError
from conciliazione.parsing import format_date, parse_date, parse_fuzzy_date
from conciliazione.vague import DatePrecision, FuzzyDate


class TestParseDate:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("27/02/2020", date(2020, 2, 27)),
            ("11.11.2019", date(2019, 11, 11)),
            ("17/01/2020", date(2020, 1, 17)),
            ("09/07/2024", date(2024, 7, 9)),
            ("08/04/2024", date(2024, 4, 8)),
            ("8-4-2024", date(2024, 4, 8)),
        ],
    )
    def test_reads_day_first_numeric_dates(self, text: str, expected: date) -> None:
        assert parse_date(text) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("8 Luglio 2024", date(2024, 7, 8)),
            ("30 Maggio 2018", date(2018, 5, 30)),
            ("9 luglio 2024", date(2024, 7, 9)),
            ("1° gennaio 2020", date(2020, 1, 1)),
            ("lunedì 8 luglio 2024", date(2024, 7, 8)),
            ("8 lug. 2024", date(2024, 7, 8)),
            ("8\u00a0Luglio\u00a02024", date(2024, 7, 8)),
        ],
    )
    def test_reads_month_names_in_any_case(self, text: str, expected: date) -> None:
        assert parse_date(text) == expected

    @pytest.mark.parametrize("text", ["31/02/2020", "00/01/2020", "29/02/2019", "12/13/2020"])
    def test_refuses_impossible_days(self, text: str) -> None:
        with pytest.raises(ParseError, match="no such day"):
            parse_date(text)

    @pytest.mark.parametrize(
        "text", ["", "27/02/20", "27/02.2020", "2020-02-27", "giugno 2020", "8 Juli 2024"]
    )
    def test_refuses_other_shapes(self, text: str) -> None:
        with pytest.raises(ParseError):
            parse_date(text)


class TestParseFuzzyDate:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("nel mese di giugno 2020", FuzzyDate.month(2020, 6)),
            ("giugno 2020", FuzzyDate.month(2020, 6)),
            ("luglio 2021", FuzzyDate.month(2021, 7)),
            ("nel mese di luglio 2021", FuzzyDate.month(2021, 7)),
            ("06/2020", FuzzyDate.month(2020, 6)),
        ],
    )
    def test_keeps_month_precision(self, text: str, expected: FuzzyDate) -> None:
        parsed = parse_fuzzy_date(text)
        assert parsed == expected
        assert parsed.precision is DatePrecision.MONTH

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("nel primo semestre 2020", FuzzyDate.half_year(2020, 1)),
            ("secondo semestre 2021", FuzzyDate.half_year(2021, 2)),
            ("nel II semestre 2020", FuzzyDate.half_year(2020, 2)),
        ],
    )
    def test_keeps_half_year_precision(self, text: str, expected: FuzzyDate) -> None:
        assert parse_fuzzy_date(text) == expected

    @pytest.mark.parametrize("text", ["2019", "nel 2019"])
    def test_keeps_year_precision(self, text: str) -> None:
        assert parse_fuzzy_date(text) == FuzzyDate.year(2019)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("27/02/2020", FuzzyDate.day(2020, 2, 27)),
            ("11.11.2019", FuzzyDate.day(2019, 11, 11)),
            ("8 Luglio 2024", FuzzyDate.day(2024, 7, 8)),
            ("il 27/02/2020", FuzzyDate.day(2020, 2, 27)),
            ("dell'8 luglio 2024", FuzzyDate.day(2024, 7, 8)),
        ],
    )
    def test_reads_every_day_form_at_day_precision(self, text: str, expected: FuzzyDate) -> None:
        assert parse_fuzzy_date(text) == expected

    def test_keeps_the_text_as_written_stripped(self) -> None:
        assert parse_fuzzy_date("  nel mese di giugno 2020 ").text == "nel mese di giugno 2020"

    def test_month_covers_the_whole_month(self) -> None:
        june = parse_fuzzy_date("nel mese di giugno 2020")
        assert (june.start, june.end) == (date(2020, 6, 1), date(2020, 6, 30))

    @pytest.mark.parametrize("text", ["/21", "21", "", "13/2020", "terzo semestre 2020", "0000"])
    def test_refuses_two_digit_years_and_impossible_periods(self, text: str) -> None:
        with pytest.raises(ParseError):
            parse_fuzzy_date(text)


class TestFormatDate:
    def test_writes_day_month_year_with_slashes(self) -> None:
        assert format_date(date(2020, 2, 27)) == "27/02/2020"

    @given(st.dates())
    def test_formatted_dates_parse_back(self, value: date) -> None:
        assert parse_date(format_date(value)) == value


@given(st.text())
def test_parse_dates_never_raise_anything_but_parse_error(text: str) -> None:
    for parser in (parse_date, parse_fuzzy_date):
        with contextlib.suppress(ParseError):
            parser(text)


def test_parse_dates_docstring_examples_hold() -> None:
    assert doctest.testmod(dates_module).failed == 0
