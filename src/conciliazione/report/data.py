"""An export directory read back as plain rows, for the report.

The report reads the Parquet files directly rather than through the model: it needs only a
few columns of each table, and an export from a newer minor schema version (a new column, a
new table such as ``evidence``) must still give a report. A table that is absent is ``None``,
which the report states; a table file that is present but unreadable is an error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs

from conciliazione.errors import SourceError

Row = dict[str, Any]

TABLES = (
    "sources",
    "ats",
    "networks",
    "plans",
    "alliances",
    "projects",
    "allocations",
    "findings",
    "evidence",
)
"""The tables the report reads; ``evidence`` appears with the plug-in kit's schema version."""


@attrs.frozen
class ExportRows:
    """The rows of the tables the report reads (``None``: the export has no such table)."""

    directory: Path
    tables: dict[str, list[Row] | None]
    descriptor: dict[str, Any]
    """``datapackage.json``, parsed."""

    def rows(self, name: str) -> list[Row]:
        """The rows of a table, empty when the table is absent."""
        return self.tables.get(name) or []

    def has(self, name: str) -> bool:
        return self.tables.get(name) is not None

    @property
    def metadata(self) -> dict[str, Any]:
        """Library and schema versions, export time, plugins (``datapackage.json``)."""
        value = self.descriptor.get("conciliazione", {})
        return value if isinstance(value, dict) else {}


def read_rows(directory: str | Path) -> ExportRows:
    """Read the export in ``directory``.

    Raises :class:`~conciliazione.errors.SourceError` when it is not an export (no
    ``datapackage.json``) or a table file is unreadable.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = Path(directory)
    marker = root / "datapackage.json"
    if not marker.is_file():
        raise SourceError(str(root), "not an export: no datapackage.json (run `export` first)")
    try:
        descriptor = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(str(marker), f"unreadable: {exc}") from None
    tables: dict[str, list[Row] | None] = {}
    for name in TABLES:
        path = root / f"{name}.parquet"
        if not path.is_file():
            tables[name] = None
            continue
        try:
            tables[name] = pq.read_table(path).to_pylist()
        except (OSError, pa.ArrowException) as exc:
            raise SourceError(str(path), f"unreadable Parquet file: {exc}") from None
    return ExportRows(root, tables, descriptor if isinstance(descriptor, dict) else {})
