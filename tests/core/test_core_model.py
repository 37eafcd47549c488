"""The domain model: region-wide data, money, ids and the dataset container."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

import conciliazione
from conciliazione.errors import UnknownAtsError
from conciliazione.model import Allocation, Dataset, Plan


def test_importing_the_package_gives_the_model_the_guideline_and_validate() -> None:
    guideline = conciliazione.get_guideline()
    assert guideline.guideline_id == "dgr-xi-2398-2019"
    assert [t.code for t in guideline.service_types] == ["A", "B", "C", "D", "E", "F"]
    assert (guideline.period_start, guideline.period_end) == (2020, 2023)
    assert callable(conciliazione.validate)
    assert conciliazione.Plan is Plan


def test_a_typology_keeps_code_and_label_apart() -> None:
    a = conciliazione.get_guideline().service_type("A")
    assert a.label == "servizi di assistenza e supporto al caregiver familiare"
    assert a.label_en.startswith("assistance")


def test_the_guideline_cites_the_dgr_and_the_implementing_decree() -> None:
    ds = conciliazione.regional_dataset()
    acts = {a.act_id: a for a in ds.acts}
    numbers = [acts[i].number for i in conciliazione.get_guideline().act_ids]
    assert numbers == ["XI/2398", "486"]
    assert str(acts["regione_lombardia:regional_decree:486:2020"].date) == "2020-01-17"


def test_the_eight_ats_have_stable_ids_and_territories() -> None:
    ids = [a.ats_id for a in conciliazione.all_ats()]
    assert ids == [
        "milano",
        "insubria",
        "montagna",
        "brianza",
        "bergamo",
        "brescia",
        "val_padana",
        "pavia",
    ]
    montagna = conciliazione.get_ats("montagna")
    assert montagna.territory == ("provincia di Sondrio", "Valle Camonica", "Medio e Alto Lario")


def test_an_unknown_ats_lists_the_valid_ids() -> None:
    with pytest.raises(UnknownAtsError, match="val_padana") as info:
        conciliazione.get_ats("lecco")
    assert isinstance(info.value, LookupError)


def test_money_refuses_floats() -> None:
    with pytest.raises(ValidationError, match="not a float"):
        Allocation(allocation_id="a", ats_id="pavia", year=2020, amount_eur=48834.0)
    ok = Allocation(allocation_id="a", ats_id="pavia", year=2020, amount_eur="48834.00")
    assert ok.amount_eur == Decimal("48834.00")


def test_records_are_frozen_and_reject_unknown_fields() -> None:
    plan = Plan(plan_id="p", ats_id="pavia", period_start=2020, period_end=2023)
    with pytest.raises(ValidationError):
        plan.ats_id = "milano"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="extra"):
        Plan(plan_id="p", ats_id="pavia", period_start=2020, period_end=2023, colour="red")  # type: ignore[call-arg]


def test_a_plan_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="before it starts"):
        Plan(plan_id="p", ats_id="pavia", period_start=2023, period_end=2020)


def test_merging_keeps_every_record_even_duplicates() -> None:
    one = Dataset()
    one.add(Plan(plan_id="p", ats_id="pavia", period_start=2020, period_end=2023))
    merged = one.merge(one)
    assert merged.counts()["plan"] == 2
    assert len(one) == 1


def test_the_regional_dataset_is_a_fresh_copy_each_time() -> None:
    first = conciliazione.regional_dataset()
    first.ats.clear()
    assert len(conciliazione.regional_dataset().ats) == 8
