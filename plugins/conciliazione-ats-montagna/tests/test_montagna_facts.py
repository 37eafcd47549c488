"""What the ATS Montagna plugin reads from its pages, and how it follows a page that changes.

The first part states every fact the plugin yields from the two shipped pages (the 2024
programme page and the 2018 news item); it doubles as documentation of the plugin's output.
The second part reads edited copies of the pages: the reader parses the text, so an edited
number, line or date must show up in the records, and a missing section in the findings. The
last part tests the plugin's rule.
"""

from __future__ import annotations

from collections.abc import Callable

import conciliazione_ats_montagna
import pytest
from conciliazione_ats_montagna.reader import (
    alliance_count,
    project_entries,
    read_page,
    recognizes,
)

from conciliazione.documents import Document, document_from_bytes
from conciliazione.findings import Report, Severity
from conciliazione.model import (
    MemberCategory,
    Network,
    Organization,
    OrganizationKind,
    Plan,
    Project,
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

PROGRAMME = "000_85faaafccf00cc38.txt"
NEWS = "002_6ae0d52e84f3c1d6.txt"


def _builtin(name: str) -> Document:
    return builtin_document(conciliazione_ats_montagna, name)


def _edited(name: str, old: str, new: str) -> Reading:
    """Read a copy of a shipped page with ``old`` replaced by ``new`` (which must be there)."""
    return read_page(edited(_builtin(name), old, new))


def _only_plan(reading: Reading) -> Plan:
    (plan,) = reading.dataset.plans
    return plan


def _only_network(reading: Reading) -> Network:
    (network,) = reading.dataset.networks
    return network


def _project(reading: Reading, title: str) -> Project:
    (project,) = [p for p in reading.dataset.projects if p.title == title]
    return project


def _validate(*readings: Reading) -> Report:
    return validate_readings(conciliazione_ats_montagna, *readings)


@pytest.fixture(scope="module")
def programme() -> Reading:
    return read_page(_builtin(PROGRAMME))


@pytest.fixture(scope="module")
def news() -> Reading:
    return read_page(_builtin(NEWS))


# -- the 2024 programme page --------------------------------------------------------------------


class TestProgrammePage:
    def test_the_source_is_dated_to_the_day_and_has_no_title(self, programme: Reading) -> None:
        assert programme.source.source_id == f"montagna:{PROGRAMME}"
        assert programme.source.updated == FuzzyDate.day(2024, 7, 8)
        assert programme.source.updated.precision is DatePrecision.DAY
        assert programme.source.title is None

    def test_the_page_reads_without_findings(self, programme: Reading) -> None:
        assert programme.findings == ()

    def test_the_network_has_119_members_mostly_public_and_third_sector(
        self, programme: Reading
    ) -> None:
        network = _only_network(programme)
        assert network.network_id == "montagna:network:2024"
        assert network.ats_id == "montagna"
        assert network.member_count == Quantity(119, Qualifier.EXACT, "119 soggetti")
        assert network.description == (
            "in larghissima parte enti pubblici e organizzazioni del terzo settore"
        )

    def test_the_network_count_is_not_dated_beyond_the_page(self, programme: Reading) -> None:
        # The sentence is in the present tense on a page updated later: the page's date
        # stays on the source, the count claims no date of its own.
        assert _only_network(programme).as_of is None

    def test_the_plan_2020_2023_follows_the_regional_guideline(self, programme: Reading) -> None:
        plan = _only_plan(programme)
        assert plan.plan_id == "montagna:plan:2020-2023"
        assert plan.ats_id == "montagna"
        assert plan.guideline_id == "dgr-xi-2398-2019"
        assert (plan.period_start, plan.period_end) == (2020, 2023)

    def test_the_regional_acts_cited_are_the_cores_not_copies(self, programme: Reading) -> None:
        assert programme.dataset.acts == []
        core_acts = {a.act_id for a in regional_dataset().acts}
        assert set(get_guideline("dgr-xi-2398-2019").act_ids) <= core_acts
        assert {
            "regione_lombardia:dgr:xi-2398:2019",
            "regione_lombardia:regional_decree:486:2020",
        } <= core_acts

    def test_the_plan_declares_five_territorial_projects_and_lists_five(
        self, programme: Reading
    ) -> None:
        plan = _only_plan(programme)
        assert plan.declared_project_count == Quantity(
            5, Qualifier.EXACT, "5 progetti territoriali"
        )
        assert plan.listed_project_count == 5
        assert plan.project_ids == tuple(p.project_id for p in programme.dataset.projects)

    @pytest.mark.parametrize(
        ("project_id", "title", "lead"),
        [
            (
                "montagna:project:2020-2023:mobilita-sociale-empowerment",
                "Mobilità sociale empowerment",
                "CM Valtellina di Tirano",
            ),
            (
                "montagna:project:2020-2023:progetto-doposcuola",
                "Progetto Doposcuola",
                "Comune di Niardo",
            ),
            ("montagna:project:2020-2023:baby-hub", "Baby Hub", "Comune di Tirano"),
            ("montagna:project:2020-2023:terzo-tempo", "Terzo tempo", "Coop. Forme"),
            (
                "montagna:project:2020-2023:doposcuola-compiti-insieme",
                "Doposcuola compiti insieme",
                "IC Darfo",
            ),
        ],
    )
    def test_each_project_has_its_lead(
        self, programme: Reading, project_id: str, title: str, lead: str
    ) -> None:
        project = _project(programme, title)
        assert project.project_id == project_id
        assert project.plan_id == "montagna:plan:2020-2023"
        assert project.lead_name == lead
        (org,) = [o for o in programme.dataset.organizations if o.org_id == project.lead_org_id]
        assert org.name == lead
        assert project.alliance_id is None  # the page names leads, not alliances

    def test_projects_are_listed_in_page_order(self, programme: Reading) -> None:
        assert [p.title for p in programme.dataset.projects] == [
            "Mobilità sociale empowerment",
            "Progetto Doposcuola",
            "Baby Hub",
            "Terzo tempo",
            "Doposcuola compiti insieme",
        ]

    def test_there_is_one_organization_per_lead_with_its_kind(self, programme: Reading) -> None:
        assert {o.org_id: (o.name, o.kind) for o in programme.dataset.organizations} == {
            "montagna:org:cm-valtellina-di-tirano": (
                "CM Valtellina di Tirano",
                OrganizationKind.PUBLIC_BODY,
            ),
            "montagna:org:comune-di-niardo": ("Comune di Niardo", OrganizationKind.PUBLIC_BODY),
            "montagna:org:comune-di-tirano": ("Comune di Tirano", OrganizationKind.PUBLIC_BODY),
            "montagna:org:coop-forme": ("Coop. Forme", OrganizationKind.NON_PROFIT),
            "montagna:org:ic-darfo": ("IC Darfo", OrganizationKind.EDUCATION),
        }
        lead_ids = {p.lead_org_id for p in programme.dataset.projects}
        assert lead_ids == {o.org_id for o in programme.dataset.organizations}

    def test_terzo_tempo_keeps_its_territory_out_of_the_leads_name(
        self, programme: Reading
    ) -> None:
        assert _project(programme, "Terzo tempo").lead_name == "Coop. Forme"
        assert _project(programme, "Terzo tempo").district == "Valtellina"
        entries = {e.title: e for e in project_entries(_builtin(PROGRAMME).text)}
        assert entries["Terzo tempo"].lead == "Coop. Forme"
        assert entries["Terzo tempo"].territory == "Valtellina"
        assert all(e.territory is None for t, e in entries.items() if t != "Terzo tempo")

    def test_no_alliance_is_invented(self, programme: Reading) -> None:
        assert programme.dataset.alliances == []
        assert _only_plan(programme).alliance_ids == ()

    def test_actions_concentrated_on_typologies_a_and_b(self, programme: Reading) -> None:
        assert _only_plan(programme).service_types == ("A", "B")

    def test_the_plan_focuses_on_minors_and_one_project_on_the_elderly(
        self, programme: Reading
    ) -> None:
        assert _only_plan(programme).target_groups == ("minori",)
        targeted = {p.title: p.target_groups for p in programme.dataset.projects if p.target_groups}
        assert targeted == {"Mobilità sociale empowerment": ("anziani",)}

    def test_about_a_hundred_beneficiaries_about_half_through_baby_hub(
        self, programme: Reading
    ) -> None:
        assert _only_plan(programme).beneficiaries == Quantity(100, Qualifier.ABOUT, "un centinaio")
        assert _project(programme, "Baby Hub").beneficiaries == Quantity(
            50, Qualifier.ABOUT, "circa la metà"
        )
        others = [p for p in programme.dataset.projects if p.title != "Baby Hub"]
        assert all(p.beneficiaries is None for p in others)

    def test_the_final_report_is_by_studio_come(self, programme: Reading) -> None:
        assert _only_plan(programme).report_author == "Studio COME s.r.l."


# -- the 2018 news item -------------------------------------------------------------------------


class TestNewsPage:
    def test_the_source_has_its_headline_and_date(self, news: Reading) -> None:
        assert news.source.title == (
            "ATS della Montagna e Rete Territoriale di Conciliazione, ecco i progetti"
        )
        assert news.source.updated == FuzzyDate.day(2018, 5, 30)

    def test_the_page_reads_without_findings(self, news: Reading) -> None:
        assert news.findings == ()

    def test_the_network_had_almost_one_hundred_members_on_the_day(self, news: Reading) -> None:
        network = _only_network(news)
        assert network.network_id == "montagna:network:2018-05-30"
        assert network.as_of == FuzzyDate.day(2018, 5, 30)
        assert network.as_of.precision is DatePrecision.DAY
        assert network.member_count == Quantity(100, Qualifier.ALMOST, "quasi cento")

    def test_the_member_categories_are_as_listed_with_their_kinds(self, news: Reading) -> None:
        K = OrganizationKind
        assert _only_network(news).member_categories == (
            MemberCategory(label="Regione", kind=K.PUBLIC_BODY),
            MemberCategory(label="ATS", kind=K.PUBLIC_BODY),
            MemberCategory(label="Province", kind=K.PUBLIC_BODY),
            MemberCategory(label="Comuni e Comunità Montane", kind=K.PUBLIC_BODY),
            MemberCategory(label="Camere di Commercio", kind=K.PUBLIC_BODY),
            MemberCategory(
                label="Associazioni di industriali, artigiani e commercianti",
                kind=K.EMPLOYER_ASSOCIATION,
            ),
            MemberCategory(label="Sindacati", kind=K.UNION),
            MemberCategory(label="Cooperazione sociale", kind=K.NON_PROFIT),
            MemberCategory(label="Associazionismo e Volontariato", kind=K.NON_PROFIT),
        )

    def test_the_two_pages_networks_have_different_ids(
        self, programme: Reading, news: Reading
    ) -> None:
        assert _only_network(programme).network_id != _only_network(news).network_id
        report = _validate(programme, news)
        assert "duplicate-id" not in report.by_code()

    def test_the_plan_2017_2018_predates_the_guidelines(self, news: Reading) -> None:
        plan = _only_plan(news)
        assert plan.plan_id == "montagna:plan:2017-2018"
        assert (plan.period_start, plan.period_end) == (2017, 2018)
        assert plan.guideline_id is None
        assert plan.territory == ("provincia di Sondrio", "Vallecamonica", "Medio e Alto Lario")

    def test_eight_alliances_are_counted_but_not_listed(self, news: Reading) -> None:
        assert _only_plan(news).declared_alliance_count == Quantity(8, Qualifier.EXACT, "n. 8")
        assert news.dataset.alliances == []
        counted = alliance_count(_builtin(NEWS).text)
        assert counted is not None
        assert counted.note == "una in ciascuno degli ambiti dei Piani di Zona"

    def test_two_esf_projects_are_named_by_their_leads(self, news: Reading) -> None:
        assert [(p.project_id, p.title, p.lead_name, p.funding) for p in news.dataset.projects] == [
            (
                "montagna:project:2017-2018:fse-sol-co-sondrio",
                "Progetto FSE Sol.Co. Sondrio",
                "Sol.Co. Sondrio",
                "FSE",
            ),
            (
                "montagna:project:2017-2018:fse-comune-di-breno",
                "Progetto FSE Comune di Breno",
                "Comune di Breno",
                "FSE",
            ),
        ]
        assert _only_plan(news).project_ids == tuple(p.project_id for p in news.dataset.projects)
        assert {(o.name, o.kind) for o in news.dataset.organizations} == {
            ("Sol.Co. Sondrio", OrganizationKind.NON_PROFIT),
            ("Comune di Breno", OrganizationKind.PUBLIC_BODY),
        }

    def test_the_training_project_for_smes_is_a_system_action(self, news: Reading) -> None:
        assert _only_plan(news).system_actions == (
            "progetto di formazione a sostegno delle micro, piccole e medie imprese e reti di "
            "imprese sui temi della defiscalizzazione, della flessibilità",
        )


def test_both_pages_validate_without_errors_or_warnings() -> None:
    report = _validate(read_page(_builtin(PROGRAMME)), read_page(_builtin(NEWS)))
    assert report.valid, [str(f) for f in report.errors]
    assert report.warnings == []


# -- recognition --------------------------------------------------------------------------------

SEEDS = {
    "000_85faaafccf00cc38.txt": True,
    "001_95dcb50e4e9d41be.txt": False,
    "002_6ae0d52e84f3c1d6.txt": True,
    "003_cc3c723282e7ce42.txt": False,
    "004_83bb4573c395bed2.txt": False,
}
"""The five published pages and whether each is ATS Montagna's."""


def _seed_text(name: str) -> str:
    """A seed page as shipped by whichever installed plugin carries it."""
    copies = [page for _, page in installed_pages() if page.name == name]
    assert copies, f"no installed plugin ships {name}"
    return copies[0].text


@pytest.mark.parametrize(("name", "is_montagna"), sorted(SEEDS.items()))
def test_recognizes_only_its_own_pages(name: str, is_montagna: bool) -> None:
    assert recognizes(_seed_text(name)) is is_montagna


@pytest.mark.parametrize("spelling", ["ATS della Montagna", "ATS Montagna", "ats  della montagna"])
def test_recognizes_the_ats_by_name(spelling: str) -> None:
    assert recognizes(f"Pagina della Rete di {spelling}.")


# -- edited pages: the output follows the text --------------------------------------------------


class TestEditedProgrammePage:
    def test_a_new_member_count_is_read(self) -> None:
        reading = _edited(PROGRAMME, "119 soggetti", "121 soggetti")
        assert _only_network(reading).member_count == Quantity(121, Qualifier.EXACT, "121 soggetti")

    def test_a_sixth_project_line_adds_a_project_a_lead_and_a_count_mismatch(self) -> None:
        reading = _edited(
            PROGRAMME,
            "- Doposcuola compiti insieme con capofila IC Darfo.",
            "- Doposcuola compiti insieme con capofila IC Darfo;\n"
            "- Estate insieme con capofila Comune di Sondrio.",
        )
        plan = _only_plan(reading)
        assert plan.listed_project_count == 6
        assert plan.declared_project_count == Quantity(
            5, Qualifier.EXACT, "5 progetti territoriali"
        )
        new = _project(reading, "Estate insieme")
        assert new.project_id == "montagna:project:2020-2023:estate-insieme"
        assert new.lead_name == "Comune di Sondrio"
        assert (
            Organization(
                org_id="montagna:org:comune-di-sondrio",
                name="Comune di Sondrio",
                kind=OrganizationKind.PUBLIC_BODY,
                ats_id="montagna",
                source_id=f"montagna:{PROGRAMME}",
            )
            in reading.dataset.organizations
        )
        (mismatch,) = _validate(reading).by_code()["declared-count-mismatch"]
        assert mismatch.severity is Severity.WARNING
        assert mismatch.entity_id == "montagna:plan:2020-2023"

    def test_a_declared_count_in_words_is_read(self) -> None:
        reading = _edited(PROGRAMME, "5 progetti territoriali:", "sei progetti territoriali:")
        assert _only_plan(reading).declared_project_count == Quantity(
            6, Qualifier.EXACT, "sei progetti territoriali"
        )
        assert "declared-count-mismatch" in _validate(reading).by_code()

    def test_a_shared_lead_gives_one_organization(self) -> None:
        reading = _edited(
            PROGRAMME, "con capofila Comune di Niardo", "con capofila Comune di Tirano"
        )
        assert len(reading.dataset.projects) == 5
        assert len(reading.dataset.organizations) == 4

    def test_other_typologies_are_read(self) -> None:
        reading = _edited(PROGRAMME, "e B (pre-post scuola", "e D (pre-post scuola")
        assert _only_plan(reading).service_types == ("A", "D")

    def test_an_unknown_typology_is_kept_and_reported_by_the_core(self) -> None:
        reading = _edited(PROGRAMME, "e B (pre-post scuola", "e Z (pre-post scuola")
        assert _only_plan(reading).service_types == ("A", "Z")
        (finding,) = _validate(reading).by_code()["unknown-service-type"]
        assert finding.path == "service_types[1]"

    def test_other_beneficiaries_are_read_and_the_share_follows(self) -> None:
        reading = _edited(PROGRAMME, "un centinaio di destinatari", "una sessantina di destinatari")
        assert _only_plan(reading).beneficiaries == Quantity(60, Qualifier.ABOUT, "una sessantina")
        assert _project(reading, "Baby Hub").beneficiaries == Quantity(
            30, Qualifier.ABOUT, "circa la metà"
        )

    def test_the_share_goes_to_the_project_the_page_names(self) -> None:
        reading = _edited(
            PROGRAMME, "attraverso il progetto Baby Hub", "attraverso il progetto Terzo tempo"
        )
        assert _project(reading, "Terzo tempo").beneficiaries is not None
        assert _project(reading, "Baby Hub").beneficiaries is None

    def test_another_target_project_is_read(self) -> None:
        reading = _edited(PROGRAMME, "“Mobilità sociale empowerment” ha come", "“Baby Hub” ha come")
        targeted = {p.title: p.target_groups for p in reading.dataset.projects if p.target_groups}
        assert targeted == {"Baby Hub": ("anziani",)}

    def test_another_report_author_is_read(self) -> None:
        reading = _edited(PROGRAMME, "Studio COME s.r.l.", "Studio Rossi s.r.l.")
        assert _only_plan(reading).report_author == "Studio Rossi s.r.l."

    def test_a_new_update_date_dates_the_source_and_names_the_network(self) -> None:
        reading = _edited(
            PROGRAMME, "Aggiornato il 8 Luglio 2024", "Aggiornato il 15 Settembre 2025"
        )
        assert reading.source.updated == FuzzyDate.day(2025, 9, 15)
        assert _only_network(reading).network_id == "montagna:network:2025"

    def test_a_count_in_words_the_parsers_cannot_read_is_an_unreadable_value(self) -> None:
        reading = _edited(PROGRAMME, "119 soggetti", "tanti soggetti")
        (finding,) = reading.findings
        assert (finding.code, finding.path) == ("unreadable-value", "network member count")
        assert _only_network(reading).member_count is None

    def test_a_page_without_the_project_list_reports_it(self) -> None:
        reading = read_page(cut(_builtin(PROGRAMME), "- Mobilità sociale", "Le azioni si sono"))
        assert reading.dataset.projects == []
        assert [(f.code, f.path) for f in reading.findings if f.path == "project list"] == [
            ("missing-section", "project list")
        ]

    def test_a_page_in_another_shape_reports_the_missing_sections(self) -> None:
        reading = read_page(document_from_bytes(PROGRAMME, EMPTY_PAGE.encode()))
        assert {(f.code, f.path) for f in reading.findings} == {
            ("missing-section", "update date"),
            ("missing-section", "network member count"),
            ("missing-section", "plan"),
        }
        assert len(reading.dataset) == 1  # the source only


class TestEditedNewsPage:
    def test_a_new_member_count_keeps_its_qualifier(self) -> None:
        reading = _edited(NEWS, "quasi cento aderenti", "oltre 120 aderenti")
        assert _only_network(reading).member_count == Quantity(120, Qualifier.AT_LEAST, "oltre 120")

    def test_a_new_date_dates_the_network(self) -> None:
        reading = _edited(NEWS, "Aggiornato il 30 Maggio 2018", "Aggiornato il 4 Giugno 2019")
        network = _only_network(reading)
        assert network.as_of == FuzzyDate.day(2019, 6, 4)
        assert network.network_id == "montagna:network:2019-06-04"

    def test_a_new_alliance_count_is_read(self) -> None:
        reading = _edited(NEWS, "(n. 8,", "(n. 9,")
        assert _only_plan(reading).declared_alliance_count == Quantity(9, Qualifier.EXACT, "n. 9")

    def test_a_new_esf_lead_is_read(self) -> None:
        reading = _edited(NEWS, "dal Comune di Breno", "dal Comune di Edolo")
        assert [p.lead_name for p in reading.dataset.projects] == [
            "Sol.Co. Sondrio",
            "Comune di Edolo",
        ]
        assert "montagna:org:comune-di-edolo" in {o.org_id for o in reading.dataset.organizations}

    def test_a_new_territory_is_read(self) -> None:
        reading = _edited(NEWS, "Medio e Alto Lario)", "Medio e Alto Lario, Alta Valtellina)")
        assert _only_plan(reading).territory[-1] == "Alta Valtellina"

    def test_a_page_without_esf_projects_reports_it(self) -> None:
        esf = "- con il contributo del Fondo Sociale Europeo"
        reading = read_page(cut(_builtin(NEWS), esf, "Ma altrettanta attenzione"))
        assert reading.dataset.projects == []
        assert [(f.code, f.path) for f in reading.findings] == [("missing-section", "ESF projects")]


# -- the plugin's rule --------------------------------------------------------------------------


class TestProjectLeadMissingRule:
    CODE = "montagna-project-lead-missing"

    def test_is_registered_by_the_plugin(self) -> None:
        registry = make_plugin_host(
            entry_points=False, plugins=[conciliazione_ats_montagna]
        ).registry()
        assert self.CODE in registry
        assert registry.type(self.CODE).severity is Severity.WARNING
        assert registry.type(self.CODE).origin == "conciliazione_ats_montagna"

    def test_fires_for_a_project_line_without_its_lead(self) -> None:
        reading = _edited(PROGRAMME, "Baby Hub con capofila Comune di Tirano;", "Baby Hub;")
        baby_hub = _project(reading, "Baby Hub")
        assert baby_hub.lead_name is None
        (finding,) = _validate(reading).by_code()[self.CODE]
        assert finding.entity_id == baby_hub.project_id
        assert finding.path == "lead_name"
        assert finding.ats_id == "montagna"

    def test_does_not_fire_on_the_shipped_pages(self, programme: Reading, news: Reading) -> None:
        assert self.CODE not in _validate(programme, news).by_code()

    @pytest.mark.parametrize(
        ("make", "fires"),
        [
            (lambda: Project(project_id="p", ats_id="montagna", title="T"), True),
            (lambda: Project(project_id="p", ats_id="montagna", title="T", lead_name="X"), False),
            (lambda: Project(project_id="p", ats_id="pavia", title="T"), False),
        ],
    )
    def test_looks_only_at_ats_montagna_projects(
        self, make: Callable[[], Project], fires: bool
    ) -> None:
        host = make_plugin_host(entry_points=False, plugins=[conciliazione_ats_montagna])
        dataset = regional_dataset()
        dataset.add(make())
        assert (self.CODE in validate(dataset, registry=host.registry()).by_code()) is fires
