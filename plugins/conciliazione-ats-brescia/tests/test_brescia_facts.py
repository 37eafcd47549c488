"""What the ATS Brescia plugin reads from its page, and how it follows a page that changes.

The first part states every fact the plugin yields from the shipped page; it doubles as
documentation of the plugin's output. The second part reads edited copies of the page: the
reader parses the text, so an edited bullet, number or address must show up in the records, and
a missing section in the findings. The last part tests the plugin's rule.
"""

from __future__ import annotations

import conciliazione_ats_brescia
import pytest
from conciliazione_ats_brescia.reader import (
    body_from_domain,
    office_from_local_part,
    read_page,
    recognizes,
    scope_of,
)

from conciliazione.documents import Document, document_from_bytes
from conciliazione.findings import Report, Severity
from conciliazione.model import REGION, ActKind
from conciliazione.reading import Reading
from conciliazione.testing import (
    EMPTY_PAGE,
    builtin_document,
    cut,
    edited,
    installed_pages,
    validate_readings,
)
from conciliazione.vague import DatePrecision, FuzzyDate

PAGE = "004_83bb4573c395bed2.txt"
DECREE_495 = "brescia:dg_resolution:495:2022"
SEEDS = {
    "000_85faaafccf00cc38.txt",
    "001_95dcb50e4e9d41be.txt",
    "002_6ae0d52e84f3c1d6.txt",
    "003_cc3c723282e7ce42.txt",
    "004_83bb4573c395bed2.txt",
}
"""The five published pages, shipped by the Montagna, Milano, Pavia and Brescia plugins."""


def _builtin() -> Document:
    return builtin_document(conciliazione_ats_brescia, PAGE)


def _edited(old: str, new: str) -> Reading:
    """Read a copy of the shipped page with ``old`` (which must be there) replaced by ``new``."""
    return read_page(edited(_builtin(), old, new))


@pytest.fixture(scope="module")
def reading() -> Reading:
    return read_page(_builtin())


def _emails(reading: Reading, scope: str) -> list[str | None]:
    return [c.email for c in reading.dataset.contacts if c.scope == scope]


# -- the facts of the shipped page --------------------------------------------------------------


def test_the_source_is_the_page_with_its_heading_and_update_day(reading: Reading) -> None:
    source = reading.source
    assert source.source_id == f"brescia:{PAGE}"
    assert source.title == "Conciliazione Vita-Lavoro"
    assert source.updated == FuzzyDate.day(2024, 4, 8)
    assert source.updated is not None and source.updated.precision is DatePrecision.DAY


def test_the_shipped_page_reads_without_findings(reading: Reading) -> None:
    assert reading.findings == ()


def test_the_six_objectives_in_page_order(reading: Reading) -> None:
    objectives = reading.dataset.objectives
    assert [(o.objective_id, o.ordinal) for o in objectives] == [
        (f"brescia:objective:{i}", i) for i in range(1, 7)
    ]
    assert [o.text.split()[0] for o in objectives] == [
        "Adottare",
        "Migliorare",
        "Rafforzare",
        "Sostenere",
        "Promuovere",
        "Sviluppare",
    ]
    assert objectives[0].text == (
        "Adottare modelli organizzativi flessibili per promuovere nuove assunzioni, forme di "
        "conciliazione e di welfare aziendali"
    )
    assert objectives[-1].text == "Sviluppare azioni in sinergia con altre Reti Regionali"
    assert all(o.ats_id == "brescia" for o in objectives)


def test_the_director_generals_decree_with_its_quoted_title(reading: Reading) -> None:
    decree = reading.dataset.acts[0]
    assert decree.act_id == DECREE_495
    assert (decree.kind, decree.number, decree.issuer) == (
        ActKind.DG_RESOLUTION,
        "495",
        "brescia",
    )
    assert decree.date == FuzzyDate.day(2022, 8, 26)
    assert decree.title == (
        "Iniziativa per favorire gli interventi di conciliazione vita-lavoro e di welfare "
        "aziendale (D.G.R. 5755/21 – D.d.u.o. n. 18414/21 e n.4683/22): esiti Commissione di "
        "valutazione"
    )


