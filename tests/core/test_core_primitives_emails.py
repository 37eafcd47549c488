"""``PageText.emails``: the addresses a page gives, each with the words it is written in."""

from __future__ import annotations

from conciliazione.primitives import PageText


def test_each_address_keeps_its_span_and_words_and_gets_its_plain_form() -> None:
    page = PageText("Scrivere a ufficio[@]ats-pavia.it oppure a info@Comune.Brescia.IT.")
    found = page.emails()
    assert [(e.value, e.quote) for e in found] == [
        ("ufficio@ats-pavia.it", "ufficio[@]ats-pavia.it"),
        ("info@comune.brescia.it", "info@Comune.Brescia.IT"),
    ]
    assert all(page.text[e.start : e.end] == e.quote for e in found)


def test_only_the_addresses_between_the_offsets_are_given() -> None:
    page = PageText("a@b.it\nc@d.it\ne@f.it")
    line = page.lines()[1]
    assert [e.value for e in page.emails(line.start, line.end)] == ["c@d.it"]


def test_a_page_without_addresses_gives_none() -> None:
    assert PageText("Per informazioni: telefonare allo 030 1234567").emails() == []
