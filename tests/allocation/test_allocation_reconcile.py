"""Reconciling published allocations: Pavia's figures, tolerances, findings as data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conciliazione.allocation import (
    AllocationInputError,
    ComparisonStatus,
    PopulationProportional,
    Tolerance,
    TrancheSchedule,
    allocate,
    allocation_finding_types,
    fit_base,
    infer_schedule,
    reconcile,
    reconcile_schedule,
)
from conciliazione.findings import Severity
from conciliazione.model import Allocation, AllocationBasis
from conciliazione.rules import core_registry

PAVIA = {2020: Decimal("48834.00"), 2021: Decimal("48834.00"), 2022: Decimal("54260.00")}
"""ATS Pavia's allocation under D.G.R. 2398/2019, as its page publishes it (seed 003)."""
PAVIA_SCHEDULE = TrancheSchedule.parse("2020-2022", "0.9,0.9,1.0")
PRESS_SCHEDULE = TrancheSchedule.parse("2020-2022", "0.8,1.0,1.0")
"""The tranches the regional press table implies for every ATS."""


def published(
    ats_id: str, year: int, amount: str, guideline: str | None = "dgr-xi-2398-2019"
) -> Allocation:
    return Allocation(
        allocation_id=f"{ats_id}:allocation:{year}",
        ats_id=ats_id,
        guideline_id=guideline,
        year=year,
        amount_eur=Decimal(amount),
        source_id=f"{ats_id}:page.txt",
    )


def test_pavia_is_consistent_with_a_base_of_54260_and_a_90_90_100_schedule() -> None:
    reconciliation = reconcile_schedule(PAVIA, Decimal("54260.00"), PAVIA_SCHEDULE, ats_id="pavia")
    assert reconciliation.consistent
    assert reconciliation.findings == ()
    assert [c.status for c in reconciliation.comparisons] == [ComparisonStatus.EQUAL] * 3
    assert [c.difference for c in reconciliation.comparisons] == [Decimal(0)] * 3


def test_pavia_is_not_consistent_with_the_press_tables_schedule() -> None:
    reconciliation = reconcile_schedule(PAVIA, Decimal("54260.00"), PRESS_SCHEDULE, ats_id="pavia")
    assert not reconciliation.consistent
    first, second = reconciliation.differences
    assert (first.year, first.computed, first.difference) == (
        2020,
        Decimal("43408.00"),
        Decimal("5426.00"),
    )
    assert first.relative_difference == Decimal("0.125000")
    assert (second.year, second.difference, second.relative_difference) == (
        2021,
        Decimal("-5426.00"),
        Decimal("-0.100000"),
    )
    messages = [f.message for f in reconciliation.findings]
    assert messages[0] == (
        "ATS pavia, 2020: published 48834.00 EUR, computed 43408.00 EUR; "
        "difference +5426.00 EUR (+12.50%)"
    )
    assert {f.code for f in reconciliation.findings} == {"allocation-differs-from-published"}
    assert {f.severity for f in reconciliation.findings} == {Severity.WARNING}


def test_the_base_and_schedule_are_recovered_from_pavias_figures() -> None:
    assert fit_base(PAVIA, PAVIA_SCHEDULE) == Decimal("54260.00")
    fit = infer_schedule(PAVIA, ats_id="pavia")
    assert fit.consistent
    assert fit.base == Decimal("54260.00")
    assert fit.schedule == PAVIA_SCHEDULE
    assert str(fit) == (
        "ATS pavia: consistent with a base of 54260.00 EUR and a 0.9/0.9/1.0 schedule (2020-2022)"
    )


def test_a_schedule_fitted_to_a_given_base_reports_what_rounding_made_up() -> None:
    # 48834 / 60000 = 0.8139: whole percentages cannot reproduce it, and the fit says so.
    fit = infer_schedule(PAVIA, Decimal("60000"), ats_id="pavia")
    assert not fit.consistent
    assert fit.schedule.weights == (Decimal("0.81"), Decimal("0.81"), Decimal("0.90"))


def test_published_records_keep_their_ids_and_sources_in_the_findings() -> None:
    records = [published("pavia", year, str(amount)) for year, amount in PAVIA.items()]
    reconciliation = reconcile_schedule(records, Decimal("54260"), PRESS_SCHEDULE)
    finding = reconciliation.findings[0]
    assert (finding.ats_id, finding.entity, finding.entity_id, finding.source_id) == (
        "pavia",
        "allocation",
        "pavia:allocation:2020",
        "pavia:page.txt",
    )
    assert finding.path == "amount_eur"


