"""``ReadingBuilder.declared_count``: a count the page declares with its noun, as written."""

from __future__ import annotations

import pytest

from conciliazione.documents import document_from_bytes
from conciliazione.primitives import PageText
from conciliazione.reading import ReadingBuilder
from conciliazione.vague import Qualifier, Quantity


def _read(phrase: str) -> tuple[Quantity | None, list[tuple[str, str | None]]]:
    text = f"Il Piano comprende {phrase}."
    out = ReadingBuilder.for_document(document_from_bytes("p.txt", text.encode()), ats_id="x")
    hit = PageText(text).search(r"comprende (?P<count>.+)\.$")
    assert hit is not None
    count = out.declared_count(hit["count"], "declared project count")
    if count is not None:
        assert (count.quote, text[count.start : count.end]) == (phrase, phrase)
    return (None if count is None else count.value), [(f.code, f.path) for f in out.findings]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("sei progetti", Quantity(6, Qualifier.EXACT, "sei progetti")),
        ("5 progetti territoriali", Quantity(5, Qualifier.EXACT, "5 progetti territoriali")),
        ("n. 398 Enti", Quantity(398, Qualifier.EXACT, "n. 398 Enti")),
        ("quasi cento soggetti", Quantity(100, Qualifier.ALMOST, "quasi cento soggetti")),
    ],
)
def test_the_number_is_read_from_the_first_words_and_the_phrase_kept(
    phrase: str, expected: Quantity
) -> None:
    assert _read(phrase) == (expected, [])


def test_a_phrase_with_no_number_is_an_unreadable_value() -> None:
    assert _read("tanti progetti") == (None, [("unreadable-value", "declared project count")])
