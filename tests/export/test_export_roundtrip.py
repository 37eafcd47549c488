"""Export → read_export gives back the model: money, precision-tagged dates, qualified
quantities, tuples and enums, all as they were (a Hypothesis property over generated data)."""

from __future__ import annotations

import string
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conciliazione.errors import SourceError
from conciliazione.export import SCHEMA_VERSION, export_dataset, read_export
from conciliazione.findings import Finding, Report, Severity
from conciliazione.model import (
    Act,
    ActKind,
    Alliance,
    Allocation,
    AllocationBasis,
    Contact,
    Dataset,
    MemberCategory,
    Network,
    Objective,
    Organization,
    OrganizationKind,
    Plan,
    Project,
    Source,
)
from conciliazione.regional import regional_dataset
from conciliazione.vague import DatePrecision, FuzzyDate, Qualifier, Quantity

Exporter = Callable[..., Path]
MOMENT = datetime(2024, 7, 9, tzinfo=UTC)


def _comparable(dataset: Dataset) -> dict[str, list[dict[str, Any]]]:
    """Records by entity, in id order, as dicts that include the words of vague values."""
    return {
        field: [r.model_dump() for r in sorted(getattr(dataset, field), key=lambda r: r.record_id)]
        for field in Dataset.model_fields
    }


def _export_and_read(dataset: Dataset, findings: list[Finding], out: Path) -> Any:
    export_dataset(dataset, Report(findings), out, include_personal_data=True, exported_at=MOMENT)
    return read_export(out)


# -- examples ----------------------------------------------------------------------------------


def test_the_rich_dataset_comes_back_as_it_was(export: Exporter, dataset: Dataset) -> None:
    back = read_export(export(include_personal_data=True))
    assert _comparable(back.dataset) == _comparable(dataset)
    network = next(n for n in back.dataset.networks if n.network_id == "milano:network")
    assert network.as_of == FuzzyDate.month(2021, 7)
    assert network.as_of is not None and network.as_of.text == "luglio 2021"
    assert network.member_categories[0].kind is OrganizationKind.PUBLIC_BODY
    plan = back.dataset.plans[0]
    assert plan.declared_alliance_count == Quantity(50, Qualifier.AT_LEAST, "oltre 50")
    assert plan.project_ids == ("pavia:project:2", "pavia:project:1")
    computed = back.dataset.allocations[-1]
    assert computed.amount_eur == Decimal("50000.50")
    assert computed.basis is AllocationBasis.COMPUTED
    assert computed.parameters == (("population", "545888"), ("fund", "1000000.00"))


def test_findings_and_metadata_come_back(
    export: Exporter, dataset: Dataset, report_for: Callable[[Dataset], Report]
) -> None:
    back = read_export(export())
    assert back.findings == report_for(dataset).sorted()
    assert {f.code for f in back.findings} >= {"declared-count-mismatch", "missing-section"}
    assert back.metadata["schema_version"] == SCHEMA_VERSION
    assert back.metadata["exported_at"] == "2024-07-09T12:00:00.000000+00:00"
    assert back.metadata["plugins"][0]["ats_id"] == "pavia"
    assert back.metadata["source_checksums"]["pavia:003"] == "c" * 64
    assert "table" not in back.metadata


def test_what_was_not_exported_does_not_come_back(export: Exporter, dataset: Dataset) -> None:
    dataset.add(
        Allocation(
            allocation_id="pavia:bad", ats_id="pavia", year=2020, amount_eur=Decimal("1.001")
        )
    )
    back = read_export(export(dataset))
    assert [c.contact_id for c in back.dataset.contacts] == ["pavia:contact:office"]
    assert "pavia:bad" not in {a.allocation_id for a in back.dataset.allocations}


def test_reading_a_directory_without_an_export_names_the_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"sources\.parquet"):
        read_export(tmp_path)