@pytest.mark.parametrize(
    ("act_id", "kind", "number", "year"),
    [
        ("regione_lombardia:dgr:5755:2021", ActKind.DGR, "5755", 2021),
        ("regione_lombardia:regional_decree:18414:2021", ActKind.REGIONAL_DECREE, "18414", 2021),
        ("regione_lombardia:regional_decree:4683:2022", ActKind.REGIONAL_DECREE, "4683", 2022),
    ],
)
def test_the_regional_acts_the_decree_cites_are_dated_to_the_year(
    reading: Reading, act_id: str, kind: ActKind, number: str, year: int
) -> None:
    acts = {a.act_id: a for a in reading.dataset.acts}
    act = acts[act_id]
    assert (act.kind, act.number, act.issuer, act.title) == (kind, number, REGION, None)
    assert act.date == FuzzyDate.year(year)
    assert act.date is not None and act.date.precision is DatePrecision.YEAR


def test_every_act_is_read_once(reading: Reading) -> None:
    assert len(reading.dataset.acts) == 4


def test_the_general_contact_is_the_ats_office(reading: Reading) -> None:
    (general,) = [c for c in reading.dataset.contacts if c.scope == "informazioni generali"]
    assert general.contact_id == "brescia:contact:integrazionesociale-ats-brescia-it"
    assert general.email == "integrazionesociale@ats-brescia.it"
    assert general.name == "ATS di Brescia"
    assert general.personal is False


def test_the_alliance_contacts_name_the_body_behind_each_address(reading: Reading) -> None:
    alliances = [c for c in reading.dataset.contacts if c.scope == "alleanze"]
    assert [(c.email, c.name, c.role) for c in alliances] == [
        ("ufficiotempi@comune.brescia.it", "Comune di Brescia", None),
        (
            "piano.di.zona@comune.palazzolosulloglio.bs.it",
            "Comune di Palazzolo sull'Oglio",
            "Piano di Zona",
        ),
        ("serviziallapersona@montichiari.it", "Comune di Montichiari", None),
    ]
    assert not any(c.personal for c in alliances)


def test_there_are_four_contacts_and_no_phone(reading: Reading) -> None:
    assert len(reading.dataset.contacts) == 4
    assert all(c.phone is None for c in reading.dataset.contacts)


def test_the_page_gives_no_network_plan_or_allocation(reading: Reading) -> None:
    counts = reading.dataset.counts()
    assert (counts["network"], counts["plan"], counts["allocation"]) == (0, 0, 0)


# -- the heuristics, one value at a time --------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "body"),
    [
        ("ats-brescia.it", "ATS di Brescia"),
        ("comune.brescia.it", "Comune di Brescia"),
        ("comune.palazzolosulloglio.bs.it", "Comune di Palazzolo sull'Oglio"),
        ("Comune.Rovato.BS.it", "Comune di Rovato"),
        ("montichiari.it", "Comune di Montichiari"),
        ("gmail.com", None),
        ("libero.it", None),
        ("cooperativa-esempio.org", None),
    ],
)
def test_body_from_domain(domain: str, body: str | None) -> None:
    assert body_from_domain(domain) == body


@pytest.mark.parametrize(
    ("local", "office"),
    [("piano.di.zona", "Piano di Zona"), ("ufficiotempi", None), ("mario.rossi2", None)],
)
def test_office_from_local_part(local: str, office: str | None) -> None:
    assert office_from_local_part(local) == office


@pytest.mark.parametrize(
    ("about", "scope"),
    [
        ("generali", "informazioni generali"),
        ("sulle Alleanze", "alleanze"),
        ("sui progetti", "progetti"),
        ("sull'Avviso", "avviso"),
    ],
)
def test_scope_of_a_label(about: str, scope: str) -> None:
    assert scope_of(about) == scope


# -- recognizing the page -----------------------------------------------------------------------


def _shipped_pages() -> list[tuple[str, Document]]:
    """Every page the installed plugins ship (the five seeds among them), with its ATS."""
    return installed_pages()


@pytest.mark.parametrize(("ats_id", "page"), _shipped_pages(), ids=lambda p: getattr(p, "name", p))
def test_recognizes_its_own_page_and_no_other_ats_page(ats_id: str, page: Document) -> None:
    assert recognizes(page.text) is (ats_id == "brescia")


def test_the_five_published_pages_are_among_those_checked() -> None:
    names = {page.name for _, page in _shipped_pages()}
    assert names >= SEEDS


def test_recognizes_the_ats_by_name_without_its_mail_domain() -> None:
    assert recognizes("Conciliazione vita-lavoro dell'ATS di Brescia")
    assert not recognizes("Comune di Brescia, ufficiotempi@comune.brescia.it")


