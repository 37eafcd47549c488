"""What the ATS Milano plugin reads from its page, and how it follows a page that changes.

The first part states every fact the plugin yields from the shipped page; it doubles as
documentation of the plugin's output. The second part reads edited copies of the page: the
reader parses the text, so an edited number, block or date must show up in the records, and a
missing section in the findings. The last part tests the plugin's rule and reader finding.
"""

from __future__ import annotations

from collections.abc import Callable

import conciliazione_ats_milano
import pytest
from conciliazione_ats_milano.reader import match_service_type, read_page, recognizes

from conciliazione.documents import Document, document_from_bytes
from conciliazione.findings import Report, Severity
from conciliazione.model import (
    Act,
    ActKind,
    Alliance,
    MemberCategory,
    Network,
    OrganizationKind,
    Plan,
)
from conciliazione.plugins import make_plugin_host
from conciliazione.reading import Reading
from conciliazione.regional import get_guideline, regional_dataset
from conciliazione.testing import (
    EMPTY_PAGE,
    builtin_document,
    cut,
    edited,
    installed_pages,
    validate_readings,
)
from conciliazione.vague import DatePrecision, FuzzyDate, Qualifier, Quantity
from conciliazione.validation import validate

PAGE = "001_95dcb50e4e9d41be.txt"
SOURCE_ID = f"milano:{PAGE}"
PLAN_ID = "milano:plan:2020-2023"


def _builtin() -> Document:
    return builtin_document(conciliazione_ats_milano, PAGE)


def _edited(old: str, new: str) -> Reading:
    """Read a copy of the shipped page with ``old`` replaced by ``new`` (which must be there)."""
    return read_page(edited(_builtin(), old, new))


def _only_plan(reading: Reading) -> Plan:
    (plan,) = reading.dataset.plans
    return plan


def _only_network(reading: Reading) -> Network:
    (network,) = reading.dataset.networks
    return network


def _act(reading: Reading, act_id: str) -> Act:
    (act,) = [a for a in reading.dataset.acts if a.act_id == act_id]
    return act


def _validate(reading: Reading) -> Report:
    return validate_readings(conciliazione_ats_milano, reading)


def _findings(reading: Reading, code: str) -> list[tuple[str | None, str]]:
    return [(f.path, f.message) for f in reading.findings if f.code == code]


@pytest.fixture(scope="module")
def page() -> Reading:
    return read_page(_builtin())


# -- the source ---------------------------------------------------------------------------------


class TestSource:
    def test_the_page_states_no_update_date_and_none_is_invented(self, page: Reading) -> None:
        assert page.source.source_id == SOURCE_ID
        assert page.source.updated is None
        assert page.source.title is None

    def test_the_missing_update_date_is_the_only_finding(self, page: Reading) -> None:
        (finding,) = page.findings
        assert (finding.code, finding.severity, finding.path) == (
            "missing-section",
            Severity.WARNING,
            "update date",
        )
        assert PAGE in finding.message

    def test_an_update_line_in_a_newer_copy_is_read(self) -> None:
        text = _builtin().text + "\nAggiornato il 8 Luglio 2024 da ATS Milano"
        reading = read_page(document_from_bytes(PAGE, text.encode()))
        assert reading.source.updated == FuzzyDate.day(2024, 7, 8)
        assert reading.findings == ()


# -- the 2020-2023 plan and its acts ------------------------------------------------------------


