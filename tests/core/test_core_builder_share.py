"""``ReadingBuilder.share``: a part of a total, computed when the page gives it as a fraction."""

from __future__ import annotations

from conciliazione.documents import document_from_bytes
from conciliazione.primitives import PageText
from conciliazione.reading import ReadingBuilder
from conciliazione.spans import Derived, Quoted
from conciliazione.vague import Qualifier, Quantity

PATTERN = r"raggiunto (?P<total>.+?) di destinatari, di cui (?P<part>.+?) attraverso"


def _share(text: str) -> tuple[object, list[tuple[str, str | None]]]:
    out = ReadingBuilder.for_document(document_from_bytes("p.txt", text.encode()), ats_id="x")
    hit = PageText(text).search(PATTERN)
    assert hit is not None
    total = out.quantity(hit["total"], "beneficiaries")
    assert total is not None
    share = out.share(hit["part"], total, "project beneficiaries")
    return share, [(f.code, f.path) for f in out.findings]


def test_a_fraction_is_computed_from_the_total_and_marked_derived() -> None:
    share, findings = _share(
        "hanno raggiunto un centinaio di destinatari, di cui circa la metà attraverso il progetto"
    )
    assert isinstance(share, Derived)
    assert share.value == Quantity(50, Qualifier.ABOUT, "circa la metà")
    assert share.rule == "share-of-total"
    assert [b.quote for b in share.basis] == ["circa la metà", "un centinaio"]
    assert findings == []


def test_a_number_is_read_as_written() -> None:
    share, findings = _share("hanno raggiunto 120 di destinatari, di cui 40 attraverso il progetto")
    assert isinstance(share, Quoted)
    assert (share.value, share.quote) == (Quantity.exact(40, "40"), "40")
    assert findings == []


def test_words_that_are_neither_are_an_unreadable_value() -> None:
    share, findings = _share(
        "hanno raggiunto 120 di destinatari, di cui molti attraverso il progetto"
    )
    assert share is None
    assert findings == [("unreadable-value", "project beneficiaries")]
