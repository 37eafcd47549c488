"""How each model field maps to table columns, and back: the one place the two are tied.

Each table has a :class:`TableMapping`: for every field of its model a *codec* that turns the
field's value into the values of one or more columns (``encode``) and those values back into
the field (``decode``). The writer builds columns with the codecs, the reader rebuilds records
with them, and a test checks that every model field is mapped (or listed in ``excluded`` with
the reason) and every column of the schema comes from a field or from ``derived``.

Derived columns (``plans.listed_project_count``, ``alliances.project_title``) are computed for
the reader's convenience and ignored when reading back.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any, Protocol

import attrs
from pydantic import BaseModel

from conciliazione.findings import Finding, Severity
from conciliazione.model import (
    ENTITY_FIELDS,
    Act,
    ActKind,
    Alliance,
    Allocation,
    AllocationBasis,
    Ats,
    Contact,
    Evidence,
    Guideline,
    MemberCategory,
    Network,
    Objective,
    Organization,
    OrganizationKind,
    Plan,
    Project,
    ServiceType,
    Source,
)
from conciliazione.vague import DatePrecision, FuzzyDate, Qualifier, Quantity

Row = Mapping[str, Any]


class Codec(Protocol):
    """Turns one field's value into column values and back."""

    @property
    def columns(self) -> tuple[str, ...]: ...

    def encode(self, value: Any) -> tuple[Any, ...]: ...

    def decode(self, row: Row) -> Any: ...


@attrs.frozen
class Plain:
    """A string, integer, boolean or Decimal, stored as is."""

    column: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)

    def encode(self, value: Any) -> tuple[Any, ...]:
        return (value,)

    def decode(self, row: Row) -> Any:
        return row[self.column]


@attrs.frozen
class EntityTable:
    """An entity name (``"plan"``), stored as the name of its export table (``"plans"``)."""

    column: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)

    def encode(self, value: str) -> tuple[Any, ...]:
        return (ENTITY_FIELDS[value],)

    def decode(self, row: Row) -> Any:
        return {table: entity for entity, table in ENTITY_FIELDS.items()}[row[self.column]]


@attrs.frozen
class Code:
    """An enum member, stored as its string value."""

    column: str
    enum: type[Enum]

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)

    def encode(self, value: Enum | None) -> tuple[Any, ...]:
        return (None if value is None else value.value,)

    def decode(self, row: Row) -> Any:
        value = row[self.column]
        return None if value is None else self.enum(value)


@attrs.frozen
class Strings:
    """A tuple of strings (or of enum members), stored as ``list<string>``."""

    column: str
    enum: type[Enum] | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)

    def encode(self, value: tuple[Any, ...]) -> tuple[Any, ...]:
        if self.enum is None:
            return (list(value),)
        return ([item.value for item in value],)

    def decode(self, row: Row) -> Any:
        items = row[self.column] or []
        return tuple(items if self.enum is None else (self.enum(i) for i in items))


@attrs.frozen
class Pairs:
    """A tuple of (name, value) pairs, stored as ``list<struct<name, value>>``."""

    column: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)

    def encode(self, value: tuple[tuple[str, str], ...]) -> tuple[Any, ...]:
        return ([{"name": name, "value": v} for name, v in value],)

    def decode(self, row: Row) -> Any:
        return tuple((item["name"], item["value"]) for item in row[self.column] or [])


@attrs.frozen
class Fuzzy:
    """A :class:`FuzzyDate`: ``<name>``, ``<name>_precision``, ``<name>_text``."""

    column: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column, self.column + "_precision", self.column + "_text")

    def encode(self, value: FuzzyDate | None) -> tuple[Any, ...]:
        if value is None:
            return (None, None, None)
        return (value.value, value.precision.value, value.text)

    def decode(self, row: Row) -> Any:
        value, precision, text = (row[c] for c in self.columns)
        if value is None:
            return None
        return FuzzyDate(value, DatePrecision(precision), text)