class TestPlan:
    def test_the_plan_2020_2023_follows_the_regional_guideline(self, page: Reading) -> None:
        plan = _only_plan(page)
        assert plan.plan_id == PLAN_ID
        assert plan.ats_id == "milano"
        assert plan.guideline_id == "dgr-xi-2398-2019"
        assert (plan.period_start, plan.period_end) == (2020, 2023)

    def test_approved_by_the_director_generals_resolution_390_of_29_may_2020(
        self, page: Reading
    ) -> None:
        plan = _only_plan(page)
        assert plan.approving_act_id == "milano:dg_resolution:390:2020"
        act = _act(page, "milano:dg_resolution:390:2020")
        assert act.kind is ActKind.DG_RESOLUTION
        assert act.number == "390"
        assert act.date == FuzzyDate.day(2020, 5, 29)
        assert act.issuer == "milano"
        assert act.ats_id == "milano"

    def test_validated_by_the_region_in_june_2020_to_the_month(self, page: Reading) -> None:
        plan = _only_plan(page)
        assert plan.validated_on == FuzzyDate.month(2020, 6)
        assert plan.validated_on.precision is DatePrecision.MONTH
        assert plan.validated_on.text == "nel mese di giugno 2020"
        assert plan.validation_act_id is None  # the page names no act for the validation

    @pytest.mark.parametrize(
        ("act_id", "title"),
        [
            (
                "milano:dg_resolution:s-n:2020:documento-territoriale",
                "Documento Territoriale di indirizzo sulla Conciliazione vita-lavoro",
            ),
            (
                "milano:dg_resolution:s-n:2020:avviso-pubblico",
                "Avviso pubblico per la Manifestazione di interesse rivolto ad Alleanze locali "
                "per la presentazione di progetti di conciliazione dei tempi di vita con i tempi "
                "lavorativi",
            ),
        ],
    )
    def test_guidance_document_and_call_in_the_first_half_of_2020(
        self, page: Reading, act_id: str, title: str
    ) -> None:
        act = _act(page, act_id)
        assert act.kind is ActKind.DG_RESOLUTION
        assert act.number is None
        assert act.title == title
        assert act.date == FuzzyDate.half_year(2020, 1)
        assert act.date.precision is DatePrecision.HALF_YEAR
        assert act.issuer == "milano"

    def test_the_regional_acts_cited_are_the_cores_not_copies(self, page: Reading) -> None:
        assert {a.act_id for a in page.dataset.acts} == {
            "milano:dg_resolution:390:2020",
            "milano:dg_resolution:s-n:2020:documento-territoriale",
            "milano:dg_resolution:s-n:2020:avviso-pubblico",
        }
        assert all(a.issuer == "milano" for a in page.dataset.acts)

    def test_the_plan_has_ats_system_actions(self, page: Reading) -> None:
        assert _only_plan(page).system_actions == (
            "azioni di sistema di diretta realizzazione ATS",
        )

    def test_six_projects_declared_five_listed_both_kept(self, page: Reading) -> None:
        plan = _only_plan(page)
        assert plan.declared_project_count == Quantity(6, Qualifier.EXACT, "sei progetti")
        assert plan.listed_project_count == 5
        assert plan.project_ids == tuple(p.project_id for p in page.dataset.projects)
        assert plan.alliance_ids == tuple(a.alliance_id for a in page.dataset.alliances)

    def test_the_core_rule_reports_the_mismatch_as_a_warning(self, page: Reading) -> None:
        report = _validate(page)
        (mismatch,) = report.by_code()["declared-count-mismatch"]
        assert mismatch.severity is Severity.WARNING
        assert (mismatch.entity, mismatch.entity_id) == ("plan", PLAN_ID)
        assert "declares 6" in mismatch.message
        assert "lists 5" in mismatch.message
        assert report.valid, [str(f) for f in report.errors]

    def test_the_plan_covers_the_six_typologies_of_the_guideline(self, page: Reading) -> None:
        assert _only_plan(page).service_types == ("A", "B", "C", "D", "E", "F")

    @pytest.mark.parametrize(
        ("bullet", "code"),
        [
            ("servizi di assistenza e supporto al caregiver familiare", "A"),
            ("servizi salvatempo (solo a titolo esemplificativo, stireria ecc.);", "C"),
            ("servizi salva tempo (a titolo esemplificativo: piccole commissioni)", "C"),
            (
                "servizi a sostegno dei lavoratori/collaboratori e dei liberi professionisti "
                "(es. coworking, formazione e consulenza).",
                "E",
            ),
            (
                "progetti rientranti nell'ambito di quanto previsto dalla legge regionale "
                "28/2004 “Politiche regionali per il coordinamento e l'amministrazione dei "
                "tempi delle città”.",
                "F",
            ),
            ("orari della biblioteca comunale", None),
        ],
    )
    def test_typology_bullets_match_the_guideline_labels(
        self, bullet: str, code: str | None
    ) -> None:
        assert match_service_type(bullet, get_guideline()) == code


# -- alliances, projects, lead bodies -----------------------------------------------------------

