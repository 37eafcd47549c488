"""Reconciling with each source of the published figures on its own, within its precision:
the Region's release (rounded to hundreds) fits 0.8/1/1, ATS Pavia's page 0.9/0.9/1."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conciliazione.allocation import (
    AllocationInputError,
    ComparisonStatus,
    PopulationProportional,
    TrancheSchedule,
    allocate_total,
    reconcile_sources,
)
from conciliazione.allocation.population import PopulationTable
from conciliazione.model import Allocation
from conciliazione.regional import regional_dataset

from .conftest import SYNTHETIC_POPULATION

RELEASE = "core:publication:release-2019-11-11-dgr-xi-2398-2019"
PAGE = "pavia:003_cc3c723282e7ce42.txt"


def _published() -> list[Allocation]:
    page = [
        Allocation(
            allocation_id=f"pavia:allocation:{year}",
            ats_id="pavia",
            guideline_id="dgr-xi-2398-2019",
            year=year,
            amount_eur=Decimal(amount),
            source_id=PAGE,
        )
        for year, amount in ((2020, "48834.00"), (2021, "48834.00"), (2022, "54260.00"))
    ]
    return [*regional_dataset().allocations, *page]


def _computed() -> list[Allocation]:
    population = PopulationTable.from_mapping(SYNTHETIC_POPULATION)
    schedule = TrancheSchedule.parse("2020-2022", "0.8,1,1")
    return list(
        allocate_total(Decimal(2800000), population, PopulationProportional(), schedule).allocations
    )


def test_each_source_is_reconciled_on_its_own_and_the_2019_split_is_left_out() -> None:
    results = reconcile_sources(_computed(), _published())
    assert [(r.source_id, len(r.allocations), r.rounding_unit) for r in results] == [
        (RELEASE, 24, Decimal(100)),
        (PAGE, 3, None),
    ]


def test_the_release_fits_0_8_1_1_for_seven_ats_within_one_rounding_unit() -> None:
    release, page = reconcile_sources(_computed(), _published())
    fits = {f.ats_id: f for f in release.fits}
    assert {a for a, f in fits.items() if f.consistent} == set(SYNTHETIC_POPULATION) - {"milano"}
    for fit in fits.values():
        assert fit.fit is not None
        assert fit.fit.schedule.weights == (Decimal("0.80"), Decimal("1.00"), Decimal("1.00"))
    # Milano: 0.8 x 346.000 = 276.800, and the release prints 276.000.
    milano = fits["milano"].fit
    assert milano is not None
    (off,) = milano.reconciliation.differences
    assert (off.year, off.published, off.computed) == (2020, Decimal(276000), Decimal("276800.00"))
    (pavia,) = page.fits
    assert pavia.consistent
    assert pavia.fit is not None
    assert pavia.fit.schedule.weights == (Decimal("0.90"), Decimal("0.90"), Decimal("1.00"))


def test_a_rounded_figure_is_compared_within_half_its_unit() -> None:
    (release,) = reconcile_sources(_computed(), _published(), sources=[RELEASE])
    pavia = [c for c in release.reconciliation.comparisons if c.ats_id == "pavia"]
    # The made-up population gives Pavia 43373.49, 54216.87, 54216.87: each within 50 EUR.
    assert {c.status for c in pavia} == {ComparisonStatus.WITHIN_TOLERANCE}


def test_an_exact_figure_is_not_given_the_release_rounding() -> None:
    (page,) = reconcile_sources(_computed(), _published(), sources=[PAGE])
    assert {c.status for c in page.reconciliation.comparisons} == {ComparisonStatus.DIFFERENT}


def test_an_unknown_source_names_the_sources_there_are() -> None:
    with pytest.raises(
        AllocationInputError, match=f"no published allocations from source x;.*{PAGE}"
    ):
        reconcile_sources(_computed(), _published(), sources=["x"])
