"""``ReadingBuilder.quantity``: a count read from its words, kept and quoted as its phrase."""

from __future__ import annotations

from conciliazione.documents import document_from_bytes
from conciliazione.primitives import PageText
from conciliazione.reading import ReadingBuilder
from conciliazione.vague import Qualifier, Quantity


def _read(text: str) -> tuple[PageText, ReadingBuilder]:
    document = document_from_bytes("p.txt", text.encode())
    return PageText.of(document), ReadingBuilder.for_document(document, ats_id="montagna")


def test_the_phrase_is_the_quantitys_text_and_its_quote() -> None:
    page, out = _read("Il Piano ha compreso 5 progetti territoriali.")
    hit = page.search(r"(?P<phrase>(?P<count>\S+)\s+progetti\s+territoriali)")
    assert hit is not None
    found = out.quantity(hit["phrase"], "declared project count", count=hit["count"])
    assert found is not None
    assert found.value == Quantity(5, Qualifier.EXACT, "5 progetti territoriali")
    assert page.text[found.start : found.end] == found.quote == "5 progetti territoriali"
    assert out.findings == []


def test_without_a_count_the_whole_phrase_is_read_and_its_qualifier_kept() -> None:
    page, out = _read("una rete con quasi cento aderenti")
    hit = page.search(r"con\s+(?P<count>.+?)\s+aderenti")
    assert hit is not None
    found = out.quantity(hit["count"], "network member count")
    assert found is not None
    assert found.value == Quantity(100, Qualifier.ALMOST, "quasi cento")


def test_words_without_a_number_are_an_unreadable_value() -> None:
    page, out = _read("costituita da tanti soggetti")
    hit = page.search(r"da\s+(?P<phrase>(?P<count>\S+)\s+soggetti)")
    assert hit is not None
    assert out.quantity(hit["phrase"], "network member count", count=hit["count"]) is None
    assert out.quantity(None, "network member count") is None
    (finding,) = out.findings
    assert (finding.code, finding.path) == ("unreadable-value", "network member count")