ALLIANCES = [
    (
        "Associazione IRENE",
        None,
        "Associazione IRENE – Iniziative, Ricerche, Esperienze per una Nuova Europa",
        "AGRIWEL – Welfare nella filiera agricola",
        "Associazione Irene",
    ),
    (
        "Comune di Magnago",
        "Ambito territoriale Alto Milanese",
        'Alleanza Locale "Distretto Ovest Alto Milanese"',
        "Nuove conciliazioni: vita e lavoro in evoluzione",
        "Azienda Castano",
    ),
    (
        "Fondazione Archè",
        None,
        "ConciliAmoci: Fondazione Archè-APS – Il giardino dei bambini – "
        "ASST Fatebenefratelli Sacco",
        "C'è Tempo – Servizi di supporto per la conciliazione lavoro-famiglia",
        "Arche.it",
    ),
    (
        "Spazio Aperto Servizi Soc. Coop. Soc. Onlus",
        None,
        "Alleanza Sud – Sud Est Milano",
        "Nuove sinergie reti territoriali a sostegno della conciliazione",
        "Spazio Aperto Servizi",
    ),
    (
        "Azienda Speciale Consortile del Lodigiano per i Servizi alla Persona",
        "Ambito territoriale di Lodi",
        "LABOR – Ambito Lodi, ATS Città Metropolitana di Milano",
        "Lodigiano Welfare",
        "Ufficio di Piano",
    ),
]
"""(lead, district, alliance name, project title, web page label), in page order."""


class TestAlliances:
    def test_five_alliances_in_page_order(self, page: Reading) -> None:
        assert [
            (a.lead_name, a.district, a.name, a.web_page_label) for a in page.dataset.alliances
        ] == [(lead, district, name, web) for lead, district, name, _, web in ALLIANCES]

    @pytest.mark.parametrize(("lead", "district", "name", "title", "web"), ALLIANCES)
    def test_each_alliance_runs_one_project_under_the_plan(
        self, page: Reading, lead: str, district: str | None, name: str, title: str, web: str
    ) -> None:
        (alliance,) = [a for a in page.dataset.alliances if a.lead_name == lead]
        (project,) = [p for p in page.dataset.projects if p.alliance_id == alliance.alliance_id]
        assert alliance.plan_id == project.plan_id == PLAN_ID
        assert alliance.ats_id == project.ats_id == "milano"
        assert project.title == title
        assert project.lead_name == lead
        assert project.lead_org_id == alliance.lead_org_id
        (org,) = [o for o in page.dataset.organizations if o.org_id == alliance.lead_org_id]
        assert org.name == lead

    def test_ids_are_stable_slugs(self, page: Reading) -> None:
        magnago = page.dataset.alliances[1]
        assert magnago.alliance_id == "milano:alliance:2020-2023:comune-di-magnago"
        assert magnago.lead_org_id == "milano:org:comune-di-magnago"
        assert page.dataset.projects[0].project_id == (
            "milano:project:2020-2023:agriwel-welfare-nella-filiera-agricola"
        )

    def test_a_wrapped_alliance_name_is_joined(self, page: Reading) -> None:
        assert page.dataset.alliances[0].name == (
            "Associazione IRENE – Iniziative, Ricerche, Esperienze per una Nuova Europa"
        )

    def test_a_district_in_parentheses_is_kept_apart_from_the_lead(self, page: Reading) -> None:
        districts = {a.lead_name: a.district for a in page.dataset.alliances if a.district}
        assert districts == {
            "Comune di Magnago": "Ambito territoriale Alto Milanese",
            "Azienda Speciale Consortile del Lodigiano per i Servizi alla Persona": (
                "Ambito territoriale di Lodi"
            ),
        }

    def test_one_organization_per_lead_with_its_kind(self, page: Reading) -> None:
        assert [(o.name, o.kind) for o in page.dataset.organizations] == [
            ("Associazione IRENE", OrganizationKind.NON_PROFIT),
            ("Comune di Magnago", OrganizationKind.PUBLIC_BODY),
            ("Fondazione Archè", OrganizationKind.NON_PROFIT),
            ("Spazio Aperto Servizi Soc. Coop. Soc. Onlus", OrganizationKind.NON_PROFIT),
            (
                "Azienda Speciale Consortile del Lodigiano per i Servizi alla Persona",
                OrganizationKind.PUBLIC_BODY,
            ),
        ]

    def test_every_lead_is_eligible_under_the_guideline(self, page: Reading) -> None:
        codes = _validate(page).by_code()
        assert "alliance-lead-not-eligible" not in codes
        assert "alliance-lead-kind-unknown" not in codes
        assert "dangling-reference" not in codes


