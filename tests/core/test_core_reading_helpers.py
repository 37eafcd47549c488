"""What the core gives every ATS reader once it has found a section: ids and records for the
bodies, categories, objectives and acts a page names, the guideline of a plan's period, and the
page's update date on the source."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conciliazione.reading as reading_module
from conciliazione.documents import document_from_bytes
from conciliazione.model import REGION, Act, ActKind, MemberCategory, OrganizationKind
from conciliazione.model.act import make_act_id
from conciliazione.parsing import find_act_references, parse_act_reference
from conciliazione.reading import (
    ReadingBuilder,
    guideline_for_period,
    lead_organizations,
    member_categories,
    objectives,
    organization_id,
    resolve_act,
)
from conciliazione.regional import regional_dataset
from conciliazione.vague import FuzzyDate

DGR_2398 = "regione_lombardia:dgr:xi-2398:2019"
DECREE_486 = "regione_lombardia:regional_decree:486:2020"


# -- bodies, categories, objectives --------------------------------------------------------------


class TestOrganizations:
    def test_the_id_is_the_ats_and_the_slug_of_the_name(self) -> None:
        assert organization_id("montagna", "Coop. Forme") == "montagna:org:coop-forme"

    def test_spellings_of_one_name_give_one_id(self) -> None:
        assert organization_id("milano", "Fondazione Archè") == organization_id(
            "milano", "Fondazione  Arche\u0300"
        )

    def test_one_organization_per_distinct_lead_in_page_order(self) -> None:
        leads = ["Comune di Tirano", "Coop. Forme", "Comune di Tirano", "IC Darfo"]
        assert [(o.org_id, o.name, o.kind) for o in lead_organizations("montagna", leads)] == [
            ("montagna:org:comune-di-tirano", "Comune di Tirano", OrganizationKind.PUBLIC_BODY),
            ("montagna:org:coop-forme", "Coop. Forme", OrganizationKind.NON_PROFIT),
            ("montagna:org:ic-darfo", "IC Darfo", OrganizationKind.EDUCATION),
        ]

    def test_each_organization_belongs_to_the_ats_and_may_have_no_kind(self) -> None:
        (org,) = lead_organizations("pavia", ["Mario Rossi"])
        assert (org.ats_id, org.kind, org.source_id) == ("pavia", None, None)

    def test_no_names_no_organizations(self) -> None:
        assert lead_organizations("milano", []) == []


def test_member_categories_keep_the_labels_and_guess_the_kinds() -> None:
    assert member_categories(["Province", "", "associazioni di categoria", "cittadini"]) == (
        MemberCategory(label="Province", kind=OrganizationKind.PUBLIC_BODY),
        MemberCategory(
            label="associazioni di categoria", kind=OrganizationKind.EMPLOYER_ASSOCIATION
        ),
        MemberCategory(label="cittadini", kind=None),
    )


def test_objectives_are_numbered_from_one_in_page_order() -> None:
    assert [
        (o.objective_id, o.ats_id, o.ordinal, o.text)
        for o in objectives("pavia", ["la ridefinizione", "il consolidamento"])
    ] == [
        ("pavia:objective:1", "pavia", 1, "la ridefinizione"),
        ("pavia:objective:2", "pavia", 2, "il consolidamento"),
    ]


class TestGuidelineForPeriod:
    def test_the_2020_2023_plans_follow_dgr_2398(self) -> None:
        guideline = guideline_for_period(2020, 2023)
        assert guideline is not None
        assert guideline.guideline_id == "dgr-xi-2398-2019"

    @pytest.mark.parametrize(("start", "end"), [(2017, 2018), (2020, 2022), (2023, 2020)])
    def test_a_period_of_no_built_in_guideline_has_none(self, start: int, end: int) -> None:
        assert guideline_for_period(start, end) is None


# -- acts -----------------------------------------------------------------------------------------


class TestMakeActIdDiscriminator:
    def test_without_one_the_id_is_unchanged(self) -> None:
        assert make_act_id(ActKind.REGIONAL_NOTE, None, 2020, REGION) == (
            "regione_lombardia:regional_note:s-n:2020"
        )

    def test_is_slugged_and_appended(self) -> None:
        assert make_act_id(
            ActKind.DG_RESOLUTION, None, 2020, "milano", discriminator="Avviso Pubblico"
        ) == ("milano:dg_resolution:s-n:2020:avviso-pubblico")

    def test_tells_apart_two_unnumbered_acts_of_one_kind_and_year(self) -> None:
        ids = {
            make_act_id(ActKind.REGIONAL_NOTE, None, 2020, REGION, discriminator=ats)
            for ats in ("pavia-2020-06-22", "milano-2020-06-30")
        }
        assert len(ids) == 2

    def test_a_discriminator_with_nothing_to_slug_is_a_bug(self) -> None:
        with pytest.raises(ValueError, match="discriminator"):
            make_act_id(ActKind.REGIONAL_NOTE, None, 2020, REGION, discriminator=" – ")


class TestResolveAct:
    @pytest.mark.parametrize(
        ("citation", "core_id"),
        [
            ("D.G.R. XI/2398 del 11/11/2019", DGR_2398),
            ("DGR n. 2398 del 11/11/2019", DGR_2398),
            ("D.G.R. 2398/2019", DGR_2398),
            ("Decreto attuativo n. 486 del 17/01/2020", DECREE_486),
        ],
    )
    def test_a_core_act_is_its_id_however_it_is_written(self, citation: str, core_id: str) -> None:
        assert resolve_act(parse_act_reference(citation), ats_id="pavia") == core_id
        assert core_id in {a.act_id for a in regional_dataset().acts}

    def test_another_year_or_kind_is_not_the_core_act(self) -> None:
        act = resolve_act(parse_act_reference("D.G.R. 2398/2021"), ats_id="pavia")
        assert isinstance(act, Act)
        assert act.act_id == "regione_lombardia:dgr:2398:2021"

    def test_a_regional_act_is_issued_by_the_region_and_cited_by_the_ats(self) -> None:
        act = resolve_act(parse_act_reference("D.d.u.o. n. 18414/21"), ats_id="brescia")
        assert act == Act(
            act_id="regione_lombardia:regional_decree:18414:2021",
            kind=ActKind.REGIONAL_DECREE,
            number="18414",
            date=FuzzyDate.year(2021, text="21"),
            issuer=REGION,
            ats_id="brescia",
        )

    def test_an_ats_act_is_issued_by_the_ats_with_the_title_given(self) -> None:
        reference = parse_act_reference("Decreto ATS n. 247/DGi del 28/05/2020")
        act = resolve_act(reference, ats_id="pavia", title="Approva: Piano 2020-2023")
        assert isinstance(act, Act)
        assert (act.act_id, act.issuer, act.title) == (
            "pavia:ats_decree:247-dgi:2020",
            "pavia",
            "Approva: Piano 2020-2023",
        )
        assert act.date == FuzzyDate.day(2020, 5, 28)

    def test_an_unnumbered_act_carries_the_citing_ats_and_its_date(self) -> None:
        act = resolve_act(parse_act_reference("nota del 22/06/2020"), ats_id="pavia")
        assert isinstance(act, Act)
        assert act.act_id == "regione_lombardia:regional_note:s-n:2020:pavia-2020-06-22"
        assert (act.number, act.issuer) == (None, REGION)

    def test_two_ats_validation_notes_of_one_year_do_not_clash(self) -> None:
        note = parse_act_reference("nota del 22/06/2020")
        pavia, milano = (resolve_act(note, ats_id=ats) for ats in ("pavia", "milano"))
        assert isinstance(pavia, Act) and isinstance(milano, Act)
        assert pavia.act_id != milano.act_id

    def test_an_unnumbered_act_may_be_told_apart_otherwise(self) -> None:
        act = resolve_act(
            parse_act_reference("nota del 22/06/2020"), ats_id="pavia", discriminator="validazione"
        )
        assert isinstance(act, Act)
        assert act.act_id == "regione_lombardia:regional_note:s-n:2020:validazione"

    def test_a_numbered_act_needs_no_discriminator(self) -> None:
        reference = parse_act_reference(
            "Deliberazione del Direttore Generale n. 390 del 29/05/2020"
        )
        act = resolve_act(reference, ats_id="milano", discriminator="ignored")
        assert isinstance(act, Act)
        assert act.act_id == "milano:dg_resolution:390:2020"

    @given(st.text())
    def test_every_citation_found_in_any_text_resolves(self, text: str) -> None:
        core_ids = {a.act_id for a in regional_dataset().acts}
        for _, reference in find_act_references(text):
            act = resolve_act(reference, ats_id="pavia")
            assert act in core_ids if isinstance(act, str) else act.act_id not in core_ids


# -- the page's update date -----------------------------------------------------------------------


def _builder(text: str) -> ReadingBuilder:
    return ReadingBuilder.for_document(
        document_from_bytes("p.txt", text.encode()), ats_id="brescia"
    )


class TestReadUpdateDate:
    def test_dates_the_source(self) -> None:
        builder = _builder("Testo")
        assert builder.read_update_date("Ultimo aggiornamento: 08/04/2024") == FuzzyDate.day(
            2024, 4, 8
        )
        reading = builder.build()
        assert reading.source.updated == FuzzyDate.day(2024, 4, 8)
        assert reading.dataset.sources == [reading.source]
        assert reading.findings == ()

    def test_a_page_without_the_line_is_a_missing_section_saying_what_was_expected(self) -> None:
        builder = _builder("Testo")
        assert builder.read_update_date("Testo", expected="no 'Aggiornato il …' line") is None
        (finding,) = builder.build().findings
        assert (finding.code, finding.path) == ("missing-section", "update date")
        assert finding.message == "page p.txt has no update date: no 'Aggiornato il …' line"
        assert builder.source.updated is None

    def test_an_unreadable_date_is_an_unreadable_value_and_no_date(self) -> None:
        builder = _builder("Testo")
        assert builder.read_update_date("Ultimo aggiornamento: 31/02/2024") is None
        (finding,) = builder.build().findings
        assert (finding.code, finding.path) == ("unreadable-value", "update date")
        assert "31/02/2024" in finding.message
        assert builder.source.updated is None


def test_the_examples_in_the_docstrings_hold() -> None:
    assert doctest.testmod(reading_module).failed == 0
