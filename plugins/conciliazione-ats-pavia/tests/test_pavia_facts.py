"""What the ATS Pavia plugin reads from its page, and how it follows a page that changes.

The first part states every fact the plugin yields from the shipped page; it doubles as
documentation of the plugin's output. The second part reads edited copies of the page: the
reader parses the text, so an edited amount, list or date must show up in the records, and a
missing section in the findings. The last part tests the plugin's rule.
"""

from __future__ import annotations

from decimal import Decimal

import conciliazione_ats_pavia
import pytest
from conciliazione_ats_pavia.reader import read_page, recognizes

from conciliazione.documents import Document, document_from_bytes
from conciliazione.findings import Report, Severity
from conciliazione.model import REGION, ActKind, AllocationBasis, Contact, OrganizationKind
from conciliazione.reading import Reading
from conciliazione.regional import regional_dataset
from conciliazione.testing import (
    EMPTY_PAGE,
    builtin_document,
    cut,
    edited,
    installed_pages,
    validate_readings,
)
from conciliazione.vague import DatePrecision, FuzzyDate

PAGE = "003_cc3c723282e7ce42.txt"
DGR_2398 = "regione_lombardia:dgr:xi-2398:2019"
DECREE_486 = "regione_lombardia:regional_decree:486:2020"
GUIDELINE = "dgr-xi-2398-2019"
DECREE_101 = "pavia:ats_decree:101-dgi:2020"
DECREE_247 = "pavia:ats_decree:247-dgi:2020"
NOTE = "regione_lombardia:regional_note:s-n:2020:pavia-2020-06-22"
SEEDS = {
    "000_85faaafccf00cc38.txt",
    "001_95dcb50e4e9d41be.txt",
    "002_6ae0d52e84f3c1d6.txt",
    "003_cc3c723282e7ce42.txt",
    "004_83bb4573c395bed2.txt",
}
"""The five published pages, shipped by the Montagna, Milano, Pavia and Brescia plugins."""


def _builtin() -> Document:
    return builtin_document(conciliazione_ats_pavia, PAGE)


def _edited(old: str, new: str) -> Reading:
    """Read a copy of the shipped page with ``old`` (which must be there) replaced by ``new``."""
    return read_page(edited(_builtin(), old, new))


@pytest.fixture(scope="module")
def reading() -> Reading:
    return read_page(_builtin())


def _allocations(reading: Reading) -> dict[int, Decimal]:
    return {a.year: a.amount_eur for a in reading.dataset.allocations}


def _codes(reading: Reading) -> list[str]:
    return sorted(f.code for f in reading.findings)


# -- the facts of the shipped page --------------------------------------------------------------


def test_the_source_is_the_page_with_its_heading_and_update_day(reading: Reading) -> None:
    source = reading.source
    assert source.source_id == f"pavia:{PAGE}"
    assert source.title == (
        "Conciliazione famiglia-lavoro: le iniziative della Rete territoriale della provincia "
        "di Pavia - triennio 2020-2023"
    )
    assert source.updated == FuzzyDate.day(2024, 7, 9)
    assert source.updated is not None and source.updated.precision is DatePrecision.DAY


def test_the_shipped_page_reads_without_findings(reading: Reading) -> None:
    assert reading.findings == ()


def test_allocations_are_the_three_published_tranches_of_dgr_2398(reading: Reading) -> None:
    assert _allocations(reading) == {
        2020: Decimal("48834.00"),
        2021: Decimal("48834.00"),
        2022: Decimal("54260.00"),
    }
    for allocation in reading.dataset.allocations:
        assert isinstance(allocation.amount_eur, Decimal)
        assert allocation.basis is AllocationBasis.PUBLISHED
        assert allocation.guideline_id == GUIDELINE
        assert allocation.act_id == DGR_2398
        assert allocation.ats_id == "pavia"
    assert sum(_allocations(reading).values()) == Decimal("151928.00")
    assert [a.allocation_id for a in reading.dataset.allocations] == [
        "pavia:allocation:dgr-xi-2398-2019-2020",
        "pavia:allocation:dgr-xi-2398-2019-2021",
        "pavia:allocation:dgr-xi-2398-2019-2022",
    ]


