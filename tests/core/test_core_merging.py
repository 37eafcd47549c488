"""Joining readings: a regional act cited by two ATS pages is one act, and the second citation
is reported; citations that disagree stay apart for the duplicate-id rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conciliazione.api import load, validate
from conciliazione.model import REGION, Act, ActKind
from conciliazione.plugins import hookimpl
from conciliazione.plugins.adapter import AtsAdapter, BuiltinPage
from conciliazione.primitives import PageText
from conciliazione.reading import ReadingBuilder
from conciliazione.vague import FuzzyDate

DGR_5755 = "regione_lombardia:dgr:5755:2021"


def citing_plugin(
    ats_id: str, title: str = "Welfare aziendale", *, claims_every_page: bool = False
) -> object:
    """A plugin whose one page cites D.G.R. 5755/2021; it recognises pages naming its ATS
    (or, badly written, every page)."""

    def read(page: PageText, builder: ReadingBuilder) -> None:
        builder.set_source(updated=FuzzyDate.day(2024, 1, 1))
        builder.add(
            Act(
                act_id=DGR_5755,
                kind=ActKind.DGR,
                number="5755",
                date=FuzzyDate.year(2021),
                issuer=REGION,
                title=title,
                ats_id=ats_id,
            )
        )

    class Citing:
        @hookimpl
        def conciliazione_register(self, register: Callable[[AtsAdapter], None]) -> None:
            page = BuiltinPage(f"{ats_id}.txt", text=f"ATS {ats_id}: DGR 5755/21")
            clue = "." if claims_every_page else f"ATS {ats_id}"
            register(AtsAdapter(ats_id=ats_id, pages=[page], clues=[clue], reader=read))

    return Citing()


def test_a_regional_act_cited_by_two_pages_is_kept_once_and_the_citation_reported(
    make_host: Callable[..., Any],
) -> None:
    loaded = load(host=make_host(citing_plugin("brescia"), citing_plugin("bergamo")))
    acts = [a for a in loaded.dataset.acts if a.act_id == DGR_5755]
    assert len(acts) == 1
    report = validate(loaded)
    (cited,) = [f for f in report if f.code == "act-cited-again"]
    assert cited.severity.value == "info"
    assert "brescia:brescia.txt" in cited.message
    assert "bergamo:bergamo.txt" in cited.message
    assert report.valid


def test_two_citations_that_disagree_are_both_kept_and_reported_as_duplicates(
    make_host: Callable[..., Any],
) -> None:
    host = make_host(citing_plugin("brescia"), citing_plugin("bergamo", title="Altro titolo"))
    loaded = load(host=host)
    assert len([a for a in loaded.dataset.acts if a.act_id == DGR_5755]) == 2
    assert "duplicate-id" in {f.code for f in validate(loaded).errors}