# -- the network --------------------------------------------------------------------------------


class TestNetwork:
    def test_398_members_in_july_2021_to_the_month(self, page: Reading) -> None:
        network = _only_network(page)
        assert network.network_id == "milano:network:2021-07"
        assert network.ats_id == "milano"
        assert network.as_of == FuzzyDate.month(2021, 7)
        assert network.as_of.precision is DatePrecision.MONTH
        assert network.member_count == Quantity(398, Qualifier.EXACT, "n. 398")

    def test_seven_member_categories_as_written_with_their_kinds(self, page: Reading) -> None:
        K = OrganizationKind
        assert _only_network(page).member_categories == (
            MemberCategory(
                label="Soggetti pubblici (Enti Locali, Aziende speciali, Aler, CCIAA, "
                "Consigliera Parità)",
                kind=K.PUBLIC_BODY,
            ),
            MemberCategory(
                label="Soggetti pubblici (Ambiti territoriali)", kind=K.TERRITORIAL_DISTRICT
            ),
            MemberCategory(
                label="Associazioni datoriali di categoria", kind=K.EMPLOYER_ASSOCIATION
            ),
            MemberCategory(label="Associazioni sindacali", kind=K.UNION),
            MemberCategory(label="Istruzione, Formazione, Afol, Università", kind=K.EDUCATION),
            MemberCategory(label="Soggetti privati (Aziende)", kind=K.COMPANY),
            MemberCategory(label="Soggetti privati (Organizzazioni No Profit)", kind=K.NON_PROFIT),
        )


# -- recognition --------------------------------------------------------------------------------

SEEDS = {
    "000_85faaafccf00cc38.txt": False,
    "001_95dcb50e4e9d41be.txt": True,
    "002_6ae0d52e84f3c1d6.txt": False,
    "003_cc3c723282e7ce42.txt": False,
    "004_83bb4573c395bed2.txt": False,
}
"""The five published pages and whether each is ATS Milano's."""


def _seed_text(name: str) -> str:
    """A seed page as shipped by whichever installed plugin carries it."""
    copies = [page for _, page in installed_pages() if page.name == name]
    assert copies, f"no installed plugin ships {name}"
    return copies[0].text


@pytest.mark.parametrize(("name", "is_milano"), sorted(SEEDS.items()))
def test_recognizes_only_its_own_page(name: str, is_milano: bool) -> None:
    assert recognizes(_seed_text(name)) is is_milano


@pytest.mark.parametrize(
    "spelling",
    [
        "ATS Città Metropolitana Milano",
        "ATS di Milano",
        "ATS Milano",
        "ATS della Città Metropolitana di Milano",
    ],
)
def test_recognizes_the_ats_by_name(spelling: str) -> None:
    assert recognizes(f"La Rete territoriale di {spelling}.")


# -- edited pages: the output follows the text --------------------------------------------------

SPAZIO_APERTO_BLOCK = (
    "- Spazio Aperto Servizi Soc. Coop. Soc. Onlus\n"
    "- Nome alleanza : Alleanza Sud – Sud Est Milano\n"
    "- Titolo Progetto : Nuove sinergie reti territoriali a sostegno della conciliazione\n"
    "- Pagina web : Spazio Aperto Servizi\n"
)


