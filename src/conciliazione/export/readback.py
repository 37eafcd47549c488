"""Read an export back into the model: the round trip that proves the tables lose nothing.

Everything exported comes back as it was: ``Decimal`` amounts, dates with their precision and
the words of the page, quantities with their qualifier and words, tuples, enums. What was not
exported does not come back: contacts withheld as personal data, allocations rejected for their
amount. Derived columns (``listed_project_count``, ``project_title``) are ignored, and records
come back in primary-key order.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import attrs
import pyarrow as pa
import pyarrow.parquet as pq

from conciliazione.errors import SourceError
from conciliazione.export.mapping import CHILDREN, MAPPINGS, ChildMapping, Nested
from conciliazione.export.metadata import decode_metadata
from conciliazione.export.schemas import SCHEMA_VERSION, table_names
from conciliazione.findings import Finding
from conciliazione.model import Dataset


@attrs.frozen
class ExportedData:
    """An export loaded back: the dataset, the findings and the export's metadata."""

    dataset: Dataset
    findings: list[Finding]
    metadata: dict[str, Any]
    """Library and schema versions, guideline, plugins, source checksums, export time."""


def read_export(out: str | Path) -> ExportedData:
    """Load the export in directory ``out``.

    Raises :class:`~conciliazione.errors.SourceError` when a table file is missing or
    unreadable, or when the export was written under another major schema version.
    """
    root = Path(out)
    tables = {name: _read_table(root, name) for name in table_names()}
    metadata = decode_metadata(tables["sources"].schema.metadata)
    version = str(metadata.get("schema_version", ""))
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise SourceError(
            str(root), f"schema version {version or 'missing'}, this library reads {SCHEMA_VERSION}"
        )

    nested = {name: _children(child, tables[name]) for name, child in CHILDREN.items()}
    dataset = Dataset()
    findings: list[Finding] = []
    for name, mapping in MAPPINGS.items():
        records: list[Any] = []
        for row in tables[name].to_pylist():
            values: dict[str, Any] = {}
            for field, codec in mapping.fields.items():
                if isinstance(codec, Nested):
                    parent_id = row[next(iter(CHILDREN[codec.table].inherited.values()))]
                    values[field] = tuple(nested[codec.table].get(parent_id, ()))
                else:
                    values[field] = codec.decode(row)
            records.append(mapping.model(**values))
        if name == "findings":
            findings = records
        else:
            setattr(dataset, name, records)
    return ExportedData(dataset, findings, metadata)


def _read_table(root: Path, name: str) -> pa.Table:
    path = root / f"{name}.parquet"
    if not path.is_file():
        raise SourceError(str(path), "missing: not an export, or an incomplete one")
    try:
        return pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        raise SourceError(str(path), f"unreadable Parquet file: {exc}") from exc


def _children(child: ChildMapping, table: pa.Table) -> dict[Any, list[Any]]:
    """Nested models by parent id, in their original order."""
    parent_column = next(iter(child.inherited))
    rows = sorted(table.to_pylist(), key=lambda r: (r[parent_column], r[child.ordinal]))
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        values = {field: codec.decode(row) for field, codec in child.fields.items()}
        grouped[row[parent_column]].append(child.model(**values))
    return grouped