def test_a_tolerance_turns_rounded_figures_into_information() -> None:
    rounded = {2020: Decimal("48800"), 2021: Decimal("48834.00"), 2022: Decimal("54300")}
    strict = reconcile_schedule(rounded, Decimal("54260"), PAVIA_SCHEDULE)
    assert [c.status for c in strict.differences] == [ComparisonStatus.DIFFERENT] * 2
    lenient = reconcile_schedule(
        rounded, Decimal("54260"), PAVIA_SCHEDULE, tolerance=Tolerance(absolute=Decimal("50"))
    )
    assert lenient.consistent
    assert [f.code for f in lenient.findings] == ["allocation-rounding-difference"] * 2
    relative = reconcile_schedule(
        rounded, Decimal("54260"), PAVIA_SCHEDULE, tolerance=Tolerance(relative=Decimal("0.001"))
    )
    assert relative.consistent


def test_missing_years_on_either_side_are_reported() -> None:
    reconciliation = reconcile_schedule(
        {2021: Decimal("48834"), 2023: Decimal("1")}, Decimal("54260"), PAVIA_SCHEDULE
    )
    by_year = {c.year: c.status for c in reconciliation.comparisons}
    assert by_year == {
        2020: ComparisonStatus.MISSING_PUBLISHED,
        2021: ComparisonStatus.EQUAL,
        2022: ComparisonStatus.MISSING_PUBLISHED,
        2023: ComparisonStatus.MISSING_COMPUTED,
    }
    assert not reconciliation.consistent


def test_computed_allocations_are_matched_with_published_ones_by_ats_and_year() -> None:
    populations = {"pavia": 1, "milano": 3}
    computed = allocate(
        Decimal("217040"),
        populations,
        PopulationProportional(),
        PAVIA_SCHEDULE,
        require_all_ats=False,
    )
    assert computed.base("pavia") == Decimal("54260.00")
    records = [
        published("pavia", 2020, "48834.00"),
        published("pavia", 2021, "48834.00"),
        published("pavia", 2022, "54000.00"),
        published("pavia", 2024, "1.00"),
        published("pavia", 2020, "999.00", guideline="another-programme"),
        Allocation(
            allocation_id="x",
            ats_id="pavia",
            year=2020,
            amount_eur=Decimal("5"),
            basis=AllocationBasis.COMPUTED,
        ),
    ]
    reconciliation = reconcile(computed.allocations, records)
    assert [(f.code, f.entity_id) for f in reconciliation.findings] == [
        ("allocation-differs-from-published", "pavia:allocation:2022"),
        ("allocation-missing-computed", "pavia:allocation:2024"),
    ]
    difference = reconciliation.differences[0]
    assert difference.difference == Decimal("-260.00")
    assert difference.relative_difference == Decimal("-0.004792")
    # Milano publishes nothing: reported only when asked for every ATS.
    everything = reconcile(computed.allocations, records, every_ats=True)
    missing = [c for c in everything.comparisons if c.status is ComparisonStatus.MISSING_PUBLISHED]
    assert {(c.ats_id, c.year) for c in missing} == {
        ("milano", 2020),
        ("milano", 2021),
        ("milano", 2022),
    }


def test_published_amounts_of_several_ats_cannot_fit_one_schedule() -> None:
    with pytest.raises(AllocationInputError, match="several ATS"):
        infer_schedule([published("pavia", 2020, "1"), published("milano", 2020, "2")])
    with pytest.raises(AllocationInputError, match="no published amounts"):
        infer_schedule({})


def test_the_finding_types_can_join_the_catalogue() -> None:
    registry = core_registry()
    for finding_type in allocation_finding_types():
        registry.add_type(finding_type)
    codes = {t.code for t in allocation_finding_types()}
    assert codes == {
        "allocation-differs-from-published",
        "allocation-rounding-difference",
        "allocation-missing-published",
        "allocation-missing-computed",
    }
    severities = {t.code: t.severity for t in allocation_finding_types()}
    assert severities["allocation-differs-from-published"] is Severity.WARNING
    assert severities["allocation-missing-published"] is Severity.INFO
