"""Each core rule, shown firing on one broken field and silent on the valid dataset."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conciliazione import validate
from conciliazione.findings import Severity
from conciliazione.model import Dataset, Organization, OrganizationKind
from conciliazione.rules import core_registry
from conciliazione.vague import FuzzyDate, Qualifier, Quantity

from .conftest import valid_dataset


def replace(ds: Dataset, entity: str, index: int = 0, **changes: Any) -> Dataset:
    records = ds.of(entity)
    records[index] = records[index].model_copy(update=changes)
    return ds


def codes(ds: Dataset) -> set[str]:
    return {f.code for f in validate(ds)}


def test_the_valid_dataset_has_no_findings(dataset: Dataset) -> None:
    assert list(validate(dataset)) == []


@pytest.mark.parametrize(
    ("entity", "changes", "code", "path"),
    [
        (
            "allocation",
            {"amount_eur": Decimal("0")},
            "allocation-amount-not-positive",
            "amount_eur",
        ),
        ("allocation", {"amount_eur": Decimal("-5.00")}, "allocation-amount-not-positive", None),
        ("allocation", {"amount_eur": Decimal("48834.001")}, "allocation-amount-precision", None),
        ("allocation", {"amount_eur": Decimal("1E+16")}, "allocation-amount-too-large", None),
        ("allocation", {"year": 2019}, "allocation-year-outside-period", "year"),
        ("allocation", {"year": 2024}, "allocation-year-outside-period", "year"),
        ("project", {"service_types": ("B", "G")}, "unknown-service-type", "service_types[1]"),
        ("plan", {"service_types": ("Z",)}, "unknown-service-type", "service_types[0]"),
        ("project", {"start": FuzzyDate.day(2023, 1, 1)}, "dates-out-of-order", "end"),
        ("plan", {"validated_on": FuzzyDate.month(2020, 4)}, "dates-out-of-order", None),
        ("project", {"end": FuzzyDate.year(2025)}, "date-outside-period", "end"),
        ("plan", {"declared_project_count": Quantity.exact(6)}, "declared-count-mismatch", None),
        ("organization", {"codice_fiscale": "RSSMRA80A01F205Y"}, "invalid-codice-fiscale", None),
        ("organization", {"partita_iva": "00000000001"}, "invalid-partita-iva", None),
        ("organization", {"kind": OrganizationKind.COMPANY}, "alliance-lead-not-eligible", None),
        ("organization", {"kind": None}, "alliance-lead-kind-unknown", "lead_org_id"),
        ("project", {"plan_id": "pavia:plan:nope"}, "dangling-reference", "plan_id"),
        ("allocation", {"act_id": "regione_lombardia:dgr:0:2000"}, "dangling-reference", None),
        ("plan", {"project_ids": ("x",)}, "dangling-reference", "project_ids[0]"),
        ("allocation", {"ats_id": "lecco"}, "unknown-ats", "ats_id"),
    ],
)
def test_each_rule_fires_on_the_field_it_guards(
    entity: str, changes: dict[str, Any], code: str, path: str | None
) -> None:
    report = validate(replace(valid_dataset(), entity, -1, **changes))
    matching = [f for f in report if f.code == code]
    assert matching, f"{code} did not fire; got {[str(f) for f in report]}"
    if path is not None:
        assert matching[0].path == path
    assert matching[0].severity is core_registry().type(code).severity


def test_a_finding_names_the_entity_record_ats_and_source(dataset: Dataset) -> None:
    (finding,) = validate(replace(dataset, "allocation", year=2030))
    assert finding.entity == "allocation"
    assert finding.entity_id == "pavia:allocation:2020"
    assert finding.ats_id == "pavia"
    assert "2030" in finding.message


def test_an_approximate_declared_count_is_not_held_to_the_listed_one(dataset: Dataset) -> None:
    about_six = Quantity(6, Qualifier.ABOUT, "una sei")
    assert "declared-count-mismatch" not in codes(
        replace(dataset, "plan", declared_project_count=about_six)
    )


def test_the_declared_count_mismatch_is_a_warning_and_keeps_both_numbers(
    dataset: Dataset,
) -> None:
    ds = replace(dataset, "plan", declared_project_count=Quantity(6, text="sei progetti"))
    (finding,) = validate(ds)
    assert finding.severity is Severity.WARNING
    assert "declares 6" in finding.message and "lists 1" in finding.message
    assert ds.plans[0].declared_project_count == Quantity(6, text="sei progetti")
    assert ds.plans[0].listed_project_count == 1


def test_valid_fiscal_codes_pass(dataset: Dataset) -> None:
    ds = replace(
        dataset, "organization", codice_fiscale="RSSMRA80A01F205X", partita_iva="00743110157"
    )
    assert list(validate(ds)) == []


def test_imprecise_dates_are_compared_generously(dataset: Dataset) -> None:
    """Validated "in June 2020" after a decree of 28 May: cannot be proved out of order."""
    ds = replace(dataset, "plan", validated_on=FuzzyDate.month(2020, 5))
    assert "dates-out-of-order" not in codes(ds)


def test_a_duplicated_record_is_reported_once(dataset: Dataset) -> None:
    ds = dataset.merge(Dataset(projects=[dataset.projects[0]]))
    findings = [f for f in validate(ds) if f.code == "duplicate-id"]
    assert len(findings) == 1
    assert "2 project records" in findings[0].message


def test_every_core_rule_has_a_catalogue_entry() -> None:
    registry = core_registry()
    for rule in registry.rules:
        entry = registry.type(rule.code)
        assert entry.title and entry.description and entry.fix
        assert entry.origin == "core"


@given(amount=st.decimals(allow_nan=False, allow_infinity=False, places=None))
def test_amount_rules_fire_exactly_when_the_amount_is_bad(amount: Decimal) -> None:
    found = codes(replace(valid_dataset(), "allocation", amount_eur=amount))
    exponent = amount.as_tuple().exponent
    assert ("allocation-amount-not-positive" in found) == (not amount > 0)
    assert ("allocation-amount-precision" in found) == (isinstance(exponent, int) and exponent < -2)
    too_large = amount.is_finite() and abs(amount) >= Decimal(10) ** 16
    assert ("allocation-amount-too-large" in found) == too_large


@given(year=st.integers(min_value=1900, max_value=2100))
def test_the_year_rule_fires_exactly_outside_the_period(year: int) -> None:
    found = codes(replace(valid_dataset(), "allocation", year=year))
    assert ("allocation-year-outside-period" in found) == (not 2020 <= year <= 2023)


@given(
    name=st.text(max_size=30),
    kind=st.none() | st.sampled_from(OrganizationKind),
    cf=st.none() | st.text(max_size=20),
    piva=st.none() | st.text(max_size=15),
)
def test_validation_never_raises_for_bad_data(
    name: str, kind: OrganizationKind | None, cf: str | None, piva: str | None
) -> None:
    ds = valid_dataset()
    ds.add(Organization(org_id="x", name=name, kind=kind, codice_fiscale=cf, partita_iva=piva))
    report = validate(ds)
    assert all(f.code in core_registry() for f in report)