def test_an_export_of_another_major_schema_version_is_refused(export: Exporter) -> None:
    out = export()
    path = out / "sources.parquet"
    table = pq.read_table(path)
    meta = dict(table.schema.metadata)
    meta[b"schema_version"] = b"2.0.0"
    pq.write_table(table.replace_schema_metadata(meta), path)
    with pytest.raises(SourceError, match=r"schema version 2\.0\.0"):
        read_export(out)


def test_a_corrupt_table_file_is_a_source_error(export: Exporter) -> None:
    out = export()
    (out / "plans.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(SourceError, match=r"plans\.parquet"):
        read_export(out)


# -- the property ------------------------------------------------------------------------------

ids = st.text(string.ascii_lowercase + string.digits + ":-_.", min_size=1, max_size=10)
texts = st.text(st.characters(codec="utf-8"), max_size=12)
maybe_text = st.none() | texts
code_lists = st.lists(texts, max_size=3).map(tuple)
id_lists = st.lists(ids, max_size=3).map(tuple)
years = st.integers(1900, 2100)

fuzzy_dates = st.one_of(
    st.builds(
        FuzzyDate,
        st.dates(date(1900, 1, 1), date(2100, 12, 31)),
        st.just(DatePrecision.DAY),
        maybe_text,
    ),
    st.builds(FuzzyDate.month, years, st.integers(1, 12), maybe_text),
    st.builds(FuzzyDate.half_year, years, st.integers(1, 2), maybe_text),
    st.builds(FuzzyDate.year, years, maybe_text),
)
quantities = st.builds(Quantity, st.integers(0, 2**63 - 1), st.sampled_from(Qualifier), maybe_text)
money = st.one_of(
    st.decimals(
        min_value=Decimal("-9999999999999999.99"),
        max_value=Decimal("9999999999999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    ),
    st.integers(-(10**15), 10**15).map(Decimal),
)
maybe = st.none().__or__


def _records(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    return st.lists(strategy, max_size=3, unique_by=lambda r: r.record_id)


sources = st.builds(
    Source,
    source_id=ids,
    ats_id=maybe(st.sampled_from(["pavia", "milano"])),
    name=texts,
    title=maybe_text,
    updated=maybe(fuzzy_dates),
    sha256=st.text("0123456789abcdef", min_size=64, max_size=64),
    plugin=maybe_text,
    plugin_version=maybe_text,
    builtin=st.booleans(),
)
acts = st.builds(
    Act,
    act_id=ids,
    kind=st.sampled_from(ActKind),
    number=maybe_text,
    date=maybe(fuzzy_dates),
    issuer=texts,
    title=maybe_text,
    ats_id=maybe(ids),
    source_id=maybe(ids),
)
organizations = st.builds(
    Organization,
    org_id=ids,
    name=texts,
    kind=maybe(st.sampled_from(OrganizationKind)),
    codice_fiscale=maybe_text,
    partita_iva=maybe_text,
    ats_id=maybe(ids),
    source_id=maybe(ids),
)
networks = st.builds(
    Network,
    network_id=ids,
    ats_id=ids,
    as_of=maybe(fuzzy_dates),
    member_count=maybe(quantities),
    member_categories=st.lists(
        st.builds(MemberCategory, label=texts, kind=maybe(st.sampled_from(OrganizationKind))),
        max_size=3,
    ).map(tuple),
    member_ids=id_lists,
    description=maybe_text,
    source_id=maybe(ids),
)
plans = st.builds(
    lambda start, length, **kw: Plan(period_start=start, period_end=start + length, **kw),
    start=years,
    length=st.integers(0, 5),
    plan_id=ids,
    ats_id=ids,
    guideline_id=maybe(ids),
    approving_act_id=maybe(ids),
    validation_act_id=maybe(ids),
    validated_on=maybe(fuzzy_dates),
    project_ids=id_lists,
    alliance_ids=id_lists,
    system_actions=code_lists,
    declared_project_count=maybe(quantities),
    declared_alliance_count=maybe(quantities),
    service_types=code_lists,
    target_groups=code_lists,
    beneficiaries=maybe(quantities),
    territory=code_lists,
    report_author=maybe_text,
    source_id=maybe(ids),
)
alliances = st.builds(
    Alliance,
    alliance_id=ids,
    ats_id=ids,
    plan_id=maybe(ids),
    name=maybe_text,
    lead_org_id=maybe(ids),
    lead_name=maybe_text,
    partner_org_ids=id_lists,
    district=maybe_text,
    web_page_label=maybe_text,
    web_page_url=maybe_text,
    source_id=maybe(ids),
)
projects = st.builds(
    Project,
    project_id=ids,
    ats_id=ids,
    plan_id=maybe(ids),
    alliance_id=maybe(ids),
    title=texts,
    lead_org_id=maybe(ids),
    lead_name=maybe_text,
    service_types=code_lists,
    target_groups=code_lists,
    start=maybe(fuzzy_dates),
    end=maybe(fuzzy_dates),
    beneficiaries=maybe(quantities),
    funding=maybe_text,
    source_id=maybe(ids),
)
allocations = st.builds(
    Allocation,
    allocation_id=ids,
    ats_id=ids,
    guideline_id=maybe(ids),
    year=years,
    amount_eur=money,
    basis=st.sampled_from(AllocationBasis),
    act_id=maybe(ids),
    formula=maybe_text,
    parameters=st.lists(st.tuples(texts, texts), max_size=3).map(tuple),
    source_id=maybe(ids),
)
contacts = st.builds(
    Contact,
    contact_id=ids,
    ats_id=ids,
    scope=texts,
    name=maybe_text,
    role=maybe_text,
    phone=maybe_text,
    email=maybe_text,
    personal=st.booleans(),
    source_id=maybe(ids),
)
objectives = st.builds(
    Objective,
    objective_id=ids,
    ats_id=ids,
    ordinal=st.integers(-(2**63), 2**63 - 1),
    text=texts,
    source_id=maybe(ids),
)
findings = st.lists(
    st.builds(
        Finding,
        code=ids,
        severity=st.sampled_from(Severity),
        message=texts,
        entity=maybe_text,
        entity_id=maybe_text,
        path=maybe_text,
        ats_id=maybe(ids),
        source_id=maybe(ids),
    ),
    max_size=4,
)


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    dataset = regional_dataset()
    for strategy in (
        sources,
        acts,
        organizations,
        networks,
        plans,
        alliances,
        projects,
        allocations,
        contacts,
        objectives,
    ):
        dataset.add(*draw(_records(strategy)))
    return dataset


@settings(max_examples=40, deadline=None)
@given(dataset=datasets(), findings=findings)
def test_export_then_read_gives_back_the_same_records(
    dataset: Dataset, findings: list[Finding]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        back = _export_and_read(dataset, findings, Path(tmp) / "out")
    assert _comparable(back.dataset) == _comparable(dataset)
    assert back.findings == Report(findings).sorted()
    for allocation in back.dataset.allocations:
        exponent = allocation.amount_eur.as_tuple().exponent
        assert exponent == -2  # always to the cent, whatever was given


@settings(max_examples=25, deadline=None)
@given(dataset=datasets())
def test_every_vague_value_keeps_its_words(dataset: Dataset) -> None:
    """FuzzyDate ignores its text in ==; check the words separately, value by value."""
    with tempfile.TemporaryDirectory() as tmp:
        back = _export_and_read(dataset, [], Path(tmp) / "out")
    before = {(type(r).__name__, r.record_id): r for r in dataset.records()}
    for record in back.dataset.records():
        original = before[(type(record).__name__, record.record_id)]
        for name in type(record).model_fields:
            value, expected = getattr(record, name), getattr(original, name)
            if isinstance(expected, (FuzzyDate, Quantity)):
                assert (value.text, str(value)) == (expected.text, str(expected))


def test_a_table_read_back_has_the_arrow_types_of_the_contract(export: Exporter) -> None:
    table = pq.read_table(export() / "allocations.parquet")
    assert table.schema.field("amount_eur").type == pa.decimal128(18, 2)
