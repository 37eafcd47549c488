"""``PageText.enumeration``: the labels of a run-in, comma-separated list, each with its span."""

from __future__ import annotations

from conciliazione.primitives import PageText

CATEGORIES = (
    "aderenti (Regione, ATS, Associazioni di industriali, artigiani e commercianti, Sindacati)"
)


def _listed(page: PageText) -> list[str]:
    hit = page.search(r"\((?P<list>[^()]+)\)")
    assert hit is not None
    return [q.value for q in page.enumeration(hit["list"], joins_lowercase=True)]


def test_each_label_quotes_its_own_words() -> None:
    page = PageText(CATEGORIES)
    hit = page.search(r"\((?P<list>[^()]+)\)")
    assert hit is not None
    for label in page.enumeration(hit["list"]):
        assert page.text[label.start : label.end] == label.quote == label.value


def test_a_lower_case_piece_continues_the_label_before_it_when_asked() -> None:
    assert _listed(PageText(CATEGORIES)) == [
        "Regione",
        "ATS",
        "Associazioni di industriali, artigiani e commercianti",
        "Sindacati",
    ]


def test_without_joining_every_comma_separates() -> None:
    page = PageText("(provincia di Sondrio, Vallecamonica, , Medio e Alto Lario)")
    hit = page.search(r"\((?P<list>[^()]+)\)")
    assert hit is not None
    assert [q.value for q in page.enumeration(hit["list"])] == [
        "provincia di Sondrio",
        "Vallecamonica",
        "Medio e Alto Lario",
    ]


def test_a_first_label_in_lower_case_stays_a_label() -> None:
    assert _listed(PageText("(provincia di Sondrio, Vallecamonica)")) == [
        "provincia di Sondrio",
        "Vallecamonica",
    ]
