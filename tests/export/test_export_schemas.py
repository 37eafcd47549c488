"""The table contract: explicit Arrow schemas, described, typed as pipelines expect."""

from __future__ import annotations

import pyarrow as pa
import pytest

from conciliazione.errors import UnknownEntityError
from conciliazione.export.schemas import (
    MONEY,
    SCHEMA_VERSION,
    field_description,
    field_enum,
    json_table_schema,
    partition_schema,
    table_names,
    table_spec,
)

REQUIRED_TABLES = {
    "ats",
    "acts",
    "service_types",
    "guidelines",
    "plans",
    "networks",
    "network_member_categories",
    "organizations",
    "alliances",
    "projects",
    "allocations",
    "contacts",
    "objectives",
    "sources",
    "evidence",
    "findings",
}
REFERENCE_TABLES = {"ats", "guidelines", "service_types"}
"""Region-wide tables: no ats_id column other than the ATS's own id."""


def _types(name: str) -> dict[str, pa.DataType]:
    return {f.name: f.type for f in table_spec(name).schema}


def test_the_contract_has_every_table_the_issue_names() -> None:
    assert set(table_names()) == REQUIRED_TABLES
    assert table_names()[0] == "sources"
    assert table_names()[-1] == "findings"


def test_an_unknown_table_names_the_valid_ones() -> None:
    with pytest.raises(UnknownEntityError, match="allocations") as info:
        table_spec("alocations")
    assert isinstance(info.value, LookupError)


def test_the_schema_version_is_semver_at_1_3_0() -> None:
    # 1.1.0: allocations.amount_text and rounding_unit_eur, sources.publisher, address and
    # retrieved_at, guidelines.extended_to (new optional columns: a minor bump).
    # 1.2.0: the evidence table (a new table: a minor bump).
    # 1.3.0: the partitioned copies' files keep their partition columns, the directories are
    # named by plain values (no column is lost from what a reader gets: a minor bump).
    assert SCHEMA_VERSION == "1.3.0"


@pytest.mark.parametrize("name", sorted(REQUIRED_TABLES))
def test_every_field_and_table_has_a_description(name: str) -> None:
    spec = table_spec(name)
    assert spec.description
    assert spec.schema.metadata[b"description"].decode() == spec.description
    for field in spec.schema:
        assert len(field_description(field)) > 10, field.name


@pytest.mark.parametrize("name", sorted(REQUIRED_TABLES))
def test_no_float_and_no_unsigned_integer_anywhere(name: str) -> None:
    for field in table_spec(name).schema:
        assert not pa.types.is_floating(field.type), field.name
        assert not pa.types.is_unsigned_integer(field.type), field.name
        if pa.types.is_integer(field.type):
            assert field.type == pa.int64(), field.name


@pytest.mark.parametrize("name", sorted(REQUIRED_TABLES - REFERENCE_TABLES))
def test_every_ats_level_table_carries_ats_id(name: str) -> None:
    assert _types(name)["ats_id"] == pa.string()


@pytest.mark.parametrize("name", sorted(REQUIRED_TABLES - {"sources"}))
def test_every_fact_row_carries_its_source_id(name: str) -> None:
    assert _types(name)["source_id"] == pa.string()


@pytest.mark.parametrize("name", sorted(REQUIRED_TABLES))
def test_primary_and_foreign_keys_name_real_columns(name: str) -> None:
    spec = table_spec(name)
    columns = set(spec.schema.names)
    assert set(spec.primary_key) <= columns
    for key in spec.primary_key:
        assert not spec.schema.field(key).nullable, key
    for own, target, target_columns in spec.foreign_keys:
        assert set(own) <= columns
        target_spec = table_spec(target)
        assert target_columns == target_spec.primary_key, (own, target)
        for a, b in zip(own, target_columns, strict=True):
            assert spec.schema.field(a).type == target_spec.schema.field(b).type


def test_allocations_keep_money_exact() -> None:
    types = _types("allocations")
    assert pa.decimal128(18, 2) == MONEY
    assert types["amount_eur"] == pa.decimal128(18, 2)
    assert types["year"] == pa.int64()
    for column in ("allocation_id", "ats_id", "guideline_id", "act_id", "basis", "formula"):
        assert types[column] == pa.string(), column
    assert types["parameters"] == pa.list_(
        pa.field(
            "element",
            pa.struct(
                [
                    pa.field("name", pa.string(), nullable=False),
                    pa.field("value", pa.string(), nullable=False),
                ]
            ),
            nullable=False,
        )
    )