@attrs.frozen
class Vague:
    """A :class:`Quantity`: ``<name>``, ``<name>_qualifier``, ``<name>_text``."""

    column: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column, self.column + "_qualifier", self.column + "_text")

    def encode(self, value: Quantity | None) -> tuple[Any, ...]:
        if value is None:
            return (None, None, None)
        return (value.value, value.qualifier.value, value.text)

    def decode(self, row: Row) -> Any:
        value, qualifier, text = (row[c] for c in self.columns)
        if value is None:
            return None
        return Quantity(value, Qualifier(qualifier), text)


@attrs.frozen
class Nested:
    """A tuple of nested models stored in a child table (see :class:`ChildMapping`)."""

    table: str

    @property
    def columns(self) -> tuple[str, ...]:
        return ()

    def encode(self, value: Any) -> tuple[Any, ...]:
        return ()

    def decode(self, row: Row) -> Any:  # the reader fills nested fields from the child table
        raise NotImplementedError


@attrs.frozen
class TableMapping:
    """A table built from the records of one model."""

    table: str
    model: type[Any]
    fields: Mapping[str, Codec]
    renamed: Mapping[str, str] = attrs.field(factory=dict)
    """Model field → column, where they differ (documentation; the codec holds the column)."""
    derived: Mapping[str, str] = attrs.field(factory=dict)
    """Column → why it is derived rather than stored in the model."""
    excluded: Mapping[str, str] = attrs.field(factory=dict)
    """Model field → why it is not exported."""

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c for codec in self.fields.values() for c in codec.columns)


@attrs.frozen
class ChildMapping:
    """A table built from a tuple of nested models inside the records of a parent table.

    ``inherited`` maps child columns to the parent fields they copy (the first one is the
    parent's id; ``source_id`` is always copied, as every fact row carries it); ``ordinal``
    keeps the nested tuple's order.
    """

    table: str
    model: type[BaseModel]
    parent: str
    parent_field: str
    inherited: Mapping[str, str]
    fields: Mapping[str, Codec]
    ordinal: str = "ordinal"

    @property
    def columns(self) -> tuple[str, ...]:
        own = tuple(c for codec in self.fields.values() for c in codec.columns)
        return (*self.inherited, self.ordinal, *own)


def _plain(*names: str) -> dict[str, Codec]:
    return {name: Plain(name) for name in names}


