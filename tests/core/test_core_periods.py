"""Three programming periods, each with its guideline: a record is checked against its own
period's guideline, and a period whose typologies are not known is not checked against
2020-2023's."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conciliazione import validate
from conciliazione.merging import merge_readings
from conciliazione.model import (
    Alliance,
    Allocation,
    Dataset,
    Organization,
    OrganizationKind,
    Plan,
    Source,
)
from conciliazione.reading import Reading, guideline_for_period
from conciliazione.regional import get_guideline, guideline_of_period, regional_dataset

from .conftest import valid_dataset


def test_the_core_ships_the_guidelines_of_three_periods() -> None:
    periods = {
        (g.guideline_id, g.period_start, g.period_end) for g in regional_dataset().guidelines
    }
    assert periods == {
        ("dgr-x-5969-2016", 2017, 2018),
        ("dgr-xi-2398-2019", 2020, 2023),
        ("guidelines-2025-2027", 2025, 2027),
    }


def test_the_2017_2018_plans_were_extended_to_15_january_2020_by_dgr_1017_2018() -> None:
    guideline = get_guideline("dgr-x-5969-2016")
    assert str(guideline.extended_to) == "2020-01-15"
    assert guideline.act_ids == (
        "regione_lombardia:dgr:x-5969:2016",
        "regione_lombardia:dgr:xi-1017:2018",
    )
    acts = {a.act_id: a for a in regional_dataset().acts}
    first = acts["regione_lombardia:dgr:x-5969:2016"]
    assert (first.number, str(first.date)) == ("X/5969", "2016-12-12")


def test_the_2025_2027_act_keeps_its_unknown_number_and_date_unknown() -> None:
    (act_id,) = get_guideline("guidelines-2025-2027").act_ids
    act = {a.act_id: a for a in regional_dataset().acts}[act_id]
    assert (act.number, act.date) == (None, None)
    assert act.source_id == "core:publication:lombardianotizie-2025-12-09-linee-guida"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (2017, 2018, "dgr-x-5969-2016"),
        (2020, 2023, "dgr-xi-2398-2019"),
        (2021, 2021, "dgr-xi-2398-2019"),
        (2025, 2027, "guidelines-2025-2027"),
        (2024, 2024, None),
        (2018, 2020, None),
    ],
)
def test_the_guideline_of_a_period_is_the_one_whose_period_holds_it(
    start: int, end: int, expected: str | None
) -> None:
    found = guideline_of_period(start, end)
    assert (found.guideline_id if found else None) == expected


def test_a_reader_reads_a_plan_against_a_guideline_only_when_its_typologies_are_known() -> None:
    found = guideline_for_period(2020, 2023)
    assert found is not None and found.guideline_id == "dgr-xi-2398-2019"
    assert guideline_for_period(2017, 2018) is None
    assert guideline_for_period(2025, 2027) is None


# -- the rules use the guideline of the record's period ------------------------------------------


def _plan(start: int, end: int, *, guideline_id: str | None = None, **extra: object) -> Plan:
    return Plan(
        plan_id=f"x:plan:{start}",
        ats_id="pavia",
        guideline_id=guideline_id,
        period_start=start,
        period_end=end,
        **extra,
    )


@pytest.mark.parametrize(
    ("start", "end", "fires"),
    [(2020, 2023, True), (2017, 2018, False), (2025, 2027, False)],
)
def test_typologies_are_checked_against_the_guideline_of_the_plans_period(
    start: int, end: int, fires: bool
) -> None:
    dataset = valid_dataset()
    dataset.add(_plan(start, end, service_types=("G",)))
    found = [f for f in validate(dataset) if f.code == "unknown-service-type"]
    assert bool(found) is fires
    if fires:
        assert "is not defined by dgr-xi-2398-2019" in found[0].message


@pytest.mark.parametrize(
    ("start", "end", "fires"),
    [(2020, 2023, True), (2017, 2018, False)],
)
def test_lead_kinds_are_checked_against_the_guideline_of_the_plans_period(
    start: int, end: int, fires: bool
) -> None:
    dataset = valid_dataset()
    dataset.add(
        _plan(start, end, alliance_ids=("x:alliance",)),
        Organization(org_id="x:org", name="Acme S.p.A.", kind=OrganizationKind.COMPANY),
        Alliance(
            alliance_id="x:alliance",
            ats_id="pavia",
            plan_id=f"x:plan:{start}",
            name="Alleanza",
            lead_org_id="x:org",
        ),
    )
    codes = {f.code for f in validate(dataset)}
    assert ("alliance-lead-not-eligible" in codes) is fires


@pytest.mark.parametrize(
    ("guideline_id", "year", "fires"),
    [
        ("dgr-x-5969-2016", 2019, False),  # the extension by D.G.R. XI/1017/2018 funded 2019
        ("dgr-x-5969-2016", 2021, True),
        ("dgr-xi-2398-2019", 2019, True),
        ("guidelines-2025-2027", 2026, False),
    ],
)
def test_an_allocation_year_is_checked_against_its_guidelines_period_and_extension(
    guideline_id: str, year: int, fires: bool
) -> None:
    dataset = Dataset(
        allocations=[
            Allocation(
                allocation_id="x",
                ats_id="pavia",
                guideline_id=guideline_id,
                year=year,
                amount_eur=Decimal("1000.00"),
            )
        ]
    )
    codes = {f.code for f in validate(dataset)}
    assert ("allocation-year-outside-period" in codes) is fires


# -- a plan that names no guideline is linked to its period's, and says so -----------------------


def _reading(*plans: Plan) -> Reading:
    source = Source(source_id="montagna:p.txt", ats_id="montagna", name="p.txt", sha256="0" * 64)
    return Reading(source, Dataset(sources=[source], plans=list(plans)))


def test_a_plan_without_a_guideline_gets_its_periods_with_an_info_finding() -> None:
    dataset, findings = merge_readings([_reading(_plan(2017, 2018))])
    (plan,) = dataset.plans
    assert plan.guideline_id == "dgr-x-5969-2016"
    (finding,) = [f for f in findings if f.code == "plan-guideline-from-period"]
    assert finding.entity_id == "x:plan:2017"
    assert finding.path == "guideline_id"
    assert "the guideline of its period 2017-2018" in finding.message


@pytest.mark.parametrize(
    "plan",
    [_plan(2020, 2023, guideline_id="dgr-xi-2398-2019"), _plan(2024, 2024)],
)
def test_a_plan_with_a_guideline_or_without_a_known_period_is_left_as_read(plan: Plan) -> None:
    dataset, findings = merge_readings([_reading(plan)])
    assert dataset.plans == [plan]
    assert [f for f in findings if f.code == "plan-guideline-from-period"] == []


@pytest.mark.parametrize(
    ("cited", "act_id"),
    [
        ("D.G.R. n. X/5969 del 12/12/2016", "regione_lombardia:dgr:x-5969:2016"),
        ("DGR 5969/16", "regione_lombardia:dgr:x-5969:2016"),
        ("D.G.R. n. XI/1017/2018", "regione_lombardia:dgr:xi-1017:2018"),
    ],
)
def test_a_page_citing_the_2017_2018_acts_refers_to_the_cores_records(
    cited: str, act_id: str
) -> None:
    from conciliazione.parsing import parse_act_reference
    from conciliazione.reading import resolve_act

    assert resolve_act(parse_act_reference(cited), ats_id="brescia") == act_id
