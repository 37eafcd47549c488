"""Records → Arrow tables: sorted, typed, personal data withheld, bad amounts kept out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pyarrow as pa
import pytest

from conciliazione.export.schemas import table_names, table_spec
from conciliazione.export.tables import amount_fits, build_tables, rejected_allocations
from conciliazione.findings import Report
from conciliazione.model import Allocation, Dataset, Evidence, Project


def test_every_table_is_built_with_its_exact_schema(dataset: Dataset) -> None:
    built = build_tables(dataset)
    assert list(built.tables) == list(table_names())
    for name, table in built.tables.items():
        assert table.schema.equals(table_spec(name).schema, check_metadata=True), name


def test_rows_are_sorted_by_primary_key(dataset: Dataset) -> None:
    tables = build_tables(dataset).tables
    assert tables["allocations"].column("allocation_id").to_pylist() == [
        "pavia:allocation:2020",
        "pavia:allocation:2021",
        "pavia:allocation:2022",
        "pavia:allocation:computed:2023",
    ]
    assert tables["projects"].column("project_id").to_pylist() == [
        "pavia:project:1",
        "pavia:project:2",
    ]
    assert tables["objectives"].column("ordinal").to_pylist() == [1, 2]


def test_nested_values_become_child_rows_in_page_order(dataset: Dataset) -> None:
    tables = build_tables(dataset).tables
    categories = tables["network_member_categories"].to_pylist()
    assert [(c["network_id"], c["ordinal"], c["label"], c["kind"]) for c in categories] == [
        ("milano:network", 0, "Soggetti pubblici", "public_body"),
        ("milano:network", 1, "Associazioni datoriali", None),
    ]
    assert {c["ats_id"] for c in categories} == {"milano"}
    assert {c["source_id"] for c in categories} == {"milano:001"}
    codes = tables["service_types"].column("code").to_pylist()
    assert codes == ["A", "B", "C", "D", "E", "F"]


def test_vague_values_keep_precision_qualifier_and_words(dataset: Dataset) -> None:
    tables = build_tables(dataset).tables
    (milano, montagna) = tables["networks"].to_pylist()
    assert (milano["as_of"], milano["as_of_precision"], milano["as_of_text"]) == (
        date(2021, 7, 1),
        "month",
        "luglio 2021",
    )
    assert (montagna["member_count"], montagna["member_count_qualifier"]) == (100, "almost")
    assert montagna["member_count_text"] == "quasi cento"
    project = tables["projects"].to_pylist()[0]
    assert (project["beneficiaries"], project["beneficiaries_qualifier"]) == (50, "about")
    assert project["beneficiaries_text"] == "circa la metà"
    assert (project["end"], project["end_precision"], project["end_text"]) == (
        date(2022, 7, 1),
        "half_year",
        None,
    )
    second = tables["projects"].to_pylist()[1]
    assert second["beneficiaries"] is None
    assert second["beneficiaries_qualifier"] is None


def test_plans_show_declared_and_listed_counts_side_by_side(dataset: Dataset) -> None:
    (plan,) = build_tables(dataset).tables["plans"].to_pylist()
    assert (plan["declared_project_count"], plan["declared_project_count_qualifier"]) == (
        6,
        "exact",
    )
    assert plan["declared_project_count_text"] == "sei progetti"
    assert plan["listed_project_count"] == 2
    assert plan["project_ids"] == ["pavia:project:2", "pavia:project:1"]


def test_an_alliance_shows_the_title_of_its_first_project_by_id(dataset: Dataset) -> None:
    (alliance,) = build_tables(dataset).tables["alliances"].to_pylist()
    assert alliance["project_title"] == "Baby Hub"  # pavia:project:1 < pavia:project:2
    assert alliance["lead_name"] == "Comune di Pavia"


def test_an_alliance_without_project_has_no_title(dataset: Dataset) -> None:
    dataset.projects = []
    (alliance,) = build_tables(dataset).tables["alliances"].to_pylist()
    assert alliance["project_title"] is None


def test_money_stays_decimal_with_two_places(dataset: Dataset) -> None:
    table = build_tables(dataset).tables["allocations"]
    assert table.schema.field("amount_eur").type == pa.decimal128(18, 2)
    amounts = table.column("amount_eur").to_pylist()
    assert amounts == [
        Decimal("48834.00"),
        Decimal("48834.00"),
        Decimal("54260.00"),
        Decimal("50000.50"),
    ]
    assert str(amounts[-1]) == "50000.50"
    assert table.to_pylist()[-1]["parameters"] == [
        {"name": "population", "value": "545888"},
        {"name": "fund", "value": "1000000.00"},
    ]


def test_personal_contacts_are_withheld_and_counted(dataset: Dataset) -> None:
    built = build_tables(dataset)
    contacts = built.tables["contacts"].to_pylist()
    assert [c["contact_id"] for c in contacts] == ["pavia:contact:office"]
    assert built.withheld_personal == 1
    assert "Maria Rossi" not in str(built.tables)


def test_personal_contacts_are_exported_when_asked(dataset: Dataset) -> None:
    built = build_tables(dataset, include_personal_data=True)
    contacts = built.tables["contacts"].to_pylist()
    assert [c["name"] for c in contacts] == [None, "Maria Rossi"]
    assert contacts[1]["personal"] is True
    assert built.withheld_personal == 0


def test_evidence_withheld_with_personal_data_is_counted(dataset: Dataset) -> None:
    """The evidence of a withheld contact, and evidence quoting personal words on a row that is
    exported, are counted; the evidence of a rejected allocation is not (it is left out with
    or without personal data)."""
    pavia = dataset.evidence[0].source_id
    dataset.allocations.append(_allocation("1.005"))
    dataset.evidence.extend(
        [
            Evidence(
                entity="contact",
                record_id="pavia:contact:office",
                field="scope",
                source_id=pavia,
                quote="chiedere di Maria Rossi",
                personal=True,
            ),
            Evidence(
                entity="allocation",
                record_id="pavia:allocation:1.005",
                field="amount_eur",
                source_id=pavia,
                quote="1,005",
            ),
        ]
    )
    default = build_tables(dataset)
    personal = build_tables(dataset, include_personal_data=True)
    assert (default.withheld_personal, default.withheld_evidence, default.rejected) == (1, 2, 1)
    assert (personal.withheld_personal, personal.withheld_evidence) == (0, 0)
    difference = personal.tables["evidence"].num_rows - default.tables["evidence"].num_rows
    assert difference == default.withheld_evidence


def _allocation(amount: str) -> Allocation:
    return Allocation(
        allocation_id=f"pavia:allocation:{amount}",
        ats_id="pavia",
        year=2020,
        amount_eur=Decimal(amount),
    )


@pytest.mark.parametrize(
    ("amount", "fits"),
    [
        ("48834.00", True),
        ("48834", True),
        ("0.5", True),
        ("-10.25", True),
        ("48834.000", True),  # trailing zeros lose nothing
        ("9999999999999999.99", True),
        ("48834.001", False),
        ("1.005", False),
        ("10000000000000000", False),
        ("NaN", False),
        ("Infinity", False),
    ],
)
def test_which_amounts_fit_decimal_18_2(amount: str, fits: bool) -> None:
    assert amount_fits(Decimal(amount)) is fits


def test_amounts_with_more_than_two_decimals_are_rejected_not_rounded(
    dataset: Dataset, report_for: Callable[[Dataset], Report]
) -> None:
    dataset.add(_allocation("1234.567"), _allocation("0.001"))
    report = report_for(dataset)
    built = build_tables(dataset, report)
    ids = built.tables["allocations"].column("allocation_id").to_pylist()
    assert "pavia:allocation:1234.567" not in ids
    assert len(ids) == 4
    assert built.rejected == 2
    assert [a.allocation_id for a in rejected_allocations(dataset)] == [
        "pavia:allocation:1234.567",
        "pavia:allocation:0.001",
    ]
    reported = {f.entity_id for f in report if f.code == "allocation-amount-precision"}
    assert {"pavia:allocation:1234.567", "pavia:allocation:0.001"} <= reported
    findings = built.tables["findings"].to_pylist()
    assert "pavia:allocation:1234.567" in {f["entity_id"] for f in findings}


def test_an_amount_too_large_for_decimal_18_2_is_rejected_too(dataset: Dataset) -> None:
    dataset.add(_allocation("12345678901234567.00"))
    built = build_tables(dataset)
    assert built.rejected == 1
    assert built.tables["allocations"].num_rows == 4


def test_findings_come_in_report_order(
    dataset: Dataset, report_for: Callable[[Dataset], Report]
) -> None:
    dataset.add(_allocation("1.234"))
    report = report_for(dataset)
    table = build_tables(dataset, report).tables["findings"]
    assert table.to_pylist() == report.to_rows()
    assert table.column("severity").to_pylist()[0] == "error"


def test_findings_given_as_a_list_are_sorted_like_a_report(
    dataset: Dataset, report_for: Callable[[Dataset], Report]
) -> None:
    report = report_for(dataset)
    shuffled = list(reversed(report.findings))
    assert build_tables(dataset, shuffled).tables["findings"].to_pylist() == report.to_rows()


def test_an_empty_dataset_gives_empty_tables_with_the_full_schema() -> None:
    built = build_tables(Dataset())
    assert all(t.num_rows == 0 for t in built.tables.values())
    assert built.tables["projects"].schema.equals(table_spec("projects").schema)


def test_duplicate_ids_are_exported_for_the_rule_to_report(dataset: Dataset) -> None:
    dataset.add(Project(project_id="pavia:project:1", ats_id="pavia", title="Copy"))
    titles = build_tables(dataset).tables["projects"].column("title").to_pylist()
    assert sorted(titles) == ["Baby Hub", "Copy", "Zeta: second project"]
