"""``explain``: a record field by field, each value with the words it came from."""

from __future__ import annotations

import conciliazione_ats_pavia
import pytest

from conciliazione.api import explain, load
from conciliazione.errors import UnknownEntityError
from conciliazione.model import Dataset
from conciliazione.plugins import make_plugin_host

PLAN = "pavia:plan:2020-2023"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    host = make_plugin_host(entry_points=False, plugins=[conciliazione_ats_pavia], strict=True)
    return load(host=host).dataset


def test_a_read_value_shows_its_words_and_offsets(dataset: Dataset) -> None:
    explanation = explain(dataset, PLAN)
    fields = {f.field: f for f in explanation.fields}
    (start,) = fields["period_start"].evidence
    assert (fields["period_start"].value, start.quote, start.derivation) == (2020, "2020", None)
    assert "  period_start = 2020" in explanation.lines()
    assert f"      read from «2020» [{start.start}-{start.end}]" in explanation.lines()


def test_a_derived_value_names_its_rule_and_the_words_it_came_from(dataset: Dataset) -> None:
    lines = explain(dataset, PLAN).lines()
    derived = [line for line in lines if "derived by guideline-of-period" in line]
    assert [line.split("from ")[1].split(" [")[0] for line in derived] == ["«2020»", "«2023»"]


def test_fields_the_page_does_not_state_are_listed_as_such(dataset: Dataset) -> None:
    last = explain(dataset, PLAN).lines()[-1]
    assert last.startswith("  not stated: ") and "project_ids" in last


def test_a_personal_record_is_withheld_unless_asked_for(dataset: Dataset) -> None:
    (person,) = [c for c in dataset.contacts if c.personal][:1]
    withheld = explain(dataset, person.contact_id)
    assert withheld.withheld and withheld.fields == ()
    assert person.name is not None
    assert person.name not in "\n".join(withheld.lines())
    shown = explain(dataset, person.contact_id, include_personal_data=True)
    assert any(e.quote == person.name for f in shown.fields for e in f.evidence)


def test_an_unknown_id_names_the_closest_ones(dataset: Dataset) -> None:
    with pytest.raises(UnknownEntityError, match=r"did you mean pavia:plan:2020-2023\?"):
        explain(dataset, "pavia:plan:2020-2022")


def test_the_json_form_carries_the_same_evidence(dataset: Dataset) -> None:
    data = explain(dataset, PLAN).to_dict()
    fields = {f["field"]: f for f in data["fields"]}
    (note,) = fields["validated_on"]["evidence"]
    assert (note["quote"], note["derivation"]) == ("nota del 22/06/2020", None)
    assert fields["plan_id"] == {"field": "plan_id", "value": PLAN, "evidence": []}