def test_acts_are_collected_once_each_in_page_order(reading: Reading) -> None:
    assert [a.act_id for a in reading.dataset.acts] == [
        "regione_lombardia:dgr:381:2010",
        "regione_lombardia:dgr:1576:2011",
        "regione_lombardia:dgr:1081:2013",
        DECREE_101,
        DECREE_247,
        NOTE,
    ]


def test_the_core_regional_acts_are_referenced_not_repeated(reading: Reading) -> None:
    ids = {a.act_id for a in reading.dataset.acts}
    assert DGR_2398 not in ids
    assert DECREE_486 not in ids
    core_ids = {a.act_id for a in regional_dataset().acts}
    assert {DGR_2398, DECREE_486} <= core_ids


def test_the_ats_decrees_and_what_they_approve(reading: Reading) -> None:
    acts = {a.act_id: a for a in reading.dataset.acts}
    guidance, plan = acts[DECREE_101], acts[DECREE_247]
    assert (guidance.kind, guidance.number, guidance.issuer) == (
        ActKind.ATS_DECREE,
        "101/DGi",
        "pavia",
    )
    assert guidance.date == FuzzyDate.day(2020, 2, 27)
    assert guidance.title is not None
    assert '"Documento territoriale di indirizzo della provincia di Pavia 2020-2023"' in (
        guidance.title
    )
    assert "Avviso di manifestazione di interesse" in guidance.title
    assert (plan.kind, plan.number, plan.issuer) == (ActKind.ATS_DECREE, "247/DGi", "pavia")
    assert plan.date == FuzzyDate.day(2020, 5, 28)
    assert plan.title == (
        "Approva: Piano di azione territoriale per la conciliazione famiglia-lavoro della "
        "provincia di Pavia 2020-2023"
    )


def test_the_regional_validation_note_is_unnumbered_and_dated_to_the_day(
    reading: Reading,
) -> None:
    (note,) = [a for a in reading.dataset.acts if a.kind is ActKind.REGIONAL_NOTE]
    assert note.act_id == NOTE
    assert note.number is None
    assert note.issuer == REGION
    assert note.date == FuzzyDate.day(2020, 6, 22)
    assert note.ats_id == "pavia"


@pytest.mark.parametrize(
    ("act_id", "number", "date"),
    [
        ("regione_lombardia:dgr:381:2010", "381", FuzzyDate.year(2010)),
        ("regione_lombardia:dgr:1576:2011", "1576", FuzzyDate.year(2011)),
        ("regione_lombardia:dgr:1081:2013", "1081", FuzzyDate.day(2013, 12, 12)),
    ],
)
def test_earlier_regional_acts_keep_the_precision_of_their_citation(
    reading: Reading, act_id: str, number: str, date: FuzzyDate
) -> None:
    acts = {a.act_id: a for a in reading.dataset.acts}
    act = acts[act_id]
    assert (act.kind, act.number, act.issuer) == (ActKind.DGR, number, REGION)
    assert act.date == date
    assert act.date is not None and act.date.precision is date.precision


def test_the_plan_is_approved_by_247_dgi_and_validated_by_the_note(reading: Reading) -> None:
    (plan,) = reading.dataset.plans
    assert plan.plan_id == "pavia:plan:2020-2023"
    assert (plan.period_start, plan.period_end) == (2020, 2023)
    assert plan.guideline_id == GUIDELINE
    assert plan.approving_act_id == DECREE_247
    assert plan.validation_act_id == NOTE
    assert plan.validated_on == FuzzyDate.day(2020, 6, 22)
    assert plan.project_ids == ()
    assert plan.declared_project_count is None


def test_the_three_general_objectives_in_page_order(reading: Reading) -> None:
    objectives = reading.dataset.objectives
    assert [(o.objective_id, o.ordinal) for o in objectives] == [
        ("pavia:objective:1", 1),
        ("pavia:objective:2", 2),
        ("pavia:objective:3", 3),
    ]
    assert objectives[0].text.startswith("la ridefinizione della nuova programmazione")
    assert objectives[1].text == (
        'l\'identificazione di un paniere di servizi e di azioni di sistema "omogenee"'
    )
    assert objectives[2].text.endswith("con le altre reti sociali del territorio")


