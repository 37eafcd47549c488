"""``ReadingBuilder.network``: the ATS's network as the page dates and counts it."""

from __future__ import annotations

from conciliazione.documents import document_from_bytes
from conciliazione.primitives import PageText
from conciliazione.reading import Reading, ReadingBuilder
from conciliazione.vague import FuzzyDate, Quantity

SENTENCE = r"\bAl (?P<as_of>\S+) la Rete conta (?P<count>\S+) soggetti"


def _read(text: str) -> Reading:
    out = ReadingBuilder.for_document(document_from_bytes("p.txt", text.encode()), ats_id="lodi")
    page = PageText(text)
    hit, listed = page.search(SENTENCE), page.search(r"\((?P<labels>.+)\)")
    assert hit is not None and listed is not None
    categories = out.member_categories(page.split(listed["labels"]))
    out.network(hit["as_of"], hit["count"], member_categories=categories)
    return out.build()


def test_the_date_names_the_network_and_each_value_keeps_its_words() -> None:
    text = "Al 31/12/2023 la Rete conta 42 soggetti (Comuni, Sindacati)."
    reading = _read(text)
    (network,) = reading.dataset.networks
    assert network.network_id == "lodi:network:2023-12-31"
    assert (network.as_of, network.member_count) == (
        FuzzyDate.day(2023, 12, 31),
        Quantity.exact(42, "42"),
    )
    assert [c.label for c in network.member_categories] == ["Comuni", "Sindacati"]
    quotes = {e.field: e.quote for e in reading.dataset.evidence if e.entity == "network"}
    assert (quotes["as_of"], quotes["member_count"]) == ("31/12/2023", "42")
    assert reading.findings == ()


def test_an_unreadable_date_leaves_the_network_undated_and_says_so() -> None:
    reading = _read("Al 31/13/2023 la Rete conta 42 soggetti (Comuni).")
    (network,) = reading.dataset.networks
    assert (network.network_id, network.as_of) == ("lodi:network:undated", None)
    assert [(f.code, f.path) for f in reading.findings] == [("unreadable-value", "network date")]


def test_an_unreadable_count_is_left_empty_and_reported() -> None:
    reading = _read("Al 31/12/2023 la Rete conta tanti soggetti (Comuni).")
    (network,) = reading.dataset.networks
    assert network.member_count is None
    assert [(f.code, f.path) for f in reading.findings] == [
        ("unreadable-value", "network member count")
    ]