class TestEditedPage:
    def test_removing_an_alliance_block_removes_its_alliance_project_and_lead(self) -> None:
        reading = _edited(SPAZIO_APERTO_BLOCK, "")
        assert len(reading.dataset.alliances) == len(reading.dataset.projects) == 4
        assert "Spazio Aperto Servizi Soc. Coop. Soc. Onlus" not in {
            o.name for o in reading.dataset.organizations
        }
        (mismatch,) = _validate(reading).by_code()["declared-count-mismatch"]
        assert "lists 4" in mismatch.message

    def test_a_sixth_alliance_block_closes_the_gap(self) -> None:
        reading = _edited(
            "Per ulteriori approfondimenti",
            "- Comune di Rho (Ambito territoriale del Rhodense)\n"
            "- Nome alleanza : Alleanza del Rhodense\n"
            "- Titolo Progetto : Tempi per la famiglia\n"
            "- Pagina web : Comune di Rho\n"
            "Per ulteriori approfondimenti",
        )
        assert _only_plan(reading).listed_project_count == 6
        rho = reading.dataset.alliances[-1]
        assert (rho.lead_name, rho.district, rho.name) == (
            "Comune di Rho",
            "Ambito territoriale del Rhodense",
            "Alleanza del Rhodense",
        )
        assert "declared-count-mismatch" not in _validate(reading).by_code()

    def test_a_new_declared_count_is_read(self) -> None:
        reading = _edited("e sei progetti", "e cinque progetti")
        assert _only_plan(reading).declared_project_count == Quantity(
            5, Qualifier.EXACT, "cinque progetti"
        )
        assert "declared-count-mismatch" not in _validate(reading).by_code()

    def test_another_approving_act_is_read(self) -> None:
        reading = _edited("n. 390 del 29/05/2020", "n. 412 del 03/06/2020")
        plan = _only_plan(reading)
        assert plan.approving_act_id == "milano:dg_resolution:412:2020"
        assert _act(reading, plan.approving_act_id).date == FuzzyDate.day(2020, 6, 3)

    def test_another_validation_month_is_read(self) -> None:
        reading = _edited("nel mese di giugno 2020", "nel mese di luglio 2020")
        assert _only_plan(reading).validated_on == FuzzyDate.month(2020, 7)

    def test_another_half_year_is_read(self) -> None:
        reading = _edited("nel primo semestre 2020", "nel secondo semestre 2019")
        dates = {a.date for a in reading.dataset.acts if a.number is None}
        assert dates == {FuzzyDate.half_year(2019, 2)}

    def test_a_new_member_count_and_month_are_read(self) -> None:
        reading = _edited(
            "nel mese di luglio 2021 risulta composta da n. 398",
            "nel mese di marzo 2023 risulta composta da n. 412",
        )
        network = _only_network(reading)
        assert network.network_id == "milano:network:2023-03"
        assert network.member_count == Quantity(412, Qualifier.EXACT, "n. 412")

    def test_a_removed_typology_bullet_drops_its_code(self) -> None:
        reading = _edited(
            "- servizi di consulenza – azione rivolta ad enti pubblici e a micro, piccole e "
            "medie imprese;\n",
            "",
        )
        assert _only_plan(reading).service_types == ("A", "B", "C", "E", "F")
        assert _findings(reading, "unreadable-value") == []

    def test_a_typology_bullet_of_no_guideline_typology_is_unreadable(self) -> None:
        reading = _edited("- servizi salvatempo", "- corsi di cucina e servizi salvatempo")
        assert "C" not in _only_plan(reading).service_types
        ((path, message),) = _findings(reading, "unreadable-value")
        assert path == "service typologies"
        assert "matches no typology" in message

    def test_a_block_without_a_project_title_gives_an_alliance_and_a_finding(self) -> None:
        reading = _edited("- Titolo Progetto : Lodigiano Welfare\n", "")
        assert len(reading.dataset.alliances) == 5
        assert "Lodigiano Welfare" not in {p.title for p in reading.dataset.projects}
        assert [p for p, _ in _findings(reading, "missing-section")] == [
            "update date",
            "project title",
        ]

    def test_a_page_in_another_shape_reports_the_missing_sections(self) -> None:
        reading = read_page(document_from_bytes(PAGE, EMPTY_PAGE.encode()))
        assert {(f.code, f.path) for f in reading.findings} == {
            ("missing-section", "update date"),
            ("missing-section", "plan"),
            ("missing-section", "network member count"),
        }
        assert len(reading.dataset) == 1  # the source only

    def test_a_page_without_the_alliance_table_reports_it(self) -> None:
        page = cut(_builtin(), "Nella tabella seguente", "Per ulteriori approfondimenti")
        reading = read_page(page)
        assert reading.dataset.alliances == []
        assert ("alliance table", "missing-section") in {(f.path, f.code) for f in reading.findings}


