"""Quantities keep the hedge the source puts on them: "un centinaio" is not 100."""

from __future__ import annotations

import contextlib
import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conciliazione.parsing.quantities as quantities_module
from conciliazione.errors import ParseError
from conciliazione.parsing import format_quantity, parse_fraction_of, parse_quantity
from conciliazione.vague import Qualifier, Quantity

EXACT, ABOUT, ALMOST, AT_LEAST = (
    Qualifier.EXACT,
    Qualifier.ABOUT,
    Qualifier.ALMOST,
    Qualifier.AT_LEAST,
)


class TestParseQuantity:
    @pytest.mark.parametrize(
        ("text", "value", "qualifier"),
        [
            ("119", 119, EXACT),
            ("n. 398", 398, EXACT),
            ("sei", 6, EXACT),
            ("5", 5, EXACT),
            ("n. 8", 8, EXACT),
        ],
    )
    def test_a_plain_number_is_exact(self, text: str, value: int, qualifier: Qualifier) -> None:
        assert parse_quantity(text) == Quantity(value, qualifier, text)

    @pytest.mark.parametrize(
        ("text", "value"),
        [("un centinaio", 100), ("una decina", 10), ("una ventina", 20), ("due centinaia", 200)],
    )
    def test_a_collective_numeral_is_approximate(self, text: str, value: int) -> None:
        assert parse_quantity(text) == Quantity(value, ABOUT, text)

    @pytest.mark.parametrize(
        ("text", "value", "qualifier"),
        [
            ("quasi cento", 100, ALMOST),
            ("circa 50", 50, ABOUT),
            ("oltre 50", 50, AT_LEAST),
            ("almeno 50", 50, AT_LEAST),
            ("più di 50", 50, AT_LEAST),
            ("Più di cento", 100, AT_LEAST),
            ("quasi un centinaio", 100, ALMOST),
            ("intorno ai 40", 40, ABOUT),
        ],
    )
    def test_a_hedge_in_front_sets_the_qualifier(
        self, text: str, value: int, qualifier: Qualifier
    ) -> None:
        assert parse_quantity(text) == Quantity(value, qualifier, text)

    def test_keeps_the_phrase_as_written(self) -> None:
        assert parse_quantity(" quasi\u00a0cento ").text == "quasi\u00a0cento"

    def test_a_fraction_points_to_parse_fraction_of(self) -> None:
        with pytest.raises(ParseError, match="parse_fraction_of"):
            parse_quantity("circa la metà")

    @pytest.mark.parametrize("text", ["", "oltre", "molti", "cento progetti", "-5", "2,5"])
    def test_refuses_what_is_not_a_quantity(self, text: str) -> None:
        with pytest.raises(ParseError):
            parse_quantity(text)


class TestParseFractionOf:
    def test_about_half_of_about_a_hundred_is_about_fifty(self) -> None:
        whole = parse_quantity("un centinaio")
        assert parse_fraction_of("circa la metà", whole) == Quantity(50, ABOUT, "circa la metà")

    def test_an_exact_share_of_an_exact_whole_is_exact(self) -> None:
        assert parse_fraction_of("la metà", Quantity.exact(100)) == Quantity(50, EXACT, "la metà")

    def test_a_share_of_a_vague_whole_keeps_its_vagueness(self) -> None:
        almost = parse_fraction_of("la metà", parse_quantity("quasi cento"))
        assert (almost.value, almost.qualifier) == (50, ALMOST)

    def test_a_share_that_needs_rounding_is_approximate(self) -> None:
        third = parse_fraction_of("un terzo", Quantity.exact(100))
        assert (third.value, third.qualifier) == (33, ABOUT)

    @pytest.mark.parametrize(
        ("text", "value"), [("due terzi", 66), ("tre quarti", 75), ("il 30%", 30), ("metà", 50)]
    )
    def test_reads_common_fractions_and_percentages(self, text: str, value: int) -> None:
        assert parse_fraction_of(text, Quantity.exact(99 if "terzi" in text else 100)).value == (
            value
        )

    @pytest.mark.parametrize("text", ["", "cinque terzi", "il 150%", "zero quarti", "molti"])
    def test_refuses_what_is_not_a_part_of_the_whole(self, text: str) -> None:
        with pytest.raises(ParseError):
            parse_fraction_of(text, Quantity.exact(100))


class TestFormatQuantity:
    @given(
        st.builds(
            Quantity,
            st.integers(min_value=0, max_value=10**9),
            st.sampled_from(list(Qualifier)),
        )
    )
    def test_quantities_formatted_in_digits_parse_back(self, quantity: Quantity) -> None:
        parsed = parse_quantity(format_quantity(quantity))
        assert (parsed.value, parsed.qualifier) == (quantity.value, quantity.qualifier)


@given(st.text())
def test_parse_quantities_never_raise_anything_but_parse_error(text: str) -> None:
    for parse in (parse_quantity, lambda t: parse_fraction_of(t, Quantity(100, ABOUT))):
        with contextlib.suppress(ParseError):
            parse(text)


def test_parse_quantities_docstring_examples_hold() -> None:
    assert doctest.testmod(quantities_module).failed == 0