def test_projects_have_the_columns_downstream_queries_use() -> None:
    types = _types("projects")
    for column in ("project_id", "ats_id", "plan_id", "alliance_id", "title", "lead_name"):
        assert types[column] == pa.string(), column
    assert types["lead_org_id"] == pa.string()
    assert pa.types.is_list(types["service_types"])
    assert types["service_types"].value_type == pa.string()
    assert pa.types.is_list(types["target_groups"])
    assert types["beneficiaries"] == pa.int64()
    assert table_spec("projects").schema.field("beneficiaries").nullable
    assert types["beneficiaries_qualifier"] == types["beneficiaries_text"] == pa.string()
    for date_column in ("start", "end"):
        assert types[date_column] == pa.date32()
        assert types[f"{date_column}_precision"] == pa.string()


def test_vague_columns_list_their_allowed_values() -> None:
    schema = table_spec("networks").schema
    assert field_enum(schema.field("as_of_precision")) == ["day", "month", "half_year", "year"]
    assert field_enum(schema.field("member_count_qualifier")) == [
        "exact",
        "about",
        "almost",
        "at_least",
    ]
    assert field_enum(schema.field("member_count")) is None
    assert field_enum(table_spec("findings").schema.field("severity")) == [
        "error",
        "warning",
        "info",
    ]


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("alliances", {"alliance_id", "name", "lead_name", "project_title", "district"}),
        ("networks", {"network_id", "as_of", "as_of_precision", "member_count_text"}),
        ("acts", {"act_id", "kind", "number", "date", "date_precision", "issuer", "title"}),
        ("plans", {"declared_project_count_qualifier", "listed_project_count", "validated_on"}),
        ("findings", {"code", "severity", "entity", "entity_id", "path", "message"}),
        ("sources", {"source_id", "file_name", "sha256", "updated", "updated_precision"}),
        ("sources", {"plugin", "plugin_version", "builtin"}),
    ],
)
def test_named_columns_exist(name: str, columns: set[str]) -> None:
    assert columns <= set(table_spec(name).schema.names)


def test_dates_are_date32_and_counts_int64() -> None:
    assert _types("networks")["as_of"] == pa.date32()
    assert _types("networks")["member_count"] == pa.int64()
    assert _types("acts")["date"] == pa.date32()
    assert _types("sources")["updated"] == pa.date32()
    assert _types("plans")["listed_project_count"] == pa.int64()
    assert _types("plans")["declared_project_count"] == pa.int64()


def test_only_contacts_and_their_evidence_declare_personal_columns() -> None:
    personal = {n: table_spec(n).personal_columns for n in table_names()}
    assert personal.pop("contacts") == ("name", "phone", "email")
    assert personal.pop("evidence") == ("quote",)
    assert not any(personal.values())


def test_partitioning_is_by_ats_and_year_where_there_is_a_year() -> None:
    assert partition_schema("allocations") == pa.schema(
        [pa.field("ats_id", pa.string()), pa.field("year", pa.int64())]
    )
    assert partition_schema("projects").names == ["ats_id"]
    assert len(partition_schema("ats")) == 0


def test_the_json_table_schema_carries_types_keys_and_constraints() -> None:
    schema = json_table_schema("allocations")
    fields = {f["name"]: f for f in schema["fields"]}
    assert schema["primaryKey"] == ["allocation_id"]
    assert {"fields": ["act_id"], "reference": {"resource": "acts", "fields": ["act_id"]}} in (
        schema["foreignKeys"]
    )
    assert fields["amount_eur"]["type"] == "number"
    assert fields["amount_eur"]["arrowType"] == "decimal128(18, 2)"
    assert fields["year"] == {
        "name": "year",
        "type": "integer",
        "description": "The year ('annualità') the funds are for.",
        "arrowType": "int64",
        "constraints": {"required": True},
    }
    assert fields["allocation_id"]["constraints"] == {"required": True, "unique": True}
    assert fields["basis"]["constraints"]["enum"] == ["published", "computed"]
    assert fields["parameters"]["type"] == "array"
    assert fields["parameters"]["arrayItem"] == {"type": "object"}
    assert all(f["description"] for f in schema["fields"])


def test_list_columns_describe_their_items() -> None:
    fields = {f["name"]: f for f in json_table_schema("guidelines")["fields"]}
    assert fields["act_ids"]["arrayItem"] == {"type": "string"}
    kinds = fields["alliance_lead_kinds"]["arrayItem"]
    assert kinds["constraints"]["enum"][0] == "public_body"


def test_the_json_table_schema_of_findings_has_no_primary_key() -> None:
    schema = json_table_schema("findings")
    assert "primaryKey" not in schema
    assert [f["name"] for f in schema["fields"]][:2] == ["code", "severity"]
