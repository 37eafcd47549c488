"""What ``ReadingBuilder`` makes of a plan named by its period and of the projects it lists."""

from __future__ import annotations

import pytest

from conciliazione.documents import document_from_bytes
from conciliazione.primitives import PageText
from conciliazione.reading import ReadingBuilder
from conciliazione.spans import derived

TEXT = (
    "Il Piano territoriale 2020-2023 comprende due progetti:\n"
    "- Baby Hub con capofila Comune di Tirano;\n"
    "- Terzo tempo con capofila Comune di Tirano."
)
PLAN = r"Piano territoriale (?P<start>\d{4})-(?P<end>\d{4})"


def _builder(text: str = TEXT) -> ReadingBuilder:
    return ReadingBuilder.for_document(
        document_from_bytes("p.txt", text.encode()), ats_id="sondrio"
    )


def _quote(builder: ReadingBuilder, record_id: str, field: str) -> list[str | None]:
    rows = builder.build().dataset.evidence
    return [e.quote for e in rows if e.record_id == record_id and e.field == field]


def test_the_period_names_the_plan_and_its_guideline() -> None:
    page, out = PageText(TEXT), _builder()
    hit = page.search(PLAN)
    assert hit is not None
    period = out.plan_period(hit)
    assert (period.years, period.plan_id.value) == ("2020-2023", "sondrio:plan:2020-2023")
    assert period.plan_id.quote == "Piano territoriale 2020-2023"
    assert period.guideline_id is not None and period.guideline_id.value == "dgr-xi-2398-2019"
    assert period.guideline is not None
    assert period.guideline.guideline_id == "dgr-xi-2398-2019"


def test_the_plans_words_end_with_its_period_whatever_the_pattern_matches_after() -> None:
    page = PageText("Il Piano territoriale 2020-2023 è approvato con Decreto n. 5 del 1/2/2020.")
    hit = page.search(PLAN + r"(?P<act>.*)")
    assert hit is not None
    assert _builder().plan_period(hit).plan_id.quote == "Piano territoriale 2020-2023"


def test_a_period_without_a_builtin_guideline_has_none() -> None:
    page = PageText("Piano territoriale 2011-2012")
    hit = page.search(PLAN)
    assert hit is not None
    period = _builder().plan_period(hit)
    assert (period.guideline_id, period.guideline) == (None, None)


def test_the_plan_record_gets_its_id_years_and_guideline_with_evidence() -> None:
    page, out = PageText(TEXT), _builder()
    hit = page.search(PLAN)
    assert hit is not None
    plan = out.plan(out.plan_period(hit))
    assert (plan.plan_id, plan.period_start, plan.period_end) == (
        "sondrio:plan:2020-2023",
        2020,
        2023,
    )
    assert plan.guideline_id == "dgr-xi-2398-2019"
    assert _quote(out, plan.plan_id, "period_start") == ["2020"]
    assert _quote(out, plan.plan_id, "guideline_id") == ["2020", "2023"]


def test_listed_projects_get_ids_from_their_titles_and_one_organization_per_lead() -> None:
    page, out = PageText(TEXT), _builder()
    hit = page.search(PLAN)
    assert hit is not None
    period = out.plan_period(hit)
    ids = []
    for item in page.items_after("progetti:$") or []:
        split = page.fullmatch(item, "(?P<title>.+?) con capofila (?P<lead>.+)")
        assert split is not None
        ids.append(out.project(period, split["title"], split["lead"]))
    assert [i.value for i in ids] == [
        "sondrio:project:2020-2023:baby-hub",
        "sondrio:project:2020-2023:terzo-tempo",
    ]
    assert [i.quote for i in ids] == ["Baby Hub", "Terzo tempo"]
    reading = out.build()
    assert [(p.title, p.lead_name, p.plan_id) for p in reading.dataset.projects] == [
        ("Baby Hub", "Comune di Tirano", "sondrio:plan:2020-2023"),
        ("Terzo tempo", "Comune di Tirano", "sondrio:plan:2020-2023"),
    ]
    (org,) = reading.dataset.organizations
    assert {p.lead_org_id for p in reading.dataset.projects} == {org.org_id}
    plan_rows = [e for e in reading.dataset.evidence if e.field == "plan_id"]
    assert {e.quote for e in plan_rows} == {"Piano territoriale 2020-2023"}


def test_a_project_the_page_does_not_title_is_named_by_other_words() -> None:
    text = "Piano territoriale 2017-2018: due progetti FSE (uno di Sol.Co. Sondrio)"
    page, out = PageText(text), _builder(text)
    hit, lead = page.search(PLAN), page.search(r"Sol\.Co\. Sondrio")
    assert hit is not None and lead is not None
    period = out.plan_period(hit)
    title = derived(f"Progetto FSE {lead.whole.value}", "esf-project-title", lead.whole)
    with pytest.raises(TypeError, match="named_by"):
        out.project(period, title, lead.whole)
    project_id = out.project(period, title, lead.whole, named_by=lead.whole.map("fse {}".format))
    assert project_id.value == "sondrio:project:2017-2018:fse-sol-co-sondrio"
    (project,) = out.dataset.projects
    assert (project.title, project.lead_name) == ("Progetto FSE Sol.Co. Sondrio", "Sol.Co. Sondrio")
    (row,) = [e for e in out.build().dataset.evidence if e.field == "title"]
    assert (row.quote, row.derivation) == ("Sol.Co. Sondrio", "esf-project-title")
