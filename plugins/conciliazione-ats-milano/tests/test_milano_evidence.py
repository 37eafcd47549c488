"""Where each value of the ATS Milano reading comes from, and what the page states that the
model cannot hold.

Every value the reader yields is either quoted — the words of the page at the evidence row's
offsets — or derived, naming the rule that built it from quoted words. The last part reads
edited pages: a section without its act, and an alliance with two lead bodies.
"""

from __future__ import annotations

from typing import Any

import conciliazione_ats_milano
import pytest
from conciliazione_ats_milano.reader import read_page

from conciliazione.model import Evidence
from conciliazione.reading import Reading
from conciliazione.testing import builtin_document, edited

PAGE = "001_95dcb50e4e9d41be.txt"
PLAN_ID = "milano:plan:2020-2023"
IRENE = "milano:alliance:2020-2023:associazione-irene"


@pytest.fixture(scope="module")
def page() -> Reading:
    return read_page(builtin_document(conciliazione_ats_milano, PAGE))


def _rows(reading: Reading, record_id: str, field: str) -> list[Evidence]:
    return [e for e in reading.dataset.evidence if (e.record_id, e.field) == (record_id, field)]


def _filled(value: Any) -> bool:
    return value is not None and value != () and value != ""


class TestEveryValueHasItsWords:
    def test_every_filled_field_of_every_record_has_evidence(self, page: Reading) -> None:
        covered = {
            (e.entity, e.record_id, e.field.split("[")[0].split(".")[0])
            for e in page.dataset.evidence
        }
        plain = {"ats_id", "source_id"}
        missing = [
            (record.entity, record.record_id, name)
            for record in page.dataset.records()
            if record.entity != "source"
            for name, value in record
            if name not in plain | {record.id_field} and _filled(value)
            if (record.entity, record.record_id, name) not in covered
        ]
        assert missing == []

    def test_every_quote_is_the_page_text_at_its_offsets(self, page: Reading) -> None:
        located = [e for e in page.dataset.evidence if e.start is not None]
        assert located
        assert all(page.text[e.start : e.end] == e.quote for e in located)

    def test_the_declared_count_is_quoted_and_the_listed_projects_by_their_titles(
        self, page: Reading
    ) -> None:
        (declared,) = _rows(page, PLAN_ID, "declared_project_count")
        assert (declared.quote, declared.derivation) == ("sei progetti", None)
        listed = [_rows(page, PLAN_ID, f"project_ids[{i}]")[0].quote for i in range(5)]
        assert listed == [p.title for p in page.dataset.projects]

    def test_a_wrapped_alliance_name_is_quoted_with_its_line_break(self, page: Reading) -> None:
        (name,) = _rows(page, IRENE, "name")
        assert name.quote.endswith("Ricerche,\nEsperienze per una Nuova Europa")


class TestBuiltValuesAreMarkedDerived:
    @pytest.mark.parametrize(
        ("entity", "field", "rule"),
        [
            ("act", "issuer", "act-issuer-from-kind"),
            ("organization", "kind", "organization-kind-from-name"),
            ("plan", "guideline_id", "guideline-of-period"),
            ("plan", "service_types[0]", "service-type-from-label"),
            ("network", "member_categories[0].kind", "category-kind-from-label"),
        ],
    )
    def test_by_the_rule_that_built_them(
        self, page: Reading, entity: str, field: str, rule: str
    ) -> None:
        rows = [e for e in page.dataset.evidence if (e.entity, e.field) == (entity, field)]
        assert rows
        assert {e.derivation for e in rows} == {rule}

    def test_the_act_kind_is_a_guess_only_for_the_documents_the_page_names_no_act_for(
        self, page: Reading
    ) -> None:
        guessed = {
            e.record_id
            for e in page.dataset.evidence
            if e.field == "kind" and e.derivation == "act-kind-of-adopted-document"
        }
        assert guessed == {a.act_id for a in page.dataset.acts if a.number is None}
        (cited,) = _rows(page, "milano:dg_resolution:390:2020", "kind")
        assert cited.derivation is None
        assert cited.quote.startswith("deliberazione del Direttore Generale n. 390")


class TestEditedPage:
    def test_a_plan_without_its_approving_act_is_kept_and_the_gap_reported(self) -> None:
        document = edited(
            builtin_document(conciliazione_ats_milano, PAGE),
            "approvato con deliberazione del Direttore Generale n. 390 del 29/05/2020",
            "approvato dal Direttore",
        )
        reading = read_page(document)
        (plan,) = reading.dataset.plans
        assert plan.approving_act_id is None
        assert "plan approval act" in {f.path for f in reading.findings}

    def test_an_alliance_with_two_lead_bodies_keeps_one_and_states_the_other(self) -> None:
        document = edited(
            builtin_document(conciliazione_ats_milano, PAGE),
            "- Fondazione Archè\n",
            "- Fondazione Archè\n- ASST Fatebenefratelli Sacco\n",
        )
        reading = read_page(document)
        assert len(reading.dataset.alliances) == len(reading.dataset.projects) == 5
        (arche,) = [a for a in reading.dataset.alliances if a.lead_name == "Fondazione Archè"]
        assert arche.name is not None
        assert arche.name.startswith("ConciliAmoci")
        (stated,) = [f for f in reading.findings if f.code == "stated-not-modelled"]
        assert stated.severity.value == "info"
        assert stated.path == "a second lead body"
        assert "'Fondazione Archè\\n- ASST Fatebenefratelli Sacco'" in stated.message
        assert "ASST Fatebenefratelli Sacco" not in {o.name for o in reading.dataset.organizations}