def test_the_network_has_categories_but_no_count_and_no_reference_date(
    reading: Reading,
) -> None:
    (network,) = reading.dataset.networks
    assert network.network_id == "pavia:network:since-2011"
    assert network.member_count is None
    assert network.as_of is None
    assert network.description == "Rete di Conciliazione della provincia di Pavia, attiva dal 2011"
    assert [(c.label, c.kind) for c in network.member_categories] == [
        ("P.A.", OrganizationKind.PUBLIC_BODY),
        ("Terzo settore", OrganizationKind.NON_PROFIT),
        ("associazioni di categoria", OrganizationKind.EMPLOYER_ASSOCIATION),
        ("organizzazioni sindacali", OrganizationKind.UNION),
        ("MPMI profit", OrganizationKind.COMPANY),
    ]


def test_the_named_officials_are_personal_contacts(reading: Reading) -> None:
    people = [c for c in reading.dataset.contacts if c.personal]
    role = "Operatori dell'UOC Governo della presa e dei percorsi assistenziali"
    scope = "informazioni riguardo ai progetti attivati e alle modalità di accesso"
    assert people == [
        Contact(
            contact_id="pavia:contact:person-b953a2ce4b19",
            ats_id="pavia",
            scope=scope,
            name="Ombretta Bonin",
            role=role,
            phone="0382/432611",
            email="ombretta_bonin@ats-pavia.it",
            personal=True,
            source_id=f"pavia:{PAGE}",
        ),
        Contact(
            contact_id="pavia:contact:person-ca41bb2180dd",
            ats_id="pavia",
            scope=scope,
            name="Valentina De Stefani",
            role=role,
            phone="0382/432410",
            email="valentina_de_stefani@ats-pavia.it",
            personal=True,
            source_id=f"pavia:{PAGE}",
        ),
    ]


def test_personal_contact_ids_do_not_spell_out_the_name(reading: Reading) -> None:
    for contact in reading.dataset.contacts:
        if contact.personal:
            assert contact.name is not None
            for word in contact.name.lower().split():
                assert word not in contact.contact_id


def test_the_switchboard_is_an_institutional_contact(reading: Reading) -> None:
    (switchboard,) = [c for c in reading.dataset.contacts if not c.personal]
    assert switchboard.contact_id == "pavia:contact:centralino"
    assert switchboard.scope == "centralino"
    assert switchboard.phone == "0382/4311"
    assert (switchboard.name, switchboard.email) == (None, None)


# -- recognizing the page -----------------------------------------------------------------------


def _shipped_pages() -> list[tuple[str, Document]]:
    """Every page the installed plugins ship (the five seeds among them), with its ATS."""
    return installed_pages()


@pytest.mark.parametrize(("ats_id", "page"), _shipped_pages(), ids=lambda p: getattr(p, "name", p))
def test_recognizes_its_own_page_and_no_other_ats_page(ats_id: str, page: Document) -> None:
    assert recognizes(page.text) is (ats_id == "pavia")


def test_the_five_published_pages_are_among_those_checked() -> None:
    names = {page.name for _, page in _shipped_pages()}
    assert names >= SEEDS


def test_recognizes_the_page_by_its_mail_domain_alone() -> None:
    assert recognizes("Scrivere a info[@]ats-pavia.it")
    assert not recognizes("ATS di Brescia, provincia di Brescia")


# -- edited pages -------------------------------------------------------------------------------


def test_an_edited_amount_changes_the_allocation() -> None:
    reading = _edited("54.260,00", "55.000,00")
    assert _allocations(reading)[2022] == Decimal("55000.00")
    assert sum(_allocations(reading).values()) == Decimal("152668.00")


def test_a_fourth_annualita_adds_an_allocation() -> None:
    reading = _edited(
        "ed euro 54.260,00 a valere sull'annualità 2022.",
        "euro 54.260,00 a valere sull'annualità 2022 ed euro 60.100,50 a valere "
        "sull'annualità 2023.",
    )
    assert _allocations(reading) == {
        2020: Decimal("48834.00"),
        2021: Decimal("48834.00"),
        2022: Decimal("54260.00"),
        2023: Decimal("60100.50"),
    }


def test_an_unreadable_amount_is_a_finding_and_the_other_tranches_stay() -> None:
    reading = _edited(
        "euro 48.834,00 a valere sull'annualità 2020",
        "euro 48.83,00 a valere sull'annualità 2020",
    )
    assert sorted(_allocations(reading)) == [2021, 2022]
    (finding,) = reading.findings
    assert (finding.code, finding.path) == ("unreadable-value", "allocation 2020")
    assert "48.83,00" in finding.message


