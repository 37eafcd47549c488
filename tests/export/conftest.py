"""Hand-built datasets for the export tests: every table gets rows, every kind of vagueness.

They do not depend on the ATS plugins (``test_export_plugins_integration`` does).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conciliazione.findings import Finding, Report, Severity
from conciliazione.model import (
    Act,
    ActKind,
    Alliance,
    Allocation,
    AllocationBasis,
    Contact,
    Dataset,
    Evidence,
    MemberCategory,
    Network,
    Objective,
    Organization,
    OrganizationKind,
    Plan,
    Project,
    Source,
)
from conciliazione.plugins import PluginInfo, hookimpl, make_plugin_host
from conciliazione.plugins.adapter import AtsAdapter
from conciliazione.regional import regional_dataset
from conciliazione.vague import FuzzyDate, Qualifier, Quantity
from conciliazione.validation import validate

GUIDELINE = "dgr-xi-2398-2019"
DGR_2398 = "regione_lombardia:dgr:xi-2398:2019"
EXPORTED_AT = datetime(2024, 7, 9, 12, 0, tzinfo=UTC)


class FakePaviaPlugin:
    """The smallest plugin there is: it only says which ATS it adapts."""

    @hookimpl
    def conciliazione_register(self, register: Callable[[AtsAdapter], None]) -> None:
        register(AtsAdapter(ats_id="pavia"))


def rich_dataset() -> Dataset:
    """A valid dataset with rows in every table, deliberately given out of id order."""
    ds = regional_dataset()
    # The Region's published splits are the integration tests' (a fresh export); here the
    # allocations are the few below, so that each test can see every row.
    ds.allocations = []
    pavia, milano = "pavia:003", "milano:001"
    ds.add(
        Source(
            source_id=pavia,
            ats_id="pavia",
            name="003_cc3c723282e7ce42.txt",
            title="Conciliazione vita-lavoro",
            updated=FuzzyDate.day(2024, 7, 9, "09/07/2024"),
            sha256="c" * 64,
            plugin="conciliazione-ats-pavia",
            plugin_version="0.1.0",
        ),
        Source(
            source_id=milano,
            ats_id="milano",
            name="001_95dcb50e4e9d41be.txt",
            sha256="9" * 64,
            builtin=False,
        ),
        Act(
            act_id="pavia:ats_decree:247-dgi:2020",
            kind=ActKind.ATS_DECREE,
            number="247/DGi",
            date=FuzzyDate.day(2020, 5, 28, "28/05/2020"),
            issuer="pavia",
            title="approvazione del Piano",
            ats_id="pavia",
            source_id=pavia,
        ),
        Act(
            act_id="pavia:regional_note:s-n:2020",
            kind=ActKind.REGIONAL_NOTE,
            date=FuzzyDate.month(2020, 6, "nel mese di giugno 2020"),
            issuer="regione_lombardia",
            ats_id="pavia",
            source_id=pavia,
        ),
        Organization(
            org_id="pavia:org:comune",
            name="Comune di Pavia",
            kind=OrganizationKind.PUBLIC_BODY,
            ats_id="pavia",
            source_id=pavia,
        ),
        Organization(org_id="pavia:org:coop", name="Coop. Forme", source_id=pavia),
        Network(
            network_id="milano:network",
            ats_id="milano",
            as_of=FuzzyDate.month(2021, 7, "luglio 2021"),
            member_count=Quantity(398, Qualifier.EXACT, "398 enti"),
            member_categories=(
                MemberCategory(label="Soggetti pubblici", kind=OrganizationKind.PUBLIC_BODY),
                MemberCategory(label="Associazioni datoriali"),
            ),
            source_id=milano,
        ),
        Network(
            network_id="montagna:network:2018",
            ats_id="montagna",
            as_of=FuzzyDate.half_year(2018, 1, "nel primo semestre 2018"),
            member_count=Quantity(100, Qualifier.ALMOST, "quasi cento"),
            member_ids=("pavia:org:coop",),
            source_id=milano,
        ),
        Plan(
            plan_id="pavia:plan:2020-2023",
            ats_id="pavia",
            guideline_id=GUIDELINE,
            period_start=2020,
            period_end=2023,
            approving_act_id="pavia:ats_decree:247-dgi:2020",
            validation_act_id="pavia:regional_note:s-n:2020",
            validated_on=FuzzyDate.year(2020),
            project_ids=("pavia:project:2", "pavia:project:1"),
            alliance_ids=("pavia:alliance:1",),
            declared_project_count=Quantity(6, Qualifier.EXACT, "sei progetti"),
            declared_alliance_count=Quantity(50, Qualifier.AT_LEAST, "oltre 50"),
            service_types=("A", "B"),
            beneficiaries=Quantity(100, Qualifier.ABOUT, "un centinaio"),
            territory=("provincia di Pavia",),
            report_author="Studio COME s.r.l.",
            source_id=pavia,
        ),
        Alliance(
            alliance_id="pavia:alliance:1",
            ats_id="pavia",
            plan_id="pavia:plan:2020-2023",
            name="Alleanza di Pavia",
            lead_org_id="pavia:org:comune",
            lead_name="Comune di Pavia",
            partner_org_ids=("pavia:org:coop",),
            district="Ambito di Pavia",
            web_page_label="sito",
            web_page_url="https://example.org/alleanza",
            source_id=pavia,
        ),
        Project(
            project_id="pavia:project:2",
            ats_id="pavia",
            plan_id="pavia:plan:2020-2023",
            alliance_id="pavia:alliance:1",
            title="Zeta: second project",
            lead_name="Coop. Forme",
            lead_org_id="pavia:org:coop",
            service_types=("A",),
            target_groups=("anziani",),
            source_id=pavia,
        ),
        Project(
            project_id="pavia:project:1",
            ats_id="pavia",
            plan_id="pavia:plan:2020-2023",
            alliance_id="pavia:alliance:1",
            title="Baby Hub",
            lead_name="Comune di Pavia",
            lead_org_id="pavia:org:comune",
            service_types=("A", "B"),
            target_groups=("minori", "famiglie"),
            start=FuzzyDate.month(2020, 9, "settembre 2020"),
            end=FuzzyDate.half_year(2022, 2),
            beneficiaries=Quantity(50, Qualifier.ABOUT, "circa la metà"),
            source_id=pavia,
        ),
        *(
            Allocation(
                allocation_id=f"pavia:allocation:{year}",
                ats_id="pavia",
                guideline_id=GUIDELINE,
                year=year,
                amount_eur=Decimal(amount),
                act_id=DGR_2398,
                source_id=pavia,
                amount_text=text,
                rounding_unit_eur=None if text is None else Decimal("0.01"),
            )
            for year, amount, text in (
                (2022, "54260.00", "54.260,00"),
                (2020, "48834.00", None),
                (2021, "48834.00", "48.834,00"),
            )
        ),
        Allocation(
            allocation_id="pavia:allocation:computed:2023",
            ats_id="pavia",
            guideline_id=GUIDELINE,
            year=2023,
            amount_eur=Decimal("50000.5"),
            basis=AllocationBasis.COMPUTED,
            formula="population",
            parameters=(("population", "545888"), ("fund", "1000000.00")),
            source_id=pavia,
        ),
        Contact(
            contact_id="pavia:contact:office",
            ats_id="pavia",
            scope="informazioni generali",
            email="conciliazione@example.org",
            personal=False,
            source_id=pavia,
        ),
        Contact(
            contact_id="pavia:contact:official",
            ats_id="pavia",
            scope="referente",
            name="Maria Rossi",
            role="referente",
            phone="0382 000000",
            email="maria.rossi@example.org",
            personal=True,
            source_id=pavia,
        ),
        Objective(
            objective_id="pavia:objective:2",
            ats_id="pavia",
            ordinal=2,
            text="Secondo obiettivo",
            source_id=pavia,
        ),
        Objective(
            objective_id="pavia:objective:1",
            ats_id="pavia",
            ordinal=1,
            text="Primo obiettivo",
            source_id=pavia,
        ),
    )
    ds.evidence = [
        Evidence(
            entity="objective",
            record_id="pavia:objective:1",
            field="text",
            source_id=pavia,
            ats_id="pavia",
            start=10,
            end=25,
            quote="Primo obiettivo",
        ),
        Evidence(
            entity="contact",
            record_id="pavia:contact:official",
            field="name",
            source_id=pavia,
            ats_id="pavia",
            start=40,
            end=51,
            quote="Maria Rossi",
            personal=True,
        ),
        Evidence(
            entity="contact",
            record_id="pavia:contact:office",
            field="personal",
            source_id=pavia,
            ats_id="pavia",
            derivation="institutional-contact",
        ),
    ]
    return ds


def rich_report(dataset: Dataset) -> Report:
    """The core rules' report on ``dataset``, plus a reader finding."""
    reader = Finding(
        "missing-section",
        Severity.WARNING,
        "no 'Contatti' section",
        entity="source",
        entity_id="milano:001",
        ats_id="milano",
        source_id="milano:001",
    )
    return validate(dataset, extra_findings=[reader])


