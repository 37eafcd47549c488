"""``ReadingBuilder.find_listed``: which listed project a later sentence speaks of."""

from __future__ import annotations

from conciliazione.documents import document_from_bytes
from conciliazione.primitives import PageText
from conciliazione.reading import ReadingBuilder

TEXT = (
    "Progetti:\n"
    "- Doposcuola;\n"
    "- Doposcuola compiti insieme;\n"
    "- Baby Hub.\n"
    'Il progetto "Doposcuola compiti insieme" ha come target i minori; '
    "circa la metà attraverso il progetto baby hub del Comune di Tirano; "
    "il progetto Estate insieme è nuovo."
)


def _find(pattern: str) -> tuple[int | None, list[tuple[str, str | None]]]:
    out = ReadingBuilder.for_document(document_from_bytes("p.txt", TEXT.encode()), ats_id="x")
    page = PageText(TEXT)
    hit = page.search(pattern)
    assert hit is not None
    at = out.find_listed(hit["name"], page.items_after("Progetti:$") or [], "project target")
    return at, [(f.code, f.path) for f in out.findings]


def test_a_quoted_title_names_the_longest_listed_title_it_starts_with() -> None:
    assert _find(r'progetto (?P<name>"[^"]+") ha come') == (1, [])


def test_a_title_followed_by_more_words_and_in_other_case_names_its_project() -> None:
    assert _find(r"attraverso il progetto (?P<name>[^;]+);") == (2, [])


def test_a_phrase_that_names_no_listed_project_is_an_unreadable_value() -> None:
    assert _find(r"il progetto (?P<name>Estate insieme)") == (
        None,
        [("unreadable-value", "project target")],
    )