def test_a_new_update_date_is_the_sources() -> None:
    reading = _edited("Ultimo aggiornamento: 09/07/2024", "Ultimo aggiornamento: 15/01/2025")
    assert reading.source.updated == FuzzyDate.day(2025, 1, 15)


def test_a_renumbered_plan_decree_changes_the_approving_act() -> None:
    reading = _edited("n. 247/DGi del 28/05/2020", "n. 250/DGi del 29/05/2020")
    (plan,) = reading.dataset.plans
    assert plan.approving_act_id == "pavia:ats_decree:250-dgi:2020"
    assert DECREE_247 not in {a.act_id for a in reading.dataset.acts}


def test_a_later_validation_note_moves_the_validation_day() -> None:
    reading = _edited("con nota del 22/06/2020", "con nota del 03/07/2020")
    (plan,) = reading.dataset.plans
    assert plan.validated_on == FuzzyDate.day(2020, 7, 3)
    assert plan.validation_act_id == "regione_lombardia:regional_note:s-n:2020:pavia-2020-07-03"


def test_a_new_objective_bullet_is_a_fourth_objective() -> None:
    reading = _edited(
        "con le altre reti sociali del territorio.",
        "con le altre reti sociali del territorio.\n\n- il monitoraggio dei progetti.",
    )
    assert [o.ordinal for o in reading.dataset.objectives] == [1, 2, 3, 4]
    assert reading.dataset.objectives[-1].text == "il monitoraggio dei progetti"


def test_a_new_category_in_parentheses_is_a_new_member_category() -> None:
    reading = _edited("MPMI profit)", "MPMI profit, scuole)")
    (network,) = reading.dataset.networks
    assert network.member_categories[-1].label == "scuole"
    assert network.member_categories[-1].kind is OrganizationKind.EDUCATION


def test_without_the_officials_the_contacts_section_is_reported_missing() -> None:
    reading = read_page(cut(_builtin(), "Dr.ssa Ombretta Bonin", "Ultimo aggiornamento"))
    assert [c.contact_id for c in reading.dataset.contacts] == ["pavia:contact:centralino"]
    (finding,) = reading.findings
    assert (finding.code, finding.path) == ("missing-section", "contacts")


def test_a_page_in_another_shape_names_every_missing_section() -> None:
    reading = read_page(document_from_bytes(PAGE, EMPTY_PAGE.encode()))
    assert len(reading.dataset) == 1  # the source alone
    assert {f.path for f in reading.findings} == {
        "heading",
        "update date",
        "allocations",
        "guidance document and call",
        "plan",
        "objectives",
        "network",
        "switchboard",
        "contacts",
        "acts",
    }
    assert set(_codes(reading)) == {"missing-section"}


# -- the plugin's rule --------------------------------------------------------------------------


def _report(reading: Reading) -> Report:
    """Validate the reading merged with the core's regional data, with the plugin's rules."""
    return validate_readings(conciliazione_ats_pavia, reading)


def test_the_shipped_page_validates_with_only_the_disagreement_with_the_regions_release(
    reading: Reading,
) -> None:
    # The Region's release states other tranches for the same act (43.400 / 54.200 / 54.200,
    # rounded to hundreds); both stay, and each year's disagreement is reported.
    report = _report(reading)
    assert {f.code for f in report} == {"allocation-sources-disagree"}
    assert sorted(f.entity_id or "" for f in report) == [
        f"pavia:allocation:dgr-xi-2398-2019-{year}" for year in (2020, 2021, 2022)
    ]
    assert all("the totals agree" in f.message for f in report)


def test_the_tranche_gap_rule_reports_a_skipped_year() -> None:
    page = edited(_builtin(), "euro 48.834,00 a valere sull'annualità 2021 ed ", "")
    page = edited(page, "a valere sull'annualità 2020, ", "a valere sull'annualità 2020 ed ")
    reading = read_page(page)
    assert sorted(_allocations(reading)) == [2020, 2022]
    (finding,) = _report(reading).by_code()["pavia-allocation-tranche-gap"]
    assert finding.severity is Severity.WARNING
    assert finding.entity_id == "pavia:allocation:dgr-xi-2398-2019-2022"
    assert finding.message == "no tranche for 2021 between 2020 and 2022"