# -- edited pages -------------------------------------------------------------------------------


def test_a_new_objective_bullet_is_a_seventh_objective() -> None:
    reading = _edited(
        "  • Sviluppare azioni in sinergia con altre Reti Regionali.",
        "  • Sviluppare azioni in sinergia con altre Reti Regionali.\n"
        "  • Valutare gli esiti dei progetti.",
    )
    assert [o.ordinal for o in reading.dataset.objectives] == [1, 2, 3, 4, 5, 6, 7]
    assert reading.dataset.objectives[-1].text == "Valutare gli esiti dei progetti"


def test_a_renumbered_decree_changes_its_id_and_date() -> None:
    reading = _edited("n. 495 del 26/08/2022", "n. 512 del 02/09/2022")
    decree = reading.dataset.acts[0]
    assert decree.act_id == "brescia:dg_resolution:512:2022"
    assert decree.date == FuzzyDate.day(2022, 9, 2)
    assert DECREE_495 not in {a.act_id for a in reading.dataset.acts}


def test_an_edited_regional_decree_number_is_read() -> None:
    reading = _edited("n.4683/22", "n.4700/23")
    ids = {a.act_id for a in reading.dataset.acts}
    assert "regione_lombardia:regional_decree:4700:2023" in ids
    assert "regione_lombardia:regional_decree:4683:2022" not in ids


def test_a_fourth_alliance_address_is_a_fourth_alliance_contact() -> None:
    reading = _edited(
        "serviziallapersona@montichiari.it",
        "serviziallapersona@montichiari.it; info@comune.rovato.bs.it",
    )
    assert _emails(reading, "alleanze")[-1] == "info@comune.rovato.bs.it"
    assert reading.dataset.contacts[-1].name == "Comune di Rovato"
    assert len(_emails(reading, "alleanze")) == 4


def test_a_new_general_address_replaces_the_old_one() -> None:
    reading = _edited("integrazionesociale@ats-brescia.it", "conciliazione@ats-brescia.it")
    assert _emails(reading, "informazioni generali") == ["conciliazione@ats-brescia.it"]


def test_without_the_addresses_the_contacts_section_is_reported_missing() -> None:
    reading = read_page(cut(_builtin(), "Per informazioni generali", "Ultimo aggiornamento"))
    assert reading.dataset.contacts == []
    (finding,) = reading.findings
    assert (finding.code, finding.path) == ("missing-section", "contacts")


def test_without_the_objectives_heading_the_objectives_are_reported_missing() -> None:
    reading = _edited("\xa0Obiettivi\n", "\n")
    assert reading.dataset.objectives == []
    assert [(f.code, f.path) for f in reading.findings] == [("missing-section", "objectives")]


def test_a_page_in_another_shape_names_every_missing_section() -> None:
    reading = read_page(document_from_bytes(PAGE, EMPTY_PAGE.encode()))
    assert len(reading.dataset) == 1  # the source alone
    assert {f.path for f in reading.findings} == {
        "heading",
        "update date",
        "objectives",
        "acts",
        "contacts",
    }
    assert {f.code for f in reading.findings} == {"missing-section"}


def test_an_impossible_update_day_is_an_unreadable_value() -> None:
    reading = _edited("Ultimo aggiornamento: 08/04/2024", "Ultimo aggiornamento: 31/02/2024")
    assert reading.source.updated is None
    (finding,) = reading.findings
    assert (finding.code, finding.path) == ("unreadable-value", "update date")


# -- the plugin's rule --------------------------------------------------------------------------


def _report(reading: Reading) -> Report:
    """Validate the reading merged with the core's regional data, with the plugin's rules."""
    return validate_readings(conciliazione_ats_brescia, reading)


def test_the_shipped_page_validates_without_any_finding(reading: Reading) -> None:
    assert [str(f) for f in _report(reading)] == []


def test_the_email_domain_rule_reports_an_address_of_no_public_body() -> None:
    reading = _edited("serviziallapersona@montichiari.it", "alleanza.montichiari@gmail.com")
    (finding,) = _report(reading).by_code()["brescia-contact-email-domain"]
    assert finding.severity is Severity.WARNING
    assert finding.entity_id == "brescia:contact:alleanza-montichiari-gmail-com"
    assert finding.path == "email"
    assert "gmail.com" in finding.message
