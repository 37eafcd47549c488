"""Approximate quantities and imprecise dates keep what the source said, no more."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from conciliazione.vague import DatePrecision, FuzzyDate, Qualifier, Quantity


class Holder(BaseModel):
    when: FuzzyDate | None = None
    count: Quantity | None = None


def test_a_month_date_spans_the_whole_month() -> None:
    june = FuzzyDate.month(2020, 6, "nel mese di giugno 2020")
    assert (june.start, june.end) == (date(2020, 6, 1), date(2020, 6, 30))
    assert str(june) == "2020-06"


def test_a_half_year_date_spans_six_months() -> None:
    first = FuzzyDate.half_year(2020, 1, "nel primo semestre 2020")
    assert (first.start, first.end) == (date(2020, 1, 1), date(2020, 6, 30))
    assert str(FuzzyDate.half_year(2021, 2)) == "2021-H2"


def test_a_year_date_spans_the_year() -> None:
    assert FuzzyDate.year(2021).end == date(2021, 12, 31)


def test_a_month_date_cannot_claim_a_day() -> None:
    with pytest.raises(ValueError, match="1st of the month"):
        FuzzyDate(date(2020, 6, 15), DatePrecision.MONTH)


def test_an_approximate_quantity_keeps_its_qualifier_and_words() -> None:
    about = Quantity(100, Qualifier.ABOUT, "un centinaio")
    assert not about.is_exact
    assert str(about) == "~100"
    assert str(Quantity(100, Qualifier.ALMOST, "quasi cento")) == "<~100"


def test_vague_values_round_trip_through_pydantic_json() -> None:
    holder = Holder(
        when=FuzzyDate.month(2021, 7, "luglio 2021"), count=Quantity(398, text="n. 398")
    )
    again = Holder.model_validate_json(holder.model_dump_json())
    assert again == holder
    assert again.when is not None and again.when.text == "luglio 2021"


def test_an_invalid_precision_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        Holder.model_validate({"when": {"value": "2020-06-02", "precision": "fortnight"}})


@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    precision=st.sampled_from(DatePrecision),
)
def test_every_fuzzy_date_contains_its_start_and_round_trips(
    day: date, precision: DatePrecision
) -> None:
    start = {
        DatePrecision.DAY: day,
        DatePrecision.MONTH: day.replace(day=1),
        DatePrecision.HALF_YEAR: date(day.year, 1 if day.month <= 6 else 7, 1),
        DatePrecision.YEAR: date(day.year, 1, 1),
    }[precision]
    fuzzy = FuzzyDate(start, precision)
    assert fuzzy.start <= day <= fuzzy.end
    assert Holder.model_validate_json(Holder(when=fuzzy).model_dump_json()).when == fuzzy
