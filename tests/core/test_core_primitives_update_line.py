"""``PageText.update_line``: the page's own update line, its date quoted with its offsets."""

from __future__ import annotations

import pytest

from conciliazione.primitives import PageText


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Aggiornato il 30 Maggio 2018 da ATS Montagna", "30 Maggio 2018"),
        ("Ultimo aggiornamento: 09/07/2024", "09/07/2024"),
    ],
)
def test_the_date_of_the_update_line_is_quoted(line: str, date: str) -> None:
    page = PageText(f"Un titolo\nTesto della pagina.\n{line}")
    hit = page.update_line()
    assert hit is not None
    assert hit["date"].value == date
    assert page.text[hit["date"].start : hit["date"].end] == date


def test_a_page_without_an_update_line_has_none() -> None:
    assert PageText("Un titolo\nAggiornamenti in corso.").update_line() is None
