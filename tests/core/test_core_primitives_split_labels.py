"""``PageText.split_labels``: capitalised labels between commas, each with its span."""

from __future__ import annotations

from conciliazione.primitives import PageText

CATEGORIES = (
    "aderenti (Regione, ATS, Associazioni di industriali, artigiani e commercianti, Sindacati)"
)


def _labels(text: str) -> list[str]:
    page = PageText(text)
    hit = page.search(r"\((?P<list>[^()]+)\)")
    assert hit is not None
    return [q.value for q in page.split_labels(hit["list"])]


def test_each_label_quotes_its_own_words() -> None:
    page = PageText(CATEGORIES)
    hit = page.search(r"\((?P<list>[^()]+)\)")
    assert hit is not None
    labels = page.split_labels(hit["list"])
    assert len(labels) == 4
    for label in labels:
        assert page.text[label.start : label.end] == label.quote == label.value


def test_a_lower_case_part_continues_the_label_before_it() -> None:
    assert _labels(CATEGORIES) == [
        "Regione",
        "ATS",
        "Associazioni di industriali, artigiani e commercianti",
        "Sindacati",
    ]


def test_a_first_label_in_lower_case_stays_a_label_and_empty_parts_go() -> None:
    assert _labels("(provincia di Sondrio, , Vallecamonica)") == [
        "provincia di Sondrio",
        "Vallecamonica",
    ]
