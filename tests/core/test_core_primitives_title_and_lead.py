"""``title_and_lead``: a listed project's title and lead body, whichever shape the list uses."""

from __future__ import annotations

import pytest

from conciliazione.primitives import PageText, title_and_lead

PAGE = PageText(
    "Progetti:\n"
    "- Terzo tempo con capofila Coop. Forme per il territorio della Valtellina;\n"
    "- Doposcuola con ente capofila Comune di Niardo;\n"
    '1. Comune di Magnago: "Tempo per te";\n'
    "2. Baby Hub."
)


def _split(index: int) -> tuple[str, str | None]:
    item = (PAGE.items_after("Progetti:$") or [])[index]
    title, lead = title_and_lead(PAGE, item)
    for quoted in (title, lead):
        if quoted is not None:
            assert PAGE.text[quoted.start : quoted.end] == quoted.quote
    return title.value, None if lead is None else lead.value


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, ("Terzo tempo", "Coop. Forme per il territorio della Valtellina")),
        (1, ("Doposcuola", "Comune di Niardo")),
        (2, ("Tempo per te", "Comune di Magnago")),
    ],
)
def test_title_con_capofila_lead_and_the_lead_title_shapes(
    index: int, expected: tuple[str, str]
) -> None:
    assert _split(index) == expected


def test_an_item_without_a_lead_is_a_title_without_one() -> None:
    assert _split(3) == ("Baby Hub", None)
