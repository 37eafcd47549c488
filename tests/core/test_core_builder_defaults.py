"""What ``ReadingBuilder`` does for a reader: the ATS and page of a record, a required value."""

from __future__ import annotations

from conciliazione.documents import document_from_bytes
from conciliazione.model import Objective
from conciliazione.primitives import PageText
from conciliazione.reading import ReadingBuilder

TEXT = "Obiettivi:\n- Conciliare"


def _builder() -> ReadingBuilder:
    return ReadingBuilder.for_document(document_from_bytes("p.txt", TEXT.encode()), ats_id="pavia")


def test_a_record_belongs_to_the_builders_ats_and_page_unless_told_otherwise() -> None:
    builder, page = _builder(), PageText(TEXT)
    item = page.items_after("Obiettivi")
    assert item
    record = builder.record(Objective, objective_id="pavia:objective:1", ordinal=1, text=item[0])
    assert (record.ats_id, record.source_id) == ("pavia", "pavia:p.txt")
    other = builder.record(
        Objective, objective_id="x:objective:1", ats_id="milano", ordinal=1, text="t"
    )
    assert other.ats_id == "milano"


def test_require_reports_what_is_missing_and_tells_the_type_checker_what_was_found() -> None:
    builder, page = _builder(), PageText(TEXT)
    hit = page.search(r"(?P<word>Conciliare)")
    if not builder.require(hit, "word", "no 'Conciliare'"):
        raise AssertionError("the word is on the page")
    assert hit["word"].value == "Conciliare"  # no `assert hit is not None` needed
    assert not builder.require(page.search("Assente"), "absent", "no 'Assente'")
    assert [(f.code, f.path) for f in builder.findings] == [("missing-section", "absent")]