# -- the plugin's rule and reader finding -------------------------------------------------------


class TestAllianceWithoutWebPageRule:
    CODE = "milano-alliance-without-web-page"

    def test_is_registered_by_the_plugin(self) -> None:
        registry = make_plugin_host(
            entry_points=False, plugins=[conciliazione_ats_milano]
        ).registry()
        assert registry.type(self.CODE).severity is Severity.WARNING
        assert registry.type(self.CODE).origin == "conciliazione_ats_milano"

    def test_fires_when_a_block_loses_its_web_page(self) -> None:
        reading = _edited("- Pagina web : Arche.it\n", "")
        (arche,) = [a for a in reading.dataset.alliances if a.lead_name == "Fondazione Archè"]
        assert arche.web_page_label is None
        (finding,) = _validate(reading).by_code()[self.CODE]
        assert (finding.entity_id, finding.path) == (arche.alliance_id, "web_page_label")

    def test_fires_when_the_web_page_is_left_empty(self) -> None:
        reading = _edited("- Pagina web : Arche.it", "- Pagina web :")
        assert len(_validate(reading).by_code()[self.CODE]) == 1

    def test_does_not_fire_on_the_shipped_page(self, page: Reading) -> None:
        assert self.CODE not in _validate(page).by_code()

    @pytest.mark.parametrize(
        ("make", "fires"),
        [
            (lambda: Alliance(alliance_id="a", ats_id="milano"), True),
            (
                lambda: Alliance(alliance_id="a", ats_id="milano", web_page_url="https://x.it"),
                False,
            ),
            (lambda: Alliance(alliance_id="a", ats_id="pavia"), False),
        ],
    )
    def test_looks_only_at_ats_milano_alliances(
        self, make: Callable[[], Alliance], fires: bool
    ) -> None:
        host = make_plugin_host(entry_points=False, plugins=[conciliazione_ats_milano])
        dataset = regional_dataset()
        dataset.add(make())
        assert (self.CODE in validate(dataset, registry=host.registry()).by_code()) is fires


class TestMemberTotalMismatch:
    CODE = "milano-member-total-mismatch"

    def test_is_catalogued_by_the_plugin(self) -> None:
        registry = make_plugin_host(
            entry_points=False, plugins=[conciliazione_ats_milano]
        ).registry()
        assert registry.type(self.CODE).severity is Severity.WARNING

    def test_is_reported_when_the_category_total_differs(self) -> None:
        reading = _edited("(totale 398)", "(totale 400)")
        (finding,) = [f for f in reading.findings if f.code == self.CODE]
        assert finding.severity is Severity.WARNING
        assert (finding.entity, finding.entity_id, finding.path) == (
            "network",
            "milano:network:2021-07",
            "member_count",
        )
        assert finding.source_id == SOURCE_ID
        assert "400" in finding.message
        assert "398" in finding.message
        assert _only_network(reading).member_count == Quantity(398, Qualifier.EXACT, "n. 398")
        assert self.CODE in _validate(reading).by_code()

    def test_is_reported_when_the_count_changes_alone(self) -> None:
        reading = _edited("n. 398 Enti aderenti", "n. 401 Enti aderenti")
        assert [f.code for f in reading.findings if f.code == self.CODE] == [self.CODE]

    def test_is_not_reported_when_both_change_together(self) -> None:
        page = edited(_builtin(), "n. 398 Enti", "n. 401 Enti")
        reading = read_page(edited(page, "(totale 398)", "(totale 401)"))
        assert self.CODE not in {f.code for f in reading.findings}
        assert _only_network(reading).member_count == Quantity(401, Qualifier.EXACT, "n. 401")

    def test_is_not_reported_on_the_shipped_page(self, page: Reading) -> None:
        assert self.CODE not in {f.code for f in page.findings}


def test_every_record_of_the_page_is_traced_to_it(page: Reading) -> None:
    records = [r for r in page.dataset.records() if r.entity != "source"]
    assert records
    assert {r.source_id for r in records} == {SOURCE_ID}
    assert {r.entity for r in records} == {
        "act",
        "organization",
        "network",
        "plan",
        "alliance",
        "project",
    }
