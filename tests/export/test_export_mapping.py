"""The pydantic models and the Arrow schemas agree, through the explicit field→column mapping.

Every model field becomes columns of the right type (or is listed as excluded with a reason);
every column comes from a model field or is a documented derived column. Adding a field to a
model without exporting it, or a column without a source, fails here.
"""

from __future__ import annotations

import enum
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pyarrow as pa
import pytest
from pydantic import AwareDatetime, BaseModel

from conciliazione.export.mapping import (
    CHILDREN,
    MAPPINGS,
    Code,
    EntityTable,
    Fuzzy,
    Nested,
    Pairs,
    Plain,
    Strings,
    Vague,
)
from conciliazione.export.schemas import field_enum, table_names, table_spec
from conciliazione.model import Dataset
from conciliazione.model.dataset import ENTITY_FIELDS
from conciliazione.vague import DatePrecision, FuzzyDate, Qualifier, Quantity


def _model_fields(model: type[Any]) -> dict[str, Any]:
    """Field name → resolved annotation, for pydantic models and attrs classes alike."""
    hints = typing.get_type_hints(model)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return {name: hints[name] for name in model.model_fields}
    return {f.name: hints[f.name] for f in attrs.fields(model)}


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        (inner,) = [a for a in args if a is not type(None)]
        return inner, True
    return annotation, False


def _arrow_type_for(annotation: Any) -> pa.DataType:
    """The Arrow type a plain (one-column) field of this Python type must have."""
    inner, _ = _strip_optional(annotation)
    if inner is str or (isinstance(inner, type) and issubclass(inner, enum.Enum)):
        return pa.string()
    if inner is bool:
        return pa.bool_()
    if inner is int:
        return pa.int64()
    if inner is Decimal:
        return pa.decimal128(18, 2)
    if inner is date:
        return pa.date32()
    if inner in (datetime, AwareDatetime):
        return pa.timestamp("us", tz="UTC")  # a moment: always in UTC
    raise AssertionError(f"no plain column type for {annotation!r}")


def test_every_table_has_a_mapping_and_every_entity_a_table() -> None:
    assert set(MAPPINGS) | set(CHILDREN) == set(table_names())
    assert set(ENTITY_FIELDS.values()) <= set(MAPPINGS)
    assert set(Dataset.model_fields) <= set(MAPPINGS)


@pytest.mark.parametrize("name", sorted(MAPPINGS))
def test_every_model_field_is_mapped_or_excluded_with_a_reason(name: str) -> None:
    mapping = MAPPINGS[name]
    fields = set(_model_fields(mapping.model))
    assert set(mapping.fields) | set(mapping.excluded) == fields
    assert not set(mapping.fields) & set(mapping.excluded)
    assert all(reason for reason in mapping.excluded.values())


@pytest.mark.parametrize("name", sorted(MAPPINGS))
def test_every_column_comes_from_a_field_or_is_documented_as_derived(name: str) -> None:
    mapping = MAPPINGS[name]
    schema_columns = table_spec(name).schema.names
    mapped = list(mapping.columns)
    assert len(mapped) == len(set(mapped)), "a column is mapped twice"
    assert sorted([*mapped, *mapping.derived]) == sorted(schema_columns)
    assert all(reason for reason in mapping.derived.values())
    for field, column in mapping.renamed.items():
        assert mapping.fields[field].columns[0] == column


@pytest.mark.parametrize("name", sorted(CHILDREN))
def test_child_tables_cover_their_nested_model(name: str) -> None:
    child = CHILDREN[name]
    parent = MAPPINGS[child.parent]
    assert parent.fields[child.parent_field] == Nested(name)
    assert set(child.fields) == set(_model_fields(child.model))
    assert sorted(child.columns) == sorted(table_spec(name).schema.names)
    parent_columns = table_spec(child.parent).schema
    for column, parent_field in child.inherited.items():
        assert parent_columns.field(parent_field).type == table_spec(name).schema.field(column).type
    assert "source_id" in child.inherited


def _check_codec(table: str, field: str, annotation: Any, codec: Any) -> None:
    schema = table_spec(table).schema
    inner, optional = _strip_optional(annotation)
    if isinstance(codec, Fuzzy):
        assert inner is FuzzyDate
        value, precision, text = (schema.field(c) for c in codec.columns)
        assert value.type == pa.date32()
        assert field_enum(precision) == [p.value for p in DatePrecision]
        assert text.type == pa.string()
    elif isinstance(codec, Vague):
        assert inner is Quantity
        value, qualifier, text = (schema.field(c) for c in codec.columns)
        assert value.type == pa.int64()
        assert field_enum(qualifier) == [q.value for q in Qualifier]
        assert text.type == pa.string()
    elif isinstance(codec, Code):
        assert inner is codec.enum
        column = schema.field(codec.column)
        assert column.type == pa.string()
        assert field_enum(column) == [m.value for m in codec.enum]
    elif isinstance(codec, Strings):
        assert typing.get_origin(inner) is tuple
        item = typing.get_args(inner)[0]
        assert item is (codec.enum or str)
        column = schema.field(codec.column)
        assert column.type == pa.list_(pa.field("element", pa.string(), nullable=False))
        if codec.enum is not None:
            assert field_enum(column) == [m.value for m in codec.enum]
    elif isinstance(codec, Pairs):
        assert inner == tuple[tuple[str, str], ...]
        assert pa.types.is_list(schema.field(codec.column).type)
    elif isinstance(codec, EntityTable):
        assert inner is str
        assert schema.field(codec.column).type == pa.string()
    elif isinstance(codec, Plain):
        column = schema.field(codec.column)
        assert column.type == _arrow_type_for(annotation), field
        assert column.nullable == optional, field
    else:
        assert isinstance(codec, Nested)
        assert typing.get_origin(inner) is tuple


@pytest.mark.parametrize(
    ("table", "field"),
    [(t, f) for t, m in sorted(MAPPINGS.items()) for f in m.fields],
)
def test_each_field_has_a_column_of_the_matching_type(table: str, field: str) -> None:
    mapping = MAPPINGS[table]
    annotation = _model_fields(mapping.model)[field]
    _check_codec(table, field, annotation, mapping.fields[field])


@pytest.mark.parametrize(
    ("table", "field"),
    [(t, f) for t, c in sorted(CHILDREN.items()) for f in c.fields],
)
def test_each_nested_field_has_a_column_of_the_matching_type(table: str, field: str) -> None:
    child = CHILDREN[table]
    annotation = _model_fields(child.model)[field]
    codec = child.fields[field]
    schema = table_spec(table).schema
    if isinstance(codec, Code):
        inner, _ = _strip_optional(annotation)
        assert inner is codec.enum
        assert field_enum(schema.field(codec.column)) == [m.value for m in codec.enum]
    else:
        assert schema.field(codec.columns[0]).type == _arrow_type_for(annotation)


def test_derived_columns_are_the_documented_two() -> None:
    derived = {(n, c) for n, m in MAPPINGS.items() for c in m.derived}
    assert derived == {("plans", "listed_project_count"), ("alliances", "project_title")}