MAPPINGS: dict[str, TableMapping] = {
    m.table: m
    for m in (
        TableMapping(
            "sources",
            Source,
            {
                **_plain("source_id", "ats_id"),
                "name": Plain("file_name"),
                "title": Plain("title"),
                "updated": Fuzzy("updated"),
                **_plain("sha256", "plugin", "plugin_version", "builtin", "publisher"),
                **_plain("address", "retrieved_at"),
            },
            renamed={"name": "file_name"},
        ),
        TableMapping(
            "ats",
            Ats,
            {**_plain("ats_id", "name"), "territory": Strings("territory"), **_plain("source_id")},
        ),
        TableMapping(
            "guidelines",
            Guideline,
            {
                **_plain("guideline_id", "title", "period_start", "period_end"),
                "service_types": Nested("service_types"),
                "act_ids": Strings("act_ids"),
                "alliance_lead_kinds": Strings("alliance_lead_kinds", OrganizationKind),
                **_plain("source_id"),
                "extended_to": Fuzzy("extended_to"),
            },
        ),
        TableMapping(
            "acts",
            Act,
            {
                "act_id": Plain("act_id"),
                "kind": Code("kind", ActKind),
                "number": Plain("number"),
                "date": Fuzzy("date"),
                **_plain("issuer", "title", "ats_id", "source_id"),
            },
        ),
        TableMapping(
            "organizations",
            Organization,
            {
                **_plain("org_id", "name"),
                "kind": Code("kind", OrganizationKind),
                **_plain("codice_fiscale", "partita_iva", "ats_id", "source_id"),
            },
        ),
        TableMapping(
            "networks",
            Network,
            {
                **_plain("network_id", "ats_id"),
                "as_of": Fuzzy("as_of"),
                "member_count": Vague("member_count"),
                "member_categories": Nested("network_member_categories"),
                "member_ids": Strings("member_ids"),
                **_plain("description", "source_id"),
            },
        ),
        TableMapping(
            "plans",
            Plan,
            {
                **_plain("plan_id", "ats_id", "guideline_id", "period_start", "period_end"),
                **_plain("approving_act_id", "validation_act_id"),
                "validated_on": Fuzzy("validated_on"),
                "project_ids": Strings("project_ids"),
                "alliance_ids": Strings("alliance_ids"),
                "system_actions": Strings("system_actions"),
                "declared_project_count": Vague("declared_project_count"),
                "declared_alliance_count": Vague("declared_alliance_count"),
                "service_types": Strings("service_types"),
                "target_groups": Strings("target_groups"),
                "beneficiaries": Vague("beneficiaries"),
                "territory": Strings("territory"),
                **_plain("report_author", "source_id"),
            },
            derived={"listed_project_count": "the length of project_ids (Plan's property)"},
        ),
        TableMapping(
            "alliances",
            Alliance,
            {
                **_plain("alliance_id", "ats_id", "plan_id", "name", "lead_org_id", "lead_name"),
                "partner_org_ids": Strings("partner_org_ids"),
                **_plain("district", "web_page_label", "web_page_url", "source_id"),
            },
            derived={
                "project_title": "joined from projects: the title of the alliance's project, "
                "the first by project_id when it runs several"
            },
        ),
        TableMapping(
            "projects",
            Project,
            {
                **_plain("project_id", "ats_id", "plan_id", "alliance_id", "title"),
                **_plain("lead_org_id", "lead_name", "district"),
                "service_types": Strings("service_types"),
                "target_groups": Strings("target_groups"),
                "start": Fuzzy("start"),
                "end": Fuzzy("end"),
                "beneficiaries": Vague("beneficiaries"),
                **_plain("funding", "source_id"),
            },
        ),
        TableMapping(
            "allocations",
            Allocation,
            {
                **_plain("allocation_id", "ats_id", "guideline_id", "year", "amount_eur"),
                "basis": Code("basis", AllocationBasis),
                **_plain("act_id", "formula"),
                "parameters": Pairs("parameters"),
                **_plain("source_id", "amount_text", "rounding_unit_eur"),
            },
        ),
        TableMapping(
            "contacts",
            Contact,
            _plain(
                "contact_id",
                "ats_id",
                "scope",
                "name",
                "role",
                "phone",
                "email",
                "personal",
                "source_id",
            ),
        ),
        TableMapping(
            "objectives",
            Objective,
            _plain("objective_id", "ats_id", "ordinal", "text", "source_id"),
        ),
        TableMapping(
            "evidence",
            Evidence,
            {
                "entity": EntityTable("table_name"),
                **_plain("record_id", "field", "source_id", "ats_id"),
                "start": Plain("start_offset"),
                "end": Plain("end_offset"),
                **_plain("quote", "derivation", "personal"),
            },
            renamed={"entity": "table_name", "start": "start_offset", "end": "end_offset"},
        ),
        TableMapping(
            "findings",
            Finding,
            {
                "code": Plain("code"),
                "severity": Code("severity", Severity),
                **_plain("entity", "entity_id", "path", "message", "ats_id", "source_id"),
            },
        ),
    )
}
"""Table name → how its model's records become rows (every table but the child tables)."""

CHILDREN: dict[str, ChildMapping] = {
    c.table: c
    for c in (
        ChildMapping(
            "service_types",
            ServiceType,
            parent="guidelines",
            parent_field="service_types",
            inherited={"guideline_id": "guideline_id", "source_id": "source_id"},
            fields=_plain("code", "label", "label_en"),
        ),
        ChildMapping(
            "network_member_categories",
            MemberCategory,
            parent="networks",
            parent_field="member_categories",
            inherited={"network_id": "network_id", "ats_id": "ats_id", "source_id": "source_id"},
            fields={"label": Plain("label"), "kind": Code("kind", OrganizationKind)},
        ),
    )
}
"""Child table name → how the nested models of a parent's records become rows."""
