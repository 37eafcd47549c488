"""``conciliazione schema``: the published table contract."""

from __future__ import annotations

import json
from typing import Any

import pytest

schemas = pytest.importorskip(
    "conciliazione.export.schemas", reason="the table schemas are not there yet"
)


def test_prints_every_table_by_default(invoke: Any) -> None:
    result = invoke("schema")
    assert result.exit_code == 0, result.stderr
    headings = [line.split(":")[0] for line in result.stdout.splitlines() if line[:1].isalpha()]
    assert headings == list(schemas.table_names())


def test_one_table_field_by_field_with_types_and_descriptions(invoke: Any) -> None:
    result = invoke("schema", "allocations")
    assert result.exit_code == 0, result.stderr
    spec = schemas.table_spec("allocations")
    lines = result.stdout.splitlines()
    assert lines[0] == f"allocations: {spec.description}"
    assert lines[1].startswith("  primary key: ")
    amount = next(line for line in lines if line.startswith("  amount_eur: "))
    assert "decimal128(" in amount
    field = spec.schema.field("amount_eur")
    assert field.metadata[b"description"].decode() in amount


def test_json_table_schema(invoke: Any) -> None:
    result = invoke("schema", "projects", "--format", "json-schema")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == schemas.json_table_schema("projects")


def test_json_table_schema_of_every_table(invoke: Any) -> None:
    result = invoke("schema", "--format", "json-schema")
    assert result.exit_code == 0, result.stderr
    assert list(json.loads(result.stdout)) == list(schemas.table_names())


def test_an_unknown_table_is_a_usage_error_naming_the_tables(invoke: Any) -> None:
    result = invoke("schema", "progetti")
    assert result.exit_code == 2
    assert "unknown table 'progetti'" in result.stderr
    assert ", ".join(schemas.table_names()) in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


def test_through_the_entry_point(run_cli: Any) -> None:
    process = run_cli("schema", "ats", "--format", "json-schema")
    assert process.returncode == 0, process.stderr
    assert json.loads(process.stdout) == schemas.json_table_schema("ats")
