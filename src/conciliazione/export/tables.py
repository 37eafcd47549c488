"""Model records → Arrow tables, one per table of the contract, column by column.

Rows are sorted by primary key (findings in the report's order), so that the same dataset always
gives the same tables. Two kinds of record are left out, and counted, never dropped silently:

- contacts flagged ``personal`` (named officials, personal phones and e-mails), unless the
  caller asks for personal data — and with them their evidence rows and every evidence row
  whose words quote personal data; nothing else is withheld;
- allocations whose amount ``decimal128(18, 2)`` cannot hold exactly (more than two decimals,
  not a finite number, or 10^16 euro or more): the rule ``allocation-amount-precision`` reports
  those with more than two decimals as errors, and the export must not round them silently.
  An amount with trailing zeros beyond the cent (``48834.000``) loses nothing and is exported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs
import pyarrow as pa

from conciliazione.export.mapping import CHILDREN, MAPPINGS, ChildMapping, TableMapping
from conciliazione.export.schemas import table_names, table_spec
from conciliazione.findings import Finding, Report
from conciliazione.model import Allocation, Dataset, Evidence, Plan
from conciliazione.model.dataset import ENTITY_FIELDS
from conciliazione.money import MONEY_LIMIT_EUR

_CENT = Decimal("0.01")


@attrs.frozen
class BuiltTables:
    """The tables of one export, and what was kept out of them."""

    tables: dict[str, pa.Table]
    withheld_personal: int
    """Contacts flagged personal that were left out."""
    withheld_evidence: int
    """Evidence rows left out with them: those of the withheld contacts, and those quoting
    personal data (the rows an export with personal data has and this one has not)."""
    rejected: int
    """Allocations left out because their amount does not fit ``decimal128(18, 2)`` exactly."""


def amount_fits(amount: Decimal) -> bool:
    """True when ``decimal128(18, 2)`` holds the amount without losing a digit."""
    if not amount.is_finite() or abs(amount) >= MONEY_LIMIT_EUR:
        return False
    return amount == amount.quantize(_CENT)


def build_tables(
    dataset: Dataset,
    findings: Report | Iterable[Finding] = (),
    *,
    include_personal_data: bool = False,
) -> BuiltTables:
    """Every table of the contract, built from a dataset and the findings about it."""
    records: dict[str, list[Any]] = {
        name: _sorted(name, getattr(dataset, name))
        for name in MAPPINGS
        if name in ENTITY_FIELDS.values()
    }
    contacts = records["contacts"]
    records["contacts"] = [c for c in contacts if include_personal_data or not c.personal]
    withheld = {
        (c.entity, c.record_id) for c in contacts if c.personal and not include_personal_data
    }
    allocations = records["allocations"]
    records["allocations"] = [a for a in allocations if amount_fits(a.amount_eur)]
    records["evidence"], withheld_evidence = _exported_evidence(
        dataset, records, withheld, include_personal_data
    )
    report = findings if isinstance(findings, Report) else Report(list(findings))
    records["findings"] = report.sorted()

    tables: dict[str, pa.Table] = {}
    for name in table_names():
        if name in CHILDREN:
            child = CHILDREN[name]
            tables[name] = _child_table(child, records[child.parent])
        else:
            tables[name] = _table(MAPPINGS[name], records[name], dataset)
    return BuiltTables(
        tables,
        withheld_personal=len(contacts) - len(records["contacts"]),
        withheld_evidence=withheld_evidence,
        rejected=len(allocations) - len(records["allocations"]),
    )


def _exported_evidence(
    dataset: Dataset,
    records: dict[str, list[Any]],
    withheld: set[tuple[str, str]],
    include_personal_data: bool,
) -> tuple[list[Evidence], int]:
    """The evidence of the exported rows, and how many rows were withheld as personal data.

    None for a row left out (a withheld contact, a rejected allocation), and none quoting
    personal words unless personal data is asked for. Only what personal data keeps out is
    counted (``withheld``: the contacts left out as personal): a rejected allocation's evidence
    is left out with or without it.
    """
    exported = {
        (entity, r.record_id)
        for entity, table in ENTITY_FIELDS.items()
        for r in records.get(table, ())
    }
    kept: list[Evidence] = []
    withheld_rows = 0
    for e in dataset.evidence:
        key = (e.entity, e.record_id)
        if key in exported and (include_personal_data or not e.personal):
            kept.append(e)
        elif key in exported or key in withheld:
            withheld_rows += 1
    return sorted(
        kept,
        key=lambda e: (
            ENTITY_FIELDS[e.entity],
            e.record_id,
            e.field,
            e.start or -1,
            e.derivation or "",
        ),
    ), withheld_rows


def _sorted(name: str, records: Sequence[Any]) -> list[Any]:
    key = table_spec(name).primary_key
    return sorted(records, key=lambda r: tuple(getattr(r, k) for k in key))


def _table(mapping: TableMapping, records: Sequence[Any], dataset: Dataset) -> pa.Table:
    columns: dict[str, list[Any]] = {column: [] for column in mapping.columns}
    for record in records:
        for name, codec in mapping.fields.items():
            values = codec.encode(getattr(record, name))
            for column, value in zip(codec.columns, values, strict=True):
                columns[column].append(value)
    columns.update(_derived(mapping.table, records, dataset))
    return _assemble(mapping.table, columns)


def _child_table(child: ChildMapping, parents: Sequence[Any]) -> pa.Table:
    columns: dict[str, list[Any]] = {column: [] for column in child.columns}
    for parent in parents:
        for ordinal, item in enumerate(getattr(parent, child.parent_field)):
            for column, parent_field in child.inherited.items():
                columns[column].append(getattr(parent, parent_field))
            columns[child.ordinal].append(ordinal)
            for name, codec in child.fields.items():
                values = codec.encode(getattr(item, name))
                for column, value in zip(codec.columns, values, strict=True):
                    columns[column].append(value)
    return _assemble(child.table, columns)


def _derived(table: str, records: Sequence[Any], dataset: Dataset) -> dict[str, list[Any]]:
    """The columns computed for the reader's convenience (see ``TableMapping.derived``)."""
    if table == "plans":
        plans: Sequence[Plan] = records
        return {"listed_project_count": [p.listed_project_count for p in plans]}
    if table == "alliances":
        titles: dict[str, str] = {}
        for project in sorted(dataset.projects, key=lambda p: p.project_id):
            if project.alliance_id is not None:
                titles.setdefault(project.alliance_id, project.title)
        return {"project_title": [titles.get(a.alliance_id) for a in records]}
    return {}


def _assemble(name: str, columns: dict[str, list[Any]]) -> pa.Table:
    schema = table_spec(name).schema
    return pa.table({field.name: columns[field.name] for field in schema}, schema=schema)


def rejected_allocations(dataset: Dataset) -> list[Allocation]:
    """The allocations the export leaves out because their amount does not fit."""
    return [a for a in dataset.allocations if not amount_fits(a.amount_eur)]
