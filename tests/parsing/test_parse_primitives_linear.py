"""The reading primitives that a reader calls once per item stay cheap on large pages: they
index the page once (line breaks, blank lines, a pattern's matches) instead of scanning it
again for each item, and lead-ins are looked for only in lines short enough to be one."""

from __future__ import annotations

from conciliazione.parsing.sections import LEAD_IN_MAX
from conciliazione.primitives import PageText


def test_a_lead_in_is_a_line_short_enough_to_be_one() -> None:
    long_line = "Ente Capofila " * (LEAD_IN_MAX // 10) + ":"
    page = PageText(f"{long_line}\nEnte Capofila:\n- Comune di Rho\n")
    (item,) = page.items_after(r"\bEnte\s+Capofila\b.*:\s*$") or []
    assert item.value == "Comune di Rho"
    assert PageText(f"{long_line}\n- Comune di Rho\n").items_after(r"Capofila.*:$") is None


def test_last_before_is_the_last_match_that_ends_before_the_offset() -> None:
    page = PageText("Operatori A\nx\nOperatori B\nDr. Rossi\nOperatori C\n")
    rossi = page.text.index("Dr. Rossi")
    hit = page.last_before(r"^Operatori (?P<who>\w)$", rossi)
    assert hit is not None and hit["who"].value == "B"
    assert page.last_before(r"^Operatori (?P<who>\w)$", 0) is None


def test_line_at_finds_the_line_of_an_offset_on_long_and_short_lines() -> None:
    page = PageText("prima\nseconda riga\nterza")
    assert page.line_at(page.text.index("riga")).value == "seconda riga"
    assert page.line_at(0).value == "prima"
    assert page.line_at(len(page.text)).value == "terza"
    one = PageText("a " * 50_000 + "fine")
    assert one.line_at(len(one.text) - 1).end == len(one.text)


def test_paragraph_at_stops_at_blank_lines() -> None:
    page = PageText("uno\n\ndue\ntre\n\nquattro")
    assert page.paragraph_at(page.text.index("tre")).value == "due\ntre"


def test_line_end_and_match_at() -> None:
    page = PageText('uno "titolo" due\ntre')
    assert page.line_end(3) == page.text.index("\n")
    assert page.line_end(len(page.text)) == len(page.text)
    hit = page.match_at(r'"(?P<t>[^"]+)"', page.text.index('"'))
    assert hit is not None and hit["t"].value == "titolo"
    assert page.match_at(r'"(?P<t>[^"]+)"', 0) is None