def plugin_infos(*plugins: object) -> tuple[PluginInfo, ...]:
    """What a host that loaded only the given plugin objects says about them."""
    return tuple(make_plugin_host(entry_points=False, plugins=plugins).plugins)


Exporter = Callable[..., Path]


@pytest.fixture
def dataset() -> Dataset:
    return rich_dataset()


@pytest.fixture
def exported_at() -> datetime:
    """The export time the ``export`` fixture records unless told otherwise."""
    return EXPORTED_AT


@pytest.fixture
def fake_plugin() -> object:
    """A plugin object adapting ATS Pavia, with no reader."""
    return FakePaviaPlugin()


@pytest.fixture(name="report_for")
def _report_for() -> Callable[[Dataset], Report]:
    """``report_for(dataset)`` → the core rules' report plus one reader finding."""
    return rich_report


@pytest.fixture
def export(tmp_path: Path) -> Exporter:
    """``export(dataset=None, name="out", **options)`` → the export directory.

    The export is made with the fake Pavia plugin and at :data:`EXPORTED_AT` unless told.
    """
    from conciliazione.export import export_dataset

    def run(dataset: Dataset | None = None, name: str = "out", **options: Any) -> Path:
        ds = dataset or rich_dataset()
        out = tmp_path / name
        options.setdefault("exported_at", EXPORTED_AT)
        plugins = plugin_infos(FakePaviaPlugin())
        export_dataset(ds, rich_report(ds), out, plugins=plugins, **options)
        return out

    return run


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rich dataset exported once for the session, partitioned, with personal data
    withheld: read it, never change it (use ``export`` for an export of your own)."""
    from conciliazione.export import export_dataset

    ds = rich_dataset()
    out = tmp_path_factory.mktemp("exported") / "out"
    plugins = plugin_infos(FakePaviaPlugin())
    export_dataset(
        ds, rich_report(ds), out, plugins=plugins, partition=True, exported_at=EXPORTED_AT
    )
    return out
