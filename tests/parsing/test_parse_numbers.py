"""Italian amounts and counts, as the pages write them.

Amounts are read with babel's strict it_IT parser, so that ``25.00`` is an error, not 2500.
"""

from __future__ import annotations

import contextlib
import doctest
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conciliazione.parsing.numbers as numbers_module
from conciliazione.errors import ParseError
from conciliazione.parsing import format_amount, parse_amount, parse_count


class TestParseAmount:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("48.834,00", Decimal("48834.00")),
            ("54.260,00", Decimal("54260.00")),
            ("2.800.000", Decimal("2800000")),
            ("25,00", Decimal("25.00")),
            ("0,50", Decimal("0.50")),
            ("1234,5", Decimal("1234.5")),
        ],
    )
    def test_reads_italian_thousands_dots_and_decimal_comma(
        self, text: str, expected: Decimal
    ) -> None:
        assert parse_amount(text) == expected

    @pytest.mark.parametrize(
        "text",
        ["euro 48.834,00", "euro\u00a048.834,00", "€ 48.834,00", "48.834,00 €", "EUR 48.834,00"],
    )
    def test_accepts_a_currency_before_or_after(self, text: str) -> None:
        assert parse_amount(text) == Decimal("48834.00")

    def test_reads_the_three_pavia_allocations_as_written_in_seed_003(self) -> None:
        sentence = (
            "riconoscendo all'ATS di Pavia euro 48.834,00 a valere sull'annualità 2020, "
            "euro 48.834,00 a valere sull'annualità 2021 ed euro 54.260,00 a valere "
            "sull'annualità 2022."
        )
        written = re.findall(r"euro [0-9.,]*[0-9]", sentence)
        assert [parse_amount(w) for w in written] == [
            Decimal("48834.00"),
            Decimal("48834.00"),
            Decimal("54260.00"),
        ]

    def test_returns_a_decimal_never_a_float(self) -> None:
        assert type(parse_amount("48.834,00")) is Decimal

    def test_refuses_an_english_style_decimal_point_instead_of_reading_2500(self) -> None:
        with pytest.raises(ParseError) as excinfo:
            parse_amount("25.00")
        assert "'25.00'" in str(excinfo.value)

    @pytest.mark.parametrize(
        "text",
        ["", "euro", "1,234.56", "12 345", "1.2.3", "NaN", "Infinity", "1e5", "euro 5 euro", "٣"],
    )
    def test_refuses_anything_that_is_not_an_italian_amount(self, text: str) -> None:
        with pytest.raises(ParseError):
            parse_amount(text)


class TestFormatAmount:
    def test_writes_two_decimals_with_italian_separators(self) -> None:
        assert format_amount(Decimal("48834")) == "48.834,00"
        assert format_amount(Decimal("2800000")) == "2.800.000,00"
        assert format_amount(Decimal("0.5")) == "0,50"

    def test_rounds_to_the_cent(self) -> None:
        assert format_amount(Decimal("0.015")) == "0,02"

    def test_refuses_values_that_are_not_amounts(self) -> None:
        with pytest.raises(ParseError):
            format_amount(Decimal("NaN"))

    @given(
        st.decimals(
            min_value=0,
            max_value=Decimal(10) ** 12,
            places=2,
            allow_nan=False,
            allow_infinity=False,
        )
    )
    def test_formatted_amounts_parse_back_to_themselves(self, value: Decimal) -> None:
        assert parse_amount(format_amount(value)) == value


class TestParseCount:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [("119", 119), ("398", 398), ("n. 398", 398), ("n.\u00a0398", 398), ("1.250", 1250)],
    )
    def test_reads_digits_with_or_without_the_n_prefix(self, text: str, expected: int) -> None:
        assert parse_count(text) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("sei", 6),
            ("cinque", 5),
            ("otto", 8),
            ("due", 2),
            ("cento", 100),
            ("uno", 1),
            ("dieci", 10),
            ("diciannove", 19),
            ("venti", 20),
            ("ventuno", 21),
            ("ventotto", 28),
            ("ventitré", 23),
            ("centotto", 108),
            ("duecentoquaranta", 240),
            ("duemila", 2000),
            ("Sei", 6),
        ],
    )
    def test_reads_italian_number_words(self, text: str, expected: int) -> None:
        assert parse_count(text) == expected

    @pytest.mark.parametrize("text", ["", "progetti", "sei progetti", "-3", "2,5", "centozero"])
    def test_refuses_what_is_not_a_whole_number(self, text: str) -> None:
        with pytest.raises(ParseError):
            parse_count(text)

    @given(st.integers(min_value=0, max_value=10**12))
    def test_digits_parse_back(self, value: int) -> None:
        assert parse_count(str(value)) == value


@given(st.text())
def test_parse_numbers_never_raise_anything_but_parse_error(text: str) -> None:
    for parser in (parse_amount, parse_count):
        with contextlib.suppress(ParseError):
            parser(text)


def test_parse_numbers_docstring_examples_hold() -> None:
    assert doctest.testmod(numbers_module).failed == 0
