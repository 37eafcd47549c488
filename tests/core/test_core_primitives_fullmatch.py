"""``PageText.fullmatch``: a pattern anchored at both ends of a quoted value, mid-line or not."""

from __future__ import annotations

from conciliazione.primitives import PageText

PAGE = PageText("Progetti:\n- Baby Hub con capofila Comune di Tirano;\n- Terzo tempo.")
PROJECT = r"(?P<title>.+?)(?:\s+con\s+capofila\s+(?P<lead>.+))?"


def test_the_pattern_covers_the_whole_item_and_its_groups_keep_their_spans() -> None:
    first, second = PAGE.items_after(r"^Progetti:") or []
    hit = PAGE.fullmatch(first, PROJECT)
    assert hit is not None
    assert (hit["title"].value, hit["lead"].value) == ("Baby Hub", "Comune di Tirano")
    assert PAGE.text[hit["lead"].start : hit["lead"].end] == "Comune di Tirano"
    other = PAGE.fullmatch(second, PROJECT)
    assert other is not None
    assert (other["title"].value, other.get("lead")) == ("Terzo tempo", None)


def test_a_pattern_that_matches_only_part_of_the_value_is_no_match() -> None:
    first, _ = PAGE.items_after(r"^Progetti:") or []
    assert PAGE.fullmatch(first, r"Baby\s+Hub") is None
    assert PAGE.within(first, r"Baby\s+Hub") is not None
