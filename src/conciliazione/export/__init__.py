"""The Parquet export: a documented, versioned table contract, and reading it back.

Everything that touches pyarrow lives in this package; ``import conciliazione`` does not load
it, and neither does importing this package: the names below load their module on first use.

- :mod:`.schemas`: one explicit Arrow schema per table (the contract), ``SCHEMA_VERSION``;
- :mod:`.mapping`: which model field becomes which columns, and back;
- :mod:`.tables`: model records → Arrow tables (sorted, personal data withheld);
- :mod:`.metadata`: the schema metadata every file carries;
- :mod:`.datapackage`: the Frictionless ``datapackage.json``;
- :mod:`.publish`: the one publish path (a complete new version, swapped in by one rename);
- :mod:`.writer`: :func:`export_dataset` (a dataset and its report, no plugin host needed),
  :class:`ExportSummary`; loading, checking and exporting in one call is
  :func:`conciliazione.api.run_export`;
- :mod:`.readback`: :func:`read_export`, :class:`ExportedData` (an export read back).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "SCHEMA_VERSION": "conciliazione.export.schemas",
    "TableSpec": "conciliazione.export.schemas",
    "json_table_schema": "conciliazione.export.schemas",
    "partition_schema": "conciliazione.export.schemas",
    "table_names": "conciliazione.export.schemas",
    "table_spec": "conciliazione.export.schemas",
    "build_tables": "conciliazione.export.tables",
    "ExportSummary": "conciliazione.export.writer",
    "export_dataset": "conciliazione.export.writer",
    "ExportedData": "conciliazione.export.readback",
    "read_export": "conciliazione.export.readback",
    "CatalogConfig": "conciliazione.export.publisher",
    "load_catalog_config": "conciliazione.export.publisher",
}

__all__ = [
    "SCHEMA_VERSION",
    "CatalogConfig",
    "ExportSummary",
    "ExportedData",
    "TableSpec",
    "build_tables",
    "export_dataset",
    "json_table_schema",
    "load_catalog_config",
    "partition_schema",
    "read_export",
    "table_names",
    "table_spec",
]

if TYPE_CHECKING:
    from conciliazione.export.publisher import CatalogConfig, load_catalog_config
    from conciliazione.export.readback import ExportedData, read_export
    from conciliazione.export.schemas import (
        SCHEMA_VERSION,
        TableSpec,
        json_table_schema,
        partition_schema,
        table_names,
        table_spec,
    )
    from conciliazione.export.tables import build_tables
    from conciliazione.export.writer import ExportSummary, export_dataset


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'conciliazione.export' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
