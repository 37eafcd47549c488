"""What ``ReadingBuilder`` fills in for a reader: the ATS of a record, a plan's guideline."""

from __future__ import annotations

from conciliazione.documents import document_from_bytes
from conciliazione.model import Objective
from conciliazione.primitives import PageText
from conciliazione.reading import ReadingBuilder

TEXT = "Piano territoriale 2020-2023\nPiano 2017-2018\nObiettivi:\n- Conciliare"


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


def test_the_guideline_of_a_period_is_derived_from_its_years() -> None:
    page = PageText(TEXT)
    hit = page.search(r"(?P<start>\d{4})-(?P<end>\d{4})")
    assert hit is not None
    start, end = hit["start"].map(int), hit["end"].map(int)
    guideline = _builder().guideline_of_period(start, end)
    assert guideline is not None
    assert (guideline.value, guideline.rule) == ("dgr-xi-2398-2019", "guideline-of-period")
    assert guideline.basis == (start, end)


def test_a_period_no_built_in_guideline_covers_has_none() -> None:
    hit = PageText(TEXT).search(r"Piano (?P<start>\d{4})-(?P<end>\d{4})")
    assert hit is not None
    assert _builder().guideline_of_period(hit["start"].map(int), hit["end"].map(int)) is None
