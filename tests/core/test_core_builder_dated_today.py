"""``ReadingBuilder.dated_today``: what a news item states of "oggi" holds on the page's date."""

from __future__ import annotations

from conciliazione.documents import document_from_bytes
from conciliazione.primitives import PageText
from conciliazione.reading import ReadingBuilder
from conciliazione.vague import FuzzyDate

NEWS = "La rete conta oggi quasi cento aderenti.\nAggiornato il 30 Maggio 2018 da ATS"


def _builder(text: str) -> ReadingBuilder:
    return ReadingBuilder.for_document(document_from_bytes("p.txt", text.encode()), ats_id="x")


def test_oggi_is_the_update_lines_date_derived_from_both_words() -> None:
    page, out = PageText(NEWS), _builder(NEWS)
    out.read_update_date(page)
    today = out.dated_today(page)
    assert today is not None
    assert today.value == FuzzyDate.day(2018, 5, 30)
    assert today.rule == "dated-by-the-page"
    assert [b.quote for b in today.basis] == ["oggi", "30 Maggio 2018"]


def test_a_page_that_says_no_oggi_or_has_no_date_dates_nothing() -> None:
    undated = "La rete conta oggi quasi cento aderenti."
    present = NEWS.replace("conta oggi", "conta")
    for text in (undated, present):
        page, out = PageText(text), _builder(text)
        out.read_update_date(page)
        assert out.dated_today(page) is None
