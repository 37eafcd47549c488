"""Builders for small, valid datasets that the core tests then break one field at a time."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conciliazione.model import (
    Act,
    ActKind,
    Alliance,
    Allocation,
    Dataset,
    Organization,
    OrganizationKind,
    Plan,
    Project,
)
from conciliazione.regional import regional_dataset
from conciliazione.vague import FuzzyDate, Quantity

DGR_2398 = "regione_lombardia:dgr:xi-2398:2019"
GUIDELINE = "dgr-xi-2398-2019"


def valid_dataset() -> Dataset:
    """A small dataset that every core rule accepts: one plan, one alliance, one project."""
    ds = regional_dataset()
    # The Region's published splits carry findings of their own (a misprint, a headline that
    # the lines do not add up to); tests/core/test_core_figures.py checks those.
    ds.allocations = []
    ds.add(
        Act(
            act_id="pavia:ats_decree:247-dgi:2020",
            kind=ActKind.ATS_DECREE,
            number="247/DGi",
            date=FuzzyDate.day(2020, 5, 28),
            issuer="pavia",
            ats_id="pavia",
        ),
        Organization(
            org_id="pavia:org:comune", name="Comune di Pavia", kind=OrganizationKind.PUBLIC_BODY
        ),
        Plan(
            plan_id="pavia:plan",
            ats_id="pavia",
            guideline_id=GUIDELINE,
            period_start=2020,
            period_end=2023,
            approving_act_id="pavia:ats_decree:247-dgi:2020",
            validated_on=FuzzyDate.day(2020, 6, 22),
            project_ids=("pavia:project:1",),
            alliance_ids=("pavia:alliance:1",),
            declared_project_count=Quantity.exact(1),
            service_types=("A", "B"),
        ),
        Alliance(
            alliance_id="pavia:alliance:1",
            ats_id="pavia",
            plan_id="pavia:plan",
            name="Alleanza",
            lead_org_id="pavia:org:comune",
            lead_name="Comune di Pavia",
        ),
        Project(
            project_id="pavia:project:1",
            ats_id="pavia",
            plan_id="pavia:plan",
            alliance_id="pavia:alliance:1",
            title="Doposcuola",
            lead_org_id="pavia:org:comune",
            service_types=("B",),
            start=FuzzyDate.month(2020, 9),
            end=FuzzyDate.year(2022),
        ),
        Allocation(
            allocation_id="pavia:allocation:2020",
            ats_id="pavia",
            guideline_id=GUIDELINE,
            year=2020,
            amount_eur=Decimal("48834.00"),
            act_id=DGR_2398,
        ),
    )
    return ds


@pytest.fixture
def dataset() -> Dataset:
    return valid_dataset()
