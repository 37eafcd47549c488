"""Registers at scale: tabular registers (CSV, XLSX) checked column by column into Parquet.

ATS IT teams keep registers in spreadsheets and CSV exports: network members, organizations
with fiscal codes, service records. A :class:`RegisterLayout` describes one (the core ships
``organizations`` and ``service_records``; plugins add theirs through the
``conciliazione_register_layouts`` hook), and :func:`ingest` reads files in record batches,
checks every column with ``pyarrow.compute``, writes the valid rows to Parquet and the rejected
ones, with their reasons, to a rejects table.

>>> from conciliazione.registers import core_layouts
>>> [layout.name for layout in core_layouts()]
['organizations', 'service_records']

This package is lazy, like :mod:`conciliazione`: importing it does not import pyarrow; the
names below load their module on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Imported eagerly: it does not import pyarrow at module level.
from conciliazione.registers.ingestion import FileSummary, IngestSummary, ingest

_EXPORTS: dict[str, str] = {
    "CODELISTS": "conciliazione.registers.layout",
    "ColumnSpec": "conciliazione.registers.layout",
    "RegisterLayout": "conciliazione.registers.layout",
    "codelist": "conciliazione.registers.layout",
    "core_layouts": "conciliazione.registers.layout",
    "available_layouts": "conciliazione.registers.catalog",
    "get_layout": "conciliazione.registers.catalog",
    "RowIssue": "conciliazione.registers.findings",
    "register_finding_types": "conciliazione.registers.findings",
    "ColumnRule": "conciliazione.registers.checks",
    "compile_layout": "conciliazione.registers.checks",
    "open_register": "conciliazione.registers.files",
    "ValidatedBatch": "conciliazione.registers.batch",
    "validate_batch": "conciliazione.registers.batch",
}

__all__ = [
    "CODELISTS",
    "ColumnRule",
    "ColumnSpec",
    "FileSummary",
    "IngestSummary",
    "RegisterLayout",
    "RowIssue",
    "ValidatedBatch",
    "available_layouts",
    "codelist",
    "compile_layout",
    "core_layouts",
    "get_layout",
    "ingest",
    "open_register",
    "register_finding_types",
    "validate_batch",
]

if TYPE_CHECKING:
    from conciliazione.registers.batch import ValidatedBatch, validate_batch
    from conciliazione.registers.catalog import available_layouts, get_layout
    from conciliazione.registers.checks import ColumnRule, compile_layout
    from conciliazione.registers.files import open_register
    from conciliazione.registers.findings import RowIssue, register_finding_types
    from conciliazione.registers.layout import (
        CODELISTS,
        ColumnSpec,
        RegisterLayout,
        codelist,
        core_layouts,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'conciliazione.registers' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
