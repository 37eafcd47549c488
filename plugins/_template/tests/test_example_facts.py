"""What the plugin reads from its page, and how it follows a page that changes.

State every fact the page gives, then edit a copy of the page and check that the records
follow: a reader that parses the text (rather than hard-coding it) passes both. The helpers
come with the core (:mod:`conciliazione.testing`): ``builtin_document`` is a page the plugin
ships, ``edited`` a copy with one change (it fails the test if the text to change is not in
the page), ``validate_readings`` the core's and the plugin's rules run on readings.
"""

from __future__ import annotations

from conciliazione.documents import Document
from conciliazione.model import ActKind
from conciliazione.reading import Reading
from conciliazione.testing import builtin_document, edited, validate_readings
from conciliazione.vague import FuzzyDate, Quantity

import conciliazione_ats_example
from conciliazione_ats_example import ATS_ID
from conciliazione_ats_example.reader import read_page
from conciliazione_ats_example.rules import PROJECT_WITHOUT_LEAD


def _page() -> Document:
    return builtin_document(conciliazione_ats_example)


def _edited(old: str, new: str) -> Reading:
    return read_page(edited(_page(), old, new))


def _codes(reading: Reading) -> set[str]:
    return {finding.code for finding in validate_readings(conciliazione_ats_example, reading)}


def test_the_page_states_its_update_day() -> None:
    assert read_page(_page()).source.updated == FuzzyDate.day(2024, 2, 1)


def test_the_network_has_42_members_at_the_end_of_2023() -> None:
    (network,) = read_page(_page()).dataset.networks
    assert network.member_count == Quantity.exact(42, "42")
    assert network.as_of == FuzzyDate.day(2023, 12, 31)


def test_the_plan_is_approved_by_a_director_generals_resolution() -> None:
    dataset = read_page(_page()).dataset
    (plan,), (act,) = dataset.plans, dataset.acts
    assert (plan.period_start, plan.period_end) == (2020, 2023)
    assert plan.approving_act_id == act.act_id == f"{ATS_ID}:dg_resolution:123:2020"
    assert act.kind is ActKind.DG_RESOLUTION
    assert act.date == FuzzyDate.day(2020, 5, 15)


def test_the_plan_lists_two_projects_each_with_its_lead() -> None:
    dataset = read_page(_page()).dataset
    assert [(p.title, p.lead_name) for p in dataset.projects] == [
        ("Tempo per noi", "Comune di Esempio"),
        ("Doposcuola insieme", "Cooperativa sociale Esempio"),
    ]
    assert dataset.plans[0].project_ids == tuple(p.project_id for p in dataset.projects)
    assert dataset.plans[0].declared_project_count == Quantity.exact(2, "due progetti")


def test_each_lead_body_is_an_organization() -> None:
    dataset = read_page(_page()).dataset
    leads = {o.org_id: o.name for o in dataset.organizations}
    assert leads == {
        f"{ATS_ID}:org:comune-di-esempio": "Comune di Esempio",
        f"{ATS_ID}:org:cooperativa-sociale-esempio": "Cooperativa sociale Esempio",
    }
    assert [p.lead_org_id for p in dataset.projects] == list(leads)


def test_an_edited_count_changes_the_network() -> None:
    (network,) = _edited("conta 42 soggetti", "conta 57 soggetti").dataset.networks
    assert network.member_count is not None and network.member_count.value == 57


def test_a_page_without_the_network_reports_the_missing_section() -> None:
    reading = _edited("la Rete territoriale", "la Rete")
    assert reading.dataset.networks == []
    assert [(f.code, f.path) for f in reading.findings] == [("missing-section", "network")]


def test_the_shipped_page_passes_every_rule() -> None:
    assert _codes(read_page(_page())) == set()


def test_a_project_without_a_lead_is_reported() -> None:
    reading = _edited(" con capofila Comune di Esempio", "")
    assert PROJECT_WITHOUT_LEAD in _codes(reading)


def test_a_declared_count_that_disagrees_with_the_list_is_reported() -> None:
    reading = _edited("comprende due progetti", "comprende tre progetti")
    assert "declared-count-mismatch" in _codes(reading)
